import type { Component, Evidence } from '../../model/types.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { basename, component, diag, dirname, finish } from './common.js';
import type { Attrs } from './common.js';
import { inDir, YAML_FILES } from '../path-name.js';
import { byExtension } from '../select.js';
import { isComposeName } from './compose.js';
import { HELM_KEY, hasPlaceholder, neutraliseHelm, valuesRefs } from './helm-template.js';
import { analysePodSpec, isTemplated } from './k8s-pod.js';
import { asArray, asObj, asString, isObj, lineOf } from './values.js';
import type { Obj } from './values.js';
import { parseYamlDocs } from './yaml-docs.js';
import type { YamlDoc } from './yaml-docs.js';

/** Pod spec location per workload kind. */
const WORKLOAD_SPEC: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
};

/** Labels, or the template include that produces them (two identical includes select each other). */
export interface LabelSet {
  labels: Record<string, string>;
  template?: string;
}

export interface K8sWorkloadFacts {
  componentId: string;
  namespace?: string;
  podLabels: LabelSet;
  images: { image: string; line: number; valuesRefs?: string[] }[];
  /** The Helm chart directory when the manifest is a chart template. */
  chartDir?: string;
  /** For chart templates: the pod spec with its template markers, re-read once the chart's values are known. */
  helm?: { podSpec: unknown; actions: string[] };
}
export interface K8sServiceFacts {
  name: string;
  namespace?: string;
  selector: LabelSet;
  line: number;
  /** Set for LoadBalancer/NodePort services, which are components of their own. */
  componentId?: string;
  /** `service.type` style values path when a chart template sets the type. */
  typeRef?: string;
  chartDir?: string;
}
export interface K8sIngressFacts {
  componentId: string;
  namespace?: string;
  backends: { service: string; line: number }[];
}
export interface K8sPolicyFacts {
  namespace?: string;
  podSelector: LabelSet;
  line: number;
  path: string;
}
export interface K8sFacts {
  workloads: K8sWorkloadFacts[];
  services: K8sServiceFacts[];
  ingresses: K8sIngressFacts[];
  networkPolicies: K8sPolicyFacts[];
}

/** `charts/x/templates/rbac/role.yaml` -> `charts/x`. */
function chartDirOf(path: string): string {
  const i = path.lastIndexOf('templates/');
  return i <= 0 ? '' : path.slice(0, i - 1);
}

export function isHelmTemplatePath(path: string): boolean {
  return /(^|\/)templates\/([^/]+\/)*[^/]+\.(ya?ml|tpl)$/i.test(path);
}

