import type { AttrValue, Component, Edge, Evidence } from './types.js';
import type { CopySource, DockerfileFacts } from '../detect/infra/dockerfile.js';
import { resolveCopies } from '../detect/infra/dockerfile.js';
import type { ComposeServiceFacts } from '../detect/infra/compose.js';
import type { K8sFacts, K8sServiceFacts, K8sWorkloadFacts, LabelSet } from '../detect/infra/k8s.js';
import type { HelmValuesFacts } from '../detect/infra/helm.js';
import { basename, dirname } from '../detect/infra/common.js';
import { codeLanguage } from './package-files.js';
import { PrefixIndex } from './link-infra-paths.js';
import { PolicyIndex, SelectorIndex } from './link-infra-select.js';
import { cmp, sortEvidence } from './order.js';
import { pathLookup, pathsUnder, type PathLookup } from './repo-paths.js';
import { chartValues, resolveHelmServiceType, resolveHelmWorkload, valueAt } from './link-infra-helm.js';

export interface FileFacts {
  path: string;
  detectorId: string;
  facts: Record<string, unknown>;
}

/** Kinds that describe where code runs, not code; they are never the target of a container's `runs` edge. */
const INFRA_KINDS = new Set(['container-image', 'compose-service', 'k8s-workload', 'k8s-exposure', 'cloud-resource', 'ci-workflow', 'dependency-manifest']);

interface Gathered {
  dockerfiles: { path: string; f: DockerfileFacts }[];
  compose: { path: string; s: ComposeServiceFacts }[];
  k8s: { path: string; f: K8sFacts }[];
  values: HelmValuesFacts[];
}

function gather(facts: FileFacts[]): Gathered {
  const g: Gathered = { dockerfiles: [], compose: [], k8s: [], values: [] };
  for (const ff of [...facts].sort((a, b) => cmp(a.path, b.path) || cmp(a.detectorId, b.detectorId))) {
    const x = ff.facts;
    if (x.dockerfile) g.dockerfiles.push({ path: ff.path, f: x.dockerfile as DockerfileFacts });
    for (const s of (x.composeServices as ComposeServiceFacts[] | undefined) ?? []) g.compose.push({ path: ff.path, s });
    if (x.k8s) g.k8s.push({ path: ff.path, f: x.k8s as K8sFacts });
    if (x.helmValues) g.values.push(x.helmValues as HelmValuesFacts);
  }
  return g;
}

/** Short image name: registry, tag and digest stripped (`ghcr.io/acme/api:1.2@sha256:..` -> `api`). */
export function shortImageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.split('/').pop() ?? noDigest;
  return last.split(':')[0].toLowerCase();
}

/**
 * `runs` and `exposes` edges between infrastructure and the code it runs:
 * container-image -> code components under its COPY sources; compose-service -> container-image it builds (and code
 * it bind-mounts, as a guess); k8s-workload -> container-image by image name (always a guess);
 * k8s-exposure -> workloads its Service selects or its Ingress routes to.
 */
