import type { AttrValue, Component, Evidence } from './types.js';
import type { HelmValuesFacts } from '../detect/infra/helm.js';
import { HELM_KEY } from '../detect/infra/helm-template.js';
import type { K8sServiceFacts, K8sWorkloadFacts } from '../detect/infra/k8s.js';
import { analysePodSpec } from '../detect/infra/k8s-pod.js';
import { cmp, sortEvidence } from './order.js';

/** The chart's default values file (values.yaml beside Chart.yaml), if the scan saw it. */
export function chartValues(chartDir: string | undefined, values: HelmValuesFacts[]): HelmValuesFacts | undefined {
  if (chartDir === undefined) return undefined;
  const v = values.filter((x) => x.dir === chartDir).sort((a, b) => cmp(a.path, b.path));
  return v.find((x) => /(^|\/)values\.ya?ml$/.test(x.path)) ?? v[0];
}

export function valueAt(values: unknown, ref: string): unknown {
  let cur: unknown = values;
  for (const k of ref.split('.')) cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

const TO_YAML = /^(?:toYaml|include\s+"[^"]*"|tpl)\s+(\.Values\.[\w.]+)/;
const SIMPLE = /^\.Values\.([\w.]+)\s*(\|\s*(quote|toString)\s*)*$/;

/** Renders what the chart's default values decide in a templated pod spec: `toYaml .Values.x` and `{{ .Values.x }}`. */
function render(v: unknown, actions: string[], values: HelmValuesFacts, used: Set<string>, depth = 0): unknown {
  if (depth > 60) return v;
  if (Array.isArray(v)) return v.map((x) => render(x, actions, values, used, depth + 1)).filter((x) => x !== undefined);
  if (typeof v === 'string') {
    const m = /^__tpl_(\d+)__$/.exec(v.trim());
    const s = m ? SIMPLE.exec(actions[Number(m[1])] ?? '') : null;
    if (!s) return v;
    used.add(s[1]);
    const val = valueAt(values.values, s[1]);
    return val === null ? undefined : val;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    let base: Record<string, unknown> = {};
    if (typeof o[HELM_KEY] === 'string') {
      const ref = TO_YAML.exec(o[HELM_KEY] as string)?.[1]?.slice('.Values.'.length);
      if (!ref) return v;
      used.add(ref);
      const val = valueAt(values.values, ref);
      if (val && typeof val === 'object' && !Array.isArray(val)) base = { ...(val as Record<string, unknown>) };
      else if (val === undefined || val === null) base = {};
      else return val;
    }
    for (const [k, x] of Object.entries(o)) {
      if (k === HELM_KEY) continue;
      const r = render(x, actions, values, used, depth + 1);
      if (r !== undefined) base[k] = r;
    }
    return base;
  }
  return v;
}

/** Fills the attributes a chart template left unknown from the chart's default values. */
export function resolveHelmWorkload(c: Component, w: K8sWorkloadFacts, values: HelmValuesFacts[]): Component {
  const v = chartValues(w.chartDir, values);
  if (!w.helm || !v) return c;
  const used = new Set<string>();
  const spec = render(w.helm.podSpec, w.helm.actions, v, used);
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return c;
  const { attrs, images } = analysePodSpec(spec as Record<string, unknown>, v.path);
  const attributes: Record<string, AttrValue> = { ...(c.attributes ?? {}) };
  let changed = false;
  const rendered = images.map((i) => i.image).filter((i) => typeof i === 'string' && !i.includes('__tpl_'));
  if (rendered.length && !(Array.isArray(attributes.images) && attributes.images.length)) {
    attributes.images = [...new Set(rendered)].sort();
    changed = true;
  }
  for (const [k, val] of Object.entries(attrs)) {
    if (val === undefined || k === 'partial' || attributes[k] !== undefined) continue;
    attributes[k] = val;
    changed = true;
  }
  if (!changed) return c;
  attributes.valuesResolved = true;
  const evidence: Evidence[] = [...c.evidence];
  for (const ref of [...used].sort()) {
    const line = v.lines[ref] ?? v.lines[ref.split('.').slice(0, 2).join('.')] ?? v.lines[ref.split('.')[0]];
    if (line !== undefined) evidence.push({ path: v.path, line, note: `values ${ref}` });
  }
  const sorted: Record<string, AttrValue> = {};
  for (const k of Object.keys(attributes).sort()) sorted[k] = attributes[k];
  return { ...c, attributes: sorted, evidence: sortEvidence(evidence) };
}

/** A chart Service whose `type` comes from values: LoadBalancer/NodePort make it an exposure. */
export function resolveHelmServiceType(c: Component, s: K8sServiceFacts, values: HelmValuesFacts[]): Component {
  const v = chartValues(s.chartDir, values);
  if (!s.typeRef || !v) return c;
  const t = valueAt(v.values, s.typeRef);
  const type = typeof t === 'string' ? t : 'ClusterIP';
  const attributes: Record<string, AttrValue> = { ...(c.attributes ?? {}), serviceType: type, public: type === 'LoadBalancer' };
  const sorted: Record<string, AttrValue> = {};
  for (const k of Object.keys(attributes).sort()) sorted[k] = attributes[k];
  const line = v.lines[s.typeRef];
  const evidence = line === undefined ? c.evidence : sortEvidence([...c.evidence, { path: v.path, line, note: `values ${s.typeRef}: ${type}` }]);
  return { ...c, attributes: sorted, evidence };
}