const RISKY_LINE = /^\s*(?:-\s+)?(privileged|hostNetwork|hostPID|hostIPC|allowPrivilegeEscalation)\s*:\s*["']?true["']?\s*(?:#.*)?$/;

const GENERIC_TEMPLATE = /^(deployment|service|ingress|statefulset|daemonset|job|cronjob|pod|workload|svc|deploy|hpa|networkpolicy)s?$/i;

const inWorkflows = inDir('.github/workflows');
const inGitlabCi = inDir('.gitlab-ci');
const inCircleCi = inDir('.circleci');

/** Of the YAML files, Kubernetes manifests can be any but CI configs, compose files and Helm's `Chart.yaml` / `values*.yaml`. */
function mayBeManifest(path: string): boolean {
  if (inWorkflows(path) || inGitlabCi(path) || inCircleCi(path)) return false;
  const name = basename(path);
  return !isComposeName(name) && !/^(Chart|values[^/]*)\.ya?ml$/i.test(name);
}

export const k8sDetector: Detector = {
  id: 'infra-k8s',
  version: 1,
  wants: byExtension(YAML_FILES, mayBeManifest),
  needles: ['apiVersion'],
  detect(file: FileInput): Findings {
    return finish(analyseK8s(file));
  },
};

function analyseK8s(file: FileInput): Findings {
  const f = emptyFindings();
  const path = file.path;
  const helm = isHelmTemplatePath(path) && file.text.includes('{{');
  const { text, actions } = helm ? neutraliseHelm(file.text) : { text: file.text, actions: [] as string[] };
  const { docs, problems } = parseYamlDocs(text);
  const partial = problems.some((p) => p.code === 'parse-error');
  for (const p of problems) f.diagnostics.push(diag(path, p.line, p.code, helm ? `${p.message} (Helm template read as text)` : p.message));
  const chartDir = helm ? chartDirOf(path) : undefined;
  const facts: K8sFacts = { workloads: [], services: [], ingresses: [], networkPolicies: [] };
  const objects: { o: Obj; doc: YamlDoc }[] = [];
  for (const d of docs) {
    const o = asObj(d.value);
    if (!o) continue;
    // `kind: List` (and FooList) wraps items.
    if (typeof o.kind === 'string' && /List$/.test(o.kind) && Array.isArray(o.items)) objects.push(...(o.items.filter(isObj) as Obj[]).map((x) => ({ o: x, doc: d })));
    else objects.push({ o, doc: d });
  }
  const usedIds = new Set<string>();
  // Only a broken document needs its lines (see workload).
  let split: string[] | undefined;
  const lines = () => (split ??= text.split('\n'));
  for (const { o, doc } of objects) {
    const common: Common = { path, helm, partial: partial && doc.hasErrors, chartDir, actions, usedIds, doc, lines };
    const kind = asString(o.kind);
    if (!kind || typeof o.apiVersion !== 'string') continue;
    if (WORKLOAD_SPEC[kind]) workload(f, facts, o, kind, common);
    else if (kind === 'Service') service(f, facts, o, common);
    else if (kind === 'Ingress') ingress(f, facts, o, common);
    else if (kind === 'NetworkPolicy') {
      const spec = asObj(o.spec);
      facts.networkPolicies.push({
        namespace: ns(o),
        podSelector: labelSet(asObj(spec?.podSelector)?.matchLabels ?? (isObj(spec?.podSelector) ? {} : undefined)),
        line: lineOf(o, 'kind'),
        path,
      });
    }
  }
  if (facts.workloads.length || facts.services.length || facts.ingresses.length || facts.networkPolicies.length) f.facts.k8s = facts;
  return f;
}

interface Common {
  doc: YamlDoc;
  lines: () => string[];
  path: string;
  helm: boolean;
  partial: boolean;
  chartDir?: string;
  actions: string[];
  usedIds: Set<string>;
}

function ns(o: Obj): string | undefined {
  const n = asString(asObj(o.metadata)?.namespace);
  return n && !hasPlaceholder(n) ? n : undefined;
}

function nameOf(o: Obj, c: Common): string {
  const n = asString(asObj(o.metadata)?.name);
  if (n && !hasPlaceholder(n)) return n;
  // A templated name: the template file usually names the component (`templates/adservice.yaml`), unless the file
  // is only named after its kind (`templates/deployment.yaml`), where the chart's name is the better one.
  const file = basename(c.path).replace(/\.ya?ml$/i, '');
  const kind = String(o.kind ?? '').toLowerCase();
  if (c.chartDir !== undefined && (file.toLowerCase() === kind || GENERIC_TEMPLATE.test(file))) return basename(c.chartDir) || file;
  return file;
}

function uniqueName(c: Common, kind: string, name: string): string {
  let n = `${kind.toLowerCase()}/${name}`;
  for (let i = 2; c.usedIds.has(n); i++) n = `${kind.toLowerCase()}/${name}-${i}`;
  c.usedIds.add(n);
  return n;
}

export function labelSet(v: unknown): LabelSet {
  if (isObj(v) && HELM_KEY in v) {
    const labels: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) if (k !== HELM_KEY && typeof x === 'string') labels[k] = x;
    return { labels, template: String(v[HELM_KEY]).replace(/\s*\|\s*n?indent\s+\d+\s*$/, '') };
  }
  const labels: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') labels[k] = String(x);
  return { labels };
}