export function linkInfra(components: Component[], facts: FileFacts[], opts: { rootName?: string; paths?: readonly string[] } = {}): Edge[] {
  const g = gather(facts);
  const ids = new Set(components.map((c) => c.id));
  // A workflow's agent runs on the CI runner: `COPY . .` takes `.github/` along, but no image runs it.
  const code = new PrefixIndex(
    components.filter((c) => !INFRA_KINDS.has(c.kind)),
    (c) => c.evidence.flatMap((e) => (e.path.startsWith('.github/') || e.path.includes('/.github/') ? [] : [e.path])),
  );
  const edges = new Map<string, Edge>();
  const add = (from: string, to: string, kind: string, evidence: Evidence[], guess: boolean) => {
    if (!ids.has(from) || !ids.has(to) || from === to) return;
    const key = `${from}\0${to}\0${kind}`;
    const cur = edges.get(key);
    if (cur) {
      cur.evidence = sortEvidence([...cur.evidence, ...evidence]);
      if (!guess) delete cur.guess;
      return;
    }
    const e: Edge = { from, to, kind, evidence: sortEvidence(evidence) };
    if (guess) e.guess = true;
    edges.set(key, e);
  };

  // Build contexts that compose gives for a Dockerfile path.
  const contexts = new Map<string, { context: string; line: number; path: string }[]>();
  for (const { path, s } of g.compose) {
    if (!s.build) continue;
    const list = contexts.get(s.build.dockerfile) ?? [];
    list.push({ context: s.build.context, line: s.build.line, path });
    contexts.set(s.build.dockerfile, list);
  }
  const imageByDockerfile = new Map(g.dockerfiles.map((d) => [d.path, d]));
  // A model or store is one component with evidence in every file that uses it, and is offered to every image:
  // its files below a COPY are looked up, not tested one by one.
  const sortedPaths = new Map<Component, string[]>();
  const evidencePaths = (c: Component): string[] => {
    let paths = sortedPaths.get(c);
    if (!paths) sortedPaths.set(c, (paths = [...new Set(c.evidence.map((e) => e.path))].sort(cmp)));
    return paths;
  };
  // Asked only when a Dockerfile's context is in question.
  let listing: PathLookup | undefined;
  const exists = (p: string): boolean => {
    listing ??= pathLookup(opts.paths ?? []);
    return listing.has(p) || listing.hasDir(p);
  };
  // How many COPY sources are there with `dir` as the build context.
  const found = (dir: string, sources: readonly CopySource[]): number =>
    sources.filter((src) => {
      const at = resolveCopies(dir, [src]);
      return at.length > 0 && at.every((p) => exists(p.replace(/\/$/, '')));
    }).length;

  // container-image -> code
  for (const d of g.dockerfiles) {
    const known = contexts.get(d.path)?.map((c) => c.context) ?? [];
    const tries: { ctx: string; guess: boolean }[] = known.length ? known.map((ctx) => ({ ctx, guess: false })) : [{ ctx: d.f.dir, guess: false }];
    let linked = false;
    // An image that says what it runs runs code of those languages only: a Node image's `COPY . .` takes the
    // repository's Python along, but does not run it.
    const runtimes = d.f.runtimes?.length ? new Set(d.f.runtimes) : undefined;
    const runnable = (c: Component, targets: readonly string[]) =>
      !runtimes ||
      targets.some((t) =>
        pathsUnder(evidencePaths(c), t).some((p) => {
          const lang = codeLanguage(p);
          return lang === undefined || runtimes.has(lang);
        }),
      );
    const link = (ctx: string, guess: boolean) => {
      for (const src of d.f.copySources) {
        const targets = resolveCopies(ctx, [src]);
        if (!targets.length) continue;
        for (const c of code.at(targets)) {
          if (!runnable(c, targets)) continue;
          add(d.f.componentId, c.id, 'runs', [{ path: d.path, line: src.line, note: `COPY ${src.source}` }], guess);
          linked = true;
        }
      }
    };
    for (const t of tries) link(t.ctx, t.guess);
    // Built from the repository root with `-f dir/Dockerfile` is the other common layout, but only where more of
    // the COPY sources are there from the root than from the Dockerfile's folder: `COPY . .` in a web UI's folder
    // (kagent's ui/Dockerfile, built with `./ui`) copies that folder, and a template's `COPY go.mod .` next to
    // go.mod.tmpl fits neither; neither copies every agent in the repository.
    if (!linked && !known.length && d.f.dir !== '' && (!opts.paths || found('', d.f.copySources) > found(d.f.dir, d.f.copySources))) link('', true);
  }

  // compose-service -> container-image, and -> code it mounts
  const builtImages = new Map<string, string[]>();
  for (const { path, s } of g.compose) {
    if (s.build) {
      const img = imageByDockerfile.get(s.build.dockerfile);
      if (img) {
        add(s.componentId, img.f.componentId, 'runs', [{ path, line: s.build.line, note: 'build' }], false);
        if (s.image) {
          const n = shortImageName(s.image);
          builtImages.set(n, [...(builtImages.get(n) ?? []), img.f.componentId]);
        }
      }
    }
    for (const m of s.repoMounts) {
      for (const c of code.at([m.source])) add(s.componentId, c.id, 'runs', [{ path, line: m.line, note: `bind mount ${m.source}` }], true);
    }
  }

  // `docker-compose.images.yml` names the published image of a service another compose file here builds.
  for (const { path, s } of g.compose) {
    if (s.build || !s.image) continue;
    for (const { path: p2, s: s2 } of g.compose) {
      if (p2 === path || dirname(p2) !== dirname(path) || s2.name !== s.name || !s2.build) continue;
      const img = imageByDockerfile.get(s2.build.dockerfile);
      if (!img) continue;
      const n = shortImageName(s.image);
      builtImages.set(n, [...new Set([...(builtImages.get(n) ?? []), img.f.componentId])]);
    }
  }

  // k8s-workload -> container-image, by image name (from the manifest, or the chart values it references)
  const byName = new Map<string, string[]>();
  for (const d of g.dockerfiles) {
    // A Dockerfile at the root builds the repository's image, which is usually named after the repository.
    const names = d.f.dir === '' && opts.rootName ? [...d.f.nameCandidates, opts.rootName.toLowerCase()] : d.f.nameCandidates;
    for (const n of new Set(names)) byName.set(n, [...(byName.get(n) ?? []), d.f.componentId]);
  }
  const imageTargets = (image: string): string[] => {
    const n = shortImageName(image);
    const built = builtImages.get(n) ?? [];
    if (built.length) return [...new Set(built)];
    // `Dockerfile` and `Dockerfile.debug` side by side: the plain one builds the image that gets deployed.
    const named = [...new Set(byName.get(n) ?? [])];
    const fileOf = (id: string) => id.slice('container-image:'.length).split('#')[0];
    const isPlain = (id: string) => /^(Dockerfile|Containerfile)$/.test(basename(fileOf(id)));
    return named.filter((id) => isPlain(id) || !named.some((o) => isPlain(o) && dirname(fileOf(o)) === dirname(fileOf(id))));
  };
  for (const { path, f } of g.k8s) {
    for (const w of f.workloads) {
      for (const img of w.images) {
        const names = img.valuesRefs ? resolveValuesImage(w, img.valuesRefs, g.values) : [img.image];
        for (const name of names) for (const t of imageTargets(name)) add(w.componentId, t, 'runs', [{ path, line: img.line, note: `image ${name}` }], true);
      }
    }
  }
  const fromManifests = new Set(g.k8s.flatMap((k) => k.f.workloads.map((w) => w.componentId)));
  for (const c of components) {
    if (c.kind !== 'k8s-workload' || fromManifests.has(c.id)) continue;
    const images = c.attributes?.images;
    if (!Array.isArray(images)) continue;
    for (const image of images) for (const t of imageTargets(image)) add(c.id, t, 'runs', [{ ...c.evidence[0], note: `image ${image}` }], true);
  }

  // k8s-exposure -> k8s-workload
  const workloads = g.k8s.flatMap(({ path, f }) => f.workloads.map((w) => ({ path, w })));
  const selectable = new SelectorIndex(workloads, ({ w }) => w.podLabels);
  const selected = (sel: LabelSet, ns: string | undefined, from: string) => {
    const hits = selectable.candidates(sel).filter(({ w }) => nsMatch(ns, w.namespace) && selects(sel, w.podLabels));
    const near = hits.filter(({ path }) => dirname(path) === dirname(from));
    return near.length ? near : hits;
  };
  const services = g.k8s.flatMap(({ path, f }) => f.services.map((s) => ({ path, s })));
  const servicesByName = new Map<string, typeof services>();
  for (const x of services) {
    const list = servicesByName.get(x.s.name);
    if (list) list.push(x);
    else servicesByName.set(x.s.name, [x]);
  }
  for (const { path, s } of services) {
    if (!s.componentId) continue;
    for (const { path: wp, w } of selected(s.selector, s.namespace, path))
      add(s.componentId, w.componentId, 'exposes', [{ path, line: s.line, note: 'selector' }], dirname(wp) !== dirname(path) || !!s.selector.template);
  }
  for (const { path, f } of g.k8s) {
    for (const ing of f.ingresses) {
      for (const b of ing.backends) {
        const svcs = (servicesByName.get(b.service) ?? []).filter(({ s }) => nsMatch(ing.namespace, s.namespace));
        const near = svcs.filter((x) => dirname(x.path) === dirname(path));
        for (const { path: sp, s } of near.length ? near : svcs)
          for (const { path: wp, w } of selected(s.selector, s.namespace, sp))
            add(ing.componentId, w.componentId, 'exposes', [{ path, line: b.line, note: `backend ${b.service}` }], dirname(wp) !== dirname(path) || !!s.selector.template);
      }
    }
  }
  return [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind));
}

