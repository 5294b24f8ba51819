import type { Evidence } from '../../model/types.js';
import type { Attrs } from './common.js';
import { HELM_KEY, hasPlaceholder } from './helm-template.js';
import { asArray, asObj, asString, isObj, isUnknown, lineOf } from './values.js';
import type { Obj } from './values.js';

const SOCKETS = /(^|\/)(docker|containerd|podman|crio|cri-dockerd)\.sock$/;

/** A value the template or a variable decides: neither true nor false. */
function unknownValue(v: unknown): boolean {
  return isUnknown(v) || (typeof v === 'string' && hasPlaceholder(v));
}

/** An object whose content comes from a template include (`__helm__`), so absent keys are unknown, not defaults. */
export function isTemplated(v: unknown): boolean {
  return isUnknown(v) || (isObj(v) && HELM_KEY in v) || (typeof v === 'string' && hasPlaceholder(v));
}

type Tri = boolean | undefined;

function tri(v: unknown): Tri | 'absent' {
  if (v === undefined || v === null) return 'absent';
  if (typeof v === 'boolean') return v;
  if (unknownValue(v)) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Reads `key` of a securityContext-like object: the literal, 'absent', or undefined (unknown). */
function field(ctx: unknown, key: string): Tri | 'absent' {
  if (ctx === undefined || ctx === null) return 'absent';
  if (!isObj(ctx)) return undefined;
  const v = ctx[key];
  if (v === undefined && HELM_KEY in ctx) return undefined;
  return tri(v);
}

/** all(): true only when every item is true; undefined when one is unknown and none is false. */
function all(values: Tri[]): Tri {
  if (values.some((v) => v === false)) return false;
  if (values.some((v) => v === undefined)) return undefined;
  return true;
}

function any(values: Tri[]): Tri {
  if (values.some((v) => v === true)) return true;
  if (values.some((v) => v === undefined)) return undefined;
  return false;
}

export interface PodAnalysis {
  attrs: Attrs;
  evidence: Evidence[];
  images: { image: string; line: number }[];
}

/**
 * Security-relevant facts of a pod spec (Kubernetes field names). Kubernetes defaults apply to absent fields
 * (token automounted, privilege escalation allowed, root filesystem writable); templated fields stay unknown.
 */
export function analysePodSpec(spec: Obj, path: string): PodAnalysis {
  const evidence: Evidence[] = [];
  const podCtx = spec.securityContext;
  const containers = [...asArray(spec.containers), ...asArray(spec.initContainers)].filter(isObj) as Obj[];
  const templatedContainers = isTemplated(spec.containers);
  const ev = (obj: unknown, key: string | number, note: string) => evidence.push({ path, line: lineOf(obj, key), note });

  const privileged: Tri[] = [];
  const escalation: Tri[] = [];
  const nonRoot: Tri[] = [];
  const readOnly: Tri[] = [];
  const limits: Tri[] = [];
  const added: string[] = [];
  const images: PodAnalysis['images'] = [];
  for (const c of containers) {
    const ctx = c.securityContext;
    const p = field(ctx, 'privileged');
    privileged.push(p === 'absent' ? false : p);
    if (p === true) ev(ctx, 'privileged', 'privileged: true');
    const ape = field(ctx, 'allowPrivilegeEscalation');
    escalation.push(ape === 'absent' ? (p === undefined ? undefined : true) : p === true ? true : ape);
    if (ape === true) ev(ctx, 'allowPrivilegeEscalation', 'allowPrivilegeEscalation: true');
    // runAsNonRoot or a non-zero runAsUser, container level first, then pod level.
    const own = effectiveNonRoot(ctx);
    const nr = own === 'absent' ? effectiveNonRoot(podCtx) : own;
    nonRoot.push(nr === 'absent' ? false : nr);
    const ro = field(ctx, 'readOnlyRootFilesystem');
    readOnly.push(ro === 'absent' ? false : ro);
    const res = c.resources;
    const lim = isObj(res) ? res.limits : undefined;
    limits.push(isTemplated(res) ? undefined : isTemplated(lim) ? undefined : isObj(lim) && Object.keys(lim).length > 0);
    const caps = asArray(asObj(asObj(ctx)?.capabilities)?.add);
    for (const cap of caps) {
      const s = asString(cap);
      if (s && !hasPlaceholder(s)) added.push(s.toUpperCase().replace(/^CAP_/, ''));
    }
    if (caps.length) ev(asObj(ctx)?.capabilities, 'add', 'capabilities.add');
    const img = asString(c.image);
    if (img) images.push({ image: img, line: lineOf(c, 'image') });
  }
  if (templatedContainers) {
    for (const list of [privileged, escalation, nonRoot, readOnly, limits]) list.push(undefined);
  }

  const hostPaths: string[] = [];
  let dockerSocket = false;
  const volumes = asArray(spec.volumes);
  volumes.forEach((v, i) => {
    const hp = asObj(asObj(v)?.hostPath);
    if (!hp) return;
    const p = asString(hp.path) ?? '';
    hostPaths.push(p);
    const l = lineOf(hp, 'path', lineOf(volumes, i));
    if (SOCKETS.test(p)) {
      dockerSocket = true;
      evidence.push({ path, line: l, note: 'docker socket hostPath' });
    } else evidence.push({ path, line: l, note: `hostPath ${p}` });
  });

  const flag = (key: string, dflt: boolean): Tri => {
    const t = tri(spec[key]);
    if (t === 'absent') return HELM_KEY in spec ? undefined : dflt;
    if (t !== dflt) ev(spec, key, `${key}: ${String(t ?? 'templated')}`);
    return t;
  };
  const hostNetwork = flag('hostNetwork', false);
  const hostPID = flag('hostPID', false);
  const hostIPC = flag('hostIPC', false);
  const automountToken = flag('automountServiceAccountToken', true);

  const attrs: Attrs = {
    privileged: any(privileged),
    allowPrivilegeEscalation: any(escalation),
    runAsNonRoot: containers.length || templatedContainers ? all(nonRoot) : undefined,
    readOnlyRootFilesystem: containers.length || templatedContainers ? all(readOnly) : undefined,
    resourceLimits: containers.length || templatedContainers ? all(limits) : undefined,
    addedCapabilities: added,
    hostPath: volumes.length && isTemplated(spec.volumes) ? undefined : hostPaths.length > 0,
    hostPaths,
    dockerSocket,
    hostNetwork,
    hostPID,
    hostIPC,
    automountToken,
    serviceAccount: asString(spec.serviceAccountName) && !hasPlaceholder(asString(spec.serviceAccountName)!) ? asString(spec.serviceAccountName) : undefined,
  };
  if (isTemplated(podCtx) || containers.some((c) => isTemplated(c.securityContext))) attrs.partial = true;
  return { attrs, evidence, images };
}

function effectiveNonRoot(ctx: unknown): Tri | 'absent' {
  const nr = field(ctx, 'runAsNonRoot');
  const uid = isObj(ctx) ? ctx.runAsUser : undefined;
  if (nr === true) return true;
  if (typeof uid === 'number') return uid !== 0;
  if (unknownValue(uid)) return nr === false ? false : undefined;
  return nr;
}