function extras(c: Common): { templated?: boolean; partial?: boolean } {
  return { templated: c.helm ? true : undefined, partial: c.partial ? true : undefined };
}

function workload(f: Findings, facts: K8sFacts, o: Obj, kind: string, c: Common): void {
  let spec: unknown = o;
  for (const k of WORKLOAD_SPEC[kind]) spec = asObj(spec)?.[k];
  const name = uniqueName(c, kind, nameOf(o, c));
  const evidence: Evidence[] = [{ path: c.path, line: lineOf(o, 'kind'), note: `${kind} ${name.split('/')[1]}` }];
  const pod = isObj(spec) ? analysePodSpec(spec, c.path) : undefined;
  evidence.push(...(pod?.evidence ?? []));
  // A kustomize/strategic-merge patch names containers without images: only what it sets is a fact.
  const containers = asArray(asObj(spec)?.containers);
  const isPatch = !c.helm && (!isObj(spec) || containers.length === 0 || containers.some((x) => isObj(x) && x.image === undefined));
  if (pod && isPatch) {
    for (const [k, v] of Object.entries(pod.attrs)) if (v !== true && !(Array.isArray(v) && v.length > 0)) delete pod.attrs[k];
  }
  const attrs: Attrs = { ...(pod?.attrs ?? {}) };
  // What the parser could not recover from a broken document, a line scan of its `key: true` lines still tells.
  if (c.doc.hasErrors) {
    const lines = c.lines();
    for (let i = c.doc.line - 1; i < Math.min(c.doc.endLine, lines.length); i++) {
      const m = RISKY_LINE.exec(lines[i]);
      if (m && attrs[m[1]] !== true) {
        attrs[m[1]] = true;
        evidence.push({ path: c.path, line: i + 1, note: `${m[1]}: true (line scan)` });
      }
    }
  }
  const comp: Component = component(
    'k8s-workload',
    c.path,
    name,
    {
      ...attrs,
      ...extras(c),
      ...(pod?.attrs.partial || isPatch ? { partial: true } : {}),
      workloadKind: kind,
      namespace: ns(o),
      images: pod?.images.map((i) => i.image).filter((i) => !hasPlaceholder(i) && !/\s/.test(i)),
    },
    evidence,
  );
  f.components.push(comp);
  let tmpl: unknown = o;
  const path = WORKLOAD_SPEC[kind].slice(0, -1);
  for (const k of path) tmpl = asObj(tmpl)?.[k];
  const podLabels = kind === 'Pod' ? asObj(o.metadata)?.labels : asObj(asObj(tmpl)?.metadata)?.labels;
  const wf: K8sWorkloadFacts = {
    componentId: comp.id,
    namespace: ns(o),
    podLabels: labelSet(podLabels),
    images: (pod?.images ?? []).map((i) => {
      const refs = hasPlaceholder(i.image) ? valuesRefs(i.image, c.actions) : [];
      return refs.length ? { ...i, valuesRefs: refs } : i;
    }),
  };
  if (c.chartDir !== undefined) {
    wf.chartDir = c.chartDir;
    if (isObj(spec)) wf.helm = { podSpec: spec, actions: c.actions };
  }
  facts.workloads.push(wf);
}

const INTERNAL_LB = /internal|private/i;