/** First path segment: a policy under `kustomize/` is not taken to protect what `helm-chart/` deploys. */
function topDir(p: string): string {
  const i = p.indexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function nsMatch(a: string | undefined, b: string | undefined): boolean {
  // Unset namespaces are decided at deploy time (kubectl -n, kustomize, helm): they match any.
  return a === undefined || b === undefined || a === b;
}

/** A selector matches when all its labels are on the pod, or when both come from the same template include. */
export function selects(sel: LabelSet, pod: LabelSet): boolean {
  if (sel.template !== undefined) return pod.template !== undefined && sel.template === pod.template;
  const keys = Object.keys(sel.labels);
  if (keys.length === 0) return false;
  return keys.every((k) => pod.labels[k] === sel.labels[k]);
}

function resolveValuesImage(w: K8sWorkloadFacts, refs: string[], values: HelmValuesFacts[]): string[] {
  const main = chartValues(w.chartDir, values);
  if (!main) return [];
  return refs.filter((ref) => !/(^|\.)(tag|version|digest)$/i.test(ref)).map((ref) => valueAt(main.values, ref)).filter((x): x is string => typeof x === 'string' && x !== '');
}

/**
 * Attributes that only the whole repository decides: `networkPolicy` on every Kubernetes workload (true when a
 * NetworkPolicy in a compatible namespace selects its pods). Returns new component objects; input is not mutated.
 */
export function applyInfraFacts(components: Component[], facts: FileFacts[]): Component[] {
  const g = gather(facts);
  const workloadFacts = new Map<string, K8sWorkloadFacts>();
  for (const { f } of g.k8s) for (const w of f.workloads) workloadFacts.set(w.componentId, w);
  const serviceFacts = new Map<string, K8sServiceFacts>();
  for (const { f } of g.k8s) for (const s of f.services) if (s.componentId) serviceFacts.set(s.componentId, s);
  const hasWorkloads = components.some((c) => c.kind === 'k8s-workload');
  const policies = new PolicyIndex(
    g.k8s.flatMap(({ f }) => f.networkPolicies),
    (p) => p.podSelector,
  );
  return components.map((c) => {
    if (c.kind === 'k8s-exposure') {
      const s = serviceFacts.get(c.id);
      return s?.typeRef ? resolveHelmServiceType(c, s, g.values) : c;
    }
    if (c.kind !== 'k8s-workload' || !hasWorkloads) return c;
    const w = workloadFacts.get(c.id);
    const resolved = w ? resolveHelmWorkload(c, w, g.values) : c;
    const hit = policies.candidates(w?.podLabels).find(
      (p) =>
        topDir(p.path) === topDir(c.evidence[0]?.path ?? '') &&
        nsMatch(p.namespace, w?.namespace ?? (c.attributes?.namespace as string | undefined)) &&
        (Object.keys(p.podSelector.labels).length === 0 && p.podSelector.template === undefined ? true : w ? selects(p.podSelector, w.podLabels) : false),
    );
    const evidence = hit ? sortEvidence([...resolved.evidence, { path: hit.path, line: hit.line, note: 'NetworkPolicy' }]) : resolved.evidence;
    const attrs: Record<string, AttrValue> = { ...(resolved.attributes ?? {}), networkPolicy: !!hit };
    const attributes: Record<string, AttrValue> = {};
    for (const k of Object.keys(attrs).sort()) attributes[k] = attrs[k];
    return { ...resolved, attributes, evidence };
  });
}
