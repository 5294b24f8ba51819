import type { Evidence } from '../../model/types.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { basename, component, diag, dirname, finish, isLiteralSecret, joinRepoPath, secretDiagnostic } from './common.js';
import { isYamlPath, YAML_FILES } from '../path-name.js';
import { byExtension } from '../select.js';
import { asArray, asBool, asObj, asString, isObj, lineOf } from './values.js';
import type { Obj } from './values.js';
import { parseYamlDocs } from './yaml-docs.js';

export function isComposePath(path: string): boolean {
  return isYamlPath(path) && isComposeName(basename(path));
}

/** The file name of a compose file (`compose.yaml`, `docker-compose.prod.yml`). */
export function isComposeName(name: string): boolean {
  return /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(name);
}

export interface ComposeServiceFacts {
  componentId: string;
  name: string;
  image?: string;
  /** Repo-relative build context and Dockerfile path, when the service builds an image here. */
  build?: { context: string; dockerfile: string; line: number };
  /** Repo-relative sources of bind mounts inside the repository (code mounted into the container). */
  repoMounts: { source: string; line: number }[];
}

const SOCKETS = /(^|\/)(docker|containerd|podman|crio)\.sock$/;

export const composeDetector: Detector = {
  id: 'infra-compose',
  version: 4,
  wants: byExtension(YAML_FILES, (path) => isComposeName(basename(path))),
  needles: ['services'],
  detect(file: FileInput): Findings {
    return finish(analyseCompose(file));
  },
};