function service(f: Findings, facts: K8sFacts, o: Obj, c: Common): void {
  const spec = asObj(o.spec) ?? {};
  const type = asString(spec.type) ?? 'ClusterIP';
  const n = nameOf(o, c);
  const sf: K8sServiceFacts = { name: n, namespace: ns(o), selector: labelSet(spec.selector), line: lineOf(spec, 'selector', lineOf(o, 'kind')) };
  const typeRef = hasPlaceholder(type) ? valuesRefs(type, c.actions)[0] : undefined;
  if (typeRef && c.chartDir !== undefined) {
    sf.typeRef = typeRef;
    sf.chartDir = c.chartDir;
  }
  if (type === 'LoadBalancer' || type === 'NodePort' || sf.typeRef) {
    const ann = asObj(asObj(o.metadata)?.annotations) ?? {};
    const internal = Object.entries(ann).some(
      ([k, v]) => /load-balancer-(internal|type|scheme)|lb-internal/i.test(k) && (INTERNAL_LB.test(String(v)) || String(v) === 'true'),
    );
    const ranges = asArray(spec.loadBalancerSourceRanges).map(String);
    const restricted = ranges.length > 0 && !ranges.some((r) => r === '0.0.0.0/0' || r === '::/0');
    const evidence: Evidence[] = [{ path: c.path, line: lineOf(o, 'kind'), note: `Service ${n}` }];
    if (spec.type !== undefined) evidence.push({ path: c.path, line: lineOf(spec, 'type'), note: `type: ${typeRef ? `{{ .Values.${typeRef} }}` : type}` });
    const comp = component(
      'k8s-exposure',
      c.path,
      uniqueName(c, 'Service', n),
      {
        exposureKind: 'Service',
        serviceType: sf.typeRef ? undefined : type,
        serviceTypeRef: sf.typeRef,
        public: type === 'LoadBalancer' ? !internal && !restricted : undefined,
        namespace: ns(o),
        ...extras(c),
      },
      evidence,
    );
    f.components.push(comp);
    sf.componentId = comp.id;
  }
  facts.services.push(sf);
}

const AUTH_ANNOTATION = /(auth-url|auth-type|auth-signin|auth-secret|auth-tls-secret|oauth|\/auth-)/i;

function ingress(f: Findings, facts: K8sFacts, o: Obj, c: Common): void {
  const spec = asObj(o.spec) ?? {};
  const n = nameOf(o, c);
  const ann = asObj(asObj(o.metadata)?.annotations) ?? {};
  const className = asString(spec.ingressClassName) ?? asString(ann['kubernetes.io/ingress.class']) ?? '';
  const internal =
    INTERNAL_LB.test(className) ||
    Object.entries(ann).some(([k, v]) => /scheme|load-balancer-type|internal/i.test(k) && INTERNAL_LB.test(String(v)));
  const backends: K8sIngressFacts['backends'] = [];
  const addBackend = (b: unknown) => {
    const bo = asObj(b);
    const svc = asString(asObj(bo?.service)?.name) ?? asString(bo?.serviceName);
    if (svc && !hasPlaceholder(svc)) backends.push({ service: svc, line: lineOf(asObj(bo?.service) ?? bo, 'name', lineOf(bo, 'serviceName')) });
  };
  addBackend(spec.defaultBackend ?? spec.backend);
  for (const rule of asArray(spec.rules)) for (const p of asArray(asObj(asObj(rule)?.http)?.paths)) addBackend(asObj(p)?.backend);
  const hosts = asArray(spec.rules)
    .map((r) => asString(asObj(r)?.host))
    .filter((h): h is string => !!h && !hasPlaceholder(h));
  const tls = isTemplated(spec.tls) ? undefined : asArray(spec.tls).length > 0;
  const comp = component(
    'k8s-exposure',
    c.path,
    uniqueName(c, 'Ingress', n),
    {
      exposureKind: 'Ingress',
      public: !internal,
      tls,
      hosts,
      authenticated: Object.keys(ann).some((k) => AUTH_ANNOTATION.test(k)) || undefined,
      namespace: ns(o),
      ...extras(c),
    },
    [{ path: c.path, line: lineOf(o, 'kind'), note: `Ingress ${n}` }],
  );
  f.components.push(comp);
  facts.ingresses.push({ componentId: comp.id, namespace: ns(o), backends });
}