function analyseCompose(file: FileInput): Findings {
  const f = emptyFindings();
  const path = file.path;
  const dir = dirname(path);
  const { docs, problems } = parseYamlDocs(file.text);
  for (const p of problems) f.diagnostics.push(diag(path, p.line, p.code, p.message));
  const services = asObj(asObj(docs[0]?.value)?.services);
  if (!services) return f;
  const facts: ComposeServiceFacts[] = [];
  for (const name of Object.keys(services).sort()) {
    const svc = asObj(services[name]);
    if (!svc) continue;
    const at = (key: string) => lineOf(svc, key, lineOf(services, name));
    const evidence: Evidence[] = [{ path, line: lineOf(services, name), note: `service ${name}` }];
    const privileged = asBool(svc.privileged);
    if (privileged) evidence.push({ path, line: at('privileged'), note: 'privileged' });
    const netMode = asString(svc.network_mode);
    const hostNetwork = netMode === undefined ? false : netMode === 'host' ? true : netMode.includes('${') ? undefined : false;
    if (hostNetwork) evidence.push({ path, line: at('network_mode'), note: 'network_mode: host' });
    const pid = asString(svc.pid);
    if (pid === 'host') evidence.push({ path, line: at('pid'), note: 'pid: host' });

    const hostPaths: string[] = [];
    // A host folder the container can write to (a read-only one only lets it read the host).
    let hostPathWritable = false;
    const repoMounts: ComposeServiceFacts['repoMounts'] = [];
    let dockerSocket = false;
    const volumes = asArray(svc.volumes);
    volumes.forEach((v, i) => {
      const l = lineOf(svc.volumes, i, at('volumes'));
      let source: string | undefined;
      let readOnly = false;
      if (typeof v === 'string') {
        // Short syntax SRC:DST[:MODE]; a bare DST or a named volume is not a host path.
        const parts = v.split(':');
        if (parts.length >= 2) source = parts[0];
        readOnly = parts.length >= 3 && parts[2]!.split(',').includes('ro');
      } else if (isObj(v) && (v.type === 'bind' || v.type === undefined)) {
        source = asString(v.source);
        readOnly = v.read_only === true;
      }
      if (!source || source.includes('${')) return;
      if (source.startsWith('/') || source.startsWith('~')) {
        hostPaths.push(source);
        if (!readOnly && !SOCKETS.test(source)) hostPathWritable = true;
        if (SOCKETS.test(source)) {
          dockerSocket = true;
          evidence.push({ path, line: l, note: 'docker socket mount' });
        } else evidence.push({ path, line: l, note: `host path ${source}` });
      } else if (source.startsWith('.')) {
        const p = joinRepoPath(dir, source);
        if (p !== null) repoMounts.push({ source: p, line: l });
      }
    });

    // Compose 2.35's `use_api_socket: true` bind-mounts the engine's socket (and the user's registry credentials)
    // into the container: the Docker API, as the `/var/run/docker.sock` mount above gives it.
    if (asBool(svc.use_api_socket) === true) {
      dockerSocket = true;
      evidence.push({ path, line: at('use_api_socket'), note: 'use_api_socket: docker API' });
    }

    const publishedPorts: string[] = [];
    let publishedAllInterfaces = false;
    asArray(svc.ports).forEach((p, i) => {
      const l = lineOf(svc.ports, i, at('ports'));
      if (typeof p === 'string' || typeof p === 'number') {
        const s = String(p);
        // HOST_IP:HOST:CONTAINER, HOST:CONTAINER or CONTAINER (ephemeral host port, still published).
        const parts = s.split(':');
        publishedPorts.push(s);
        if (parts.length < 3 || !/^(127\.|localhost|\[?::1\]?)/.test(parts[0])) publishedAllInterfaces = true;
      } else if (isObj(p)) {
        const hostIp = asString(p.host_ip);
        publishedPorts.push([hostIp, asString(p.published), asString(p.target)].filter(Boolean).join(':'));
        if (!hostIp || !/^(127\.|localhost|::1)/.test(hostIp)) publishedAllInterfaces = true;
      }
      evidence.push({ path, line: l, note: 'published port' });
    });

    let secretsInEnv = false;
    const env = svc.environment;
    const checkEnv = (k: string, v: unknown, l: number) => {
      if (isLiteralSecret(k, v == null ? null : String(v))) {
        secretsInEnv = true;
        f.diagnostics.push(secretDiagnostic(path, l, 'environment', k));
        evidence.push({ path, line: l, note: `${k}=<redacted>` });
      }
    };
    if (Array.isArray(env))
      env.forEach((e, i) => {
        if (typeof e !== 'string') return;
        const eq = e.indexOf('=');
        if (eq > 0) checkEnv(e.slice(0, eq), e.slice(eq + 1), lineOf(env, i));
      });
    else if (isObj(env)) for (const k of Object.keys(env)) checkEnv(k, env[k], lineOf(env, k));

    const capAdd = asArray(svc.cap_add).map(asString).filter((s): s is string => !!s);
    if (capAdd.length) evidence.push({ path, line: at('cap_add'), note: 'cap_add' });
    const securityOpt = asArray(svc.security_opt).map(asString).filter((s): s is string => !!s);
    const unconfined = securityOpt.some((s) => /unconfined/.test(s));
    if (unconfined) evidence.push({ path, line: at('security_opt'), note: 'security_opt unconfined' });

    const image = asString(svc.image);
    let build: ComposeServiceFacts['build'];
    const b = svc.build;
    const bl = at('build');
    if (typeof b === 'string' || isObj(b)) {
      const ctxRaw = typeof b === 'string' ? b : (asString((b as Obj).context) ?? '.');
      const dfRaw = typeof b === 'string' ? 'Dockerfile' : (asString((b as Obj).dockerfile) ?? 'Dockerfile');
      const ctx = ctxRaw.includes('${') || /^[a-z]+:\/\//i.test(ctxRaw) ? null : joinRepoPath(dir, ctxRaw);
      const dfPath = ctx === null || dfRaw.includes('${') ? null : joinRepoPath(ctx, dfRaw);
      if (ctx !== null && dfPath !== null) build = { context: ctx, dockerfile: dfPath, line: bl };
      evidence.push({ path, line: bl, note: `build ${ctxRaw}` });
    }
    if (image) evidence.push({ path, line: at('image'), note: `image ${image}` });

    const c = component(
      'compose-service',
      path,
      name,
      {
        privileged: privileged ?? (svc.privileged === undefined ? false : undefined),
        hostNetwork,
        hostPID: pid === undefined ? false : pid === 'host',
        dockerSocket,
        hostPath: hostPathWritable,
        hostPaths,
        publishedPorts,
        publishedAllInterfaces: publishedPorts.length ? publishedAllInterfaces : false,
        secretsInEnv,
        capAdd,
        unconfined,
        image,
        runsAsRoot: svc.user === undefined ? undefined : /^(root|0)(:|$)/.test(String(svc.user)),
      },
      evidence,
    );
    // An override or overlay file (`compose.override.yaml`, `compose.openai.yaml` given with a second -f) only adds
    // to the base file's service: it is a component only when it sets something risky or says what runs.
    const override = !/^(?:docker-)?compose\.ya?ml$/i.test(basename(path));
    const a = c.attributes ?? {};
    if (override && !Object.values(a).some((v) => v === true) && !svc.build && !svc.image && publishedPorts.length === 0) continue;
    f.components.push(c);
    const sf: ComposeServiceFacts = { componentId: c.id, name, repoMounts };
    if (image) sf.image = image;
    if (build) sf.build = build;
    facts.push(sf);
  }
  f.facts.composeServices = facts;
  return f;
}
