import type { FileFindings } from '../detect/run.js';
import { RUN_TIME_PROVIDER } from '../detect/run-time-model.js';
import { layerOf } from './kind-layers.js';
import type { Component, Diagnostic, Edge, EdgeRef, Evidence, Model } from './types.js';
import { sortEvidence, cmp, evidenceOrder } from './order.js';
import { dropShadowedFrameworks } from './local-modules.js';
import { dirOf } from './repo-paths.js';

/**
 * A linker decides what only the whole repository shows, after per-file detection: edges between files
 * (Dockerfile COPY -> code), attributes (a lockfile beside a manifest), components to drop (a framework's own
 * source tree). It returns the components to keep, with any attribute changes, and the edges it adds.
 */
export type Linker = (input: { components: Component[]; files: FileFindings[]; paths: string[]; rootName?: string }) => {
  components?: Component[];
  edges?: Edge[];
  /** Files whose code is not application usage (a framework's own package): their findings are dropped. */
  exclude?: (path: string) => boolean;
  /** Notes on what the linker decided for the whole repository (which code it set aside). */
  diagnostics?: Diagnostic[];
};

/** Merges per-file findings into one model: same-id components become one, refs become edges. */
export function buildModel(allFiles: FileFindings[], diagnostics: Diagnostic[], linkers: Linker[] = [], paths: string[] = [], rootName?: string): Model {
  const { files, diagnostics: shadowed } = dropShadowedFrameworks(allFiles, paths);
  // Same-id components are gathered, then merged once each: folding them pairwise re-sorts and re-keys the
  // growing evidence list every time, quadratic for a model or framework seen in thousands of files.
  const groups = new Map<string, Component[]>();
  const frameworks = new Map<string, Model['frameworks'][number] & { seen: Set<string> }>();
  const edges: Edge[] = [];
  const refs: EdgeRef[] = [];
  const diags: Diagnostic[] = [...diagnostics, ...shadowed];

  for (const { findings } of files) {
    for (const c of findings.components) {
      const g = groups.get(c.id);
      if (g) g.push(c);
      else groups.set(c.id, [c]);
    }
    for (const f of findings.frameworks) {
      const had = frameworks.get(f.id);
      if (!had) frameworks.set(f.id, { id: f.id, confidence: f.confidence, evidence: [...f.evidence], seen: new Set(f.evidence.map(evKey)) });
      else {
        if (f.confidence === 'high') had.confidence = 'high';
        for (const e of f.evidence) if (!had.seen.has(evKey(e))) (had.seen.add(evKey(e)), had.evidence.push(e));
      }
    }
    edges.push(...findings.edges);
    refs.push(...findings.refs);
    diags.push(...findings.diagnostics);
  }

  let components = [...groups.values()].map(mergeGroup);
  const excluders: ((path: string) => boolean)[] = [];
  const excluded = (path: string) => excluders.some((x) => x(path));
  for (const link of linkers) {
    const out = link({ components, files, paths, rootName });
    if (out.components) components = out.components;
    if (out.edges) edges.push(...out.edges);
    if (out.diagnostics) diags.push(...out.diagnostics);
    if (out.exclude) {
      excluders.push(out.exclude);
      components = components.filter((c) => !c.evidence.every((e) => out.exclude!(e.path)));
    }
  }
  // Refs are resolved among what is modelled: a name that code set aside (a test's) also defines must not be the
  // nearest match and then vanish with it.
  const resolved = resolveRefs(refs, components, excluders.length ? files.filter((f) => !excluded(f.path)) : files);
  edges.push(...resolved.edges);
  const runTime = runTimeModel(resolved.unresolved, edges, components);
  if (runTime) {
    components = [...components.filter((c) => c.id !== runTime.model.id), runTime.model];
    edges.push(...runTime.edges);
  }
  // A component also seen outside the excluded code (a model both the framework and an app use) keeps only the
  // sites outside it: the report must not cite code it says it does not model.
  if (excluders.length) components = components.map((c) => (c.evidence.some((e) => excluded(e.path)) ? { ...c, evidence: c.evidence.filter((e) => !excluded(e.path)) } : c));
  const kept = new Map(components.map((c) => [c.id, c]));

  return {
    components: components.sort((a, b) => cmp(a.id, b.id)),
    edges: mergeEdges(edges, kept),
    frameworks: [...frameworks.values()]
      .map(({ seen: _seen, ...f }) => ({ ...f, evidence: f.evidence.filter((e) => !excluded(e.path)) }))
      .filter((f) => f.evidence.length > 0)
      .map((f) => ({ ...f, evidence: sortEvidence(f.evidence) }))
      .sort((a, b) => cmp(a.id, b.id)),
    diagnostics: sortDiagnostics(diags),
  };
}

/** Definitions a ref links to at most. */
const FEW = 3;
/** Files a ref follows through registrars handing their server on (`facts.forwards`), at most. */
const FORWARD_DEPTH = 4;

/** What one file says a top-level name holds (`facts.symbols`, `facts.exports`), and names it hands its argument to. */
interface Holder {
  path: string;
  ids: string[];
  forwards: string[];
}

/**
 * A ref names a symbol defined elsewhere. Prefer the definitions nearest the reference (`nearest`: the module next
 * door, else the closest relative folder); never link to more than a few, so a common name cannot fan out across a
 * monorepo.
 * A name that is no component may still be a variable holding one (`export const llm = openai('gpt-4o')`), or a
 * function registering several (an MCP registrar's tools), or a factory returning some (`tools=get_tools()`): the JS
 * detector lists those in `facts.symbols`, the Python one in `facts.exports`. There the few are files defining the
 * name, each bringing all it holds: a registrar's fourth tool is as much the server's as its first. A registrar
 * that hands the server on to others (`facts.forwards`) brings what those hold, looked up from its own folder, a
 * few files deep.
 */
function resolveRefs(refs: EdgeRef[], components: Component[], files: FileFindings[]): { edges: Edge[]; unresolved: EdgeRef[] } {
  const holders = new Map<string, Holder[]>();
  const holderOf = (name: string, path: string): Holder => {
    const list = holders.get(name) ?? [];
    holders.set(name, list);
    let h = list.find((x) => x.path === path);
    if (!h) list.push((h = { path, ids: [], forwards: [] }));
    return h;
  };
  for (const f of files) {
    // The JS detector says `symbols`, the Python one `exports`: what a module-level name holds or a function returns.
    const { symbols, exports, forwards } = f.findings.facts as { symbols?: Record<string, unknown>; exports?: Record<string, unknown>; forwards?: Record<string, unknown> };
    for (const held of [symbols, exports]) for (const [name, ids] of Object.entries(held ?? {})) if (Array.isArray(ids)) holderOf(name, f.path).ids.push(...(ids as string[]));
    for (const [name, to] of Object.entries(forwards ?? {})) if (Array.isArray(to)) holderOf(name, f.path).forwards.push(...(to as string[]));
  }
  const held = (name: string, dir: string, depth: number, seen: Set<Holder>): string[] => {
    const all = holders.get(name) ?? [];
    const chosen = nearest(all, dir, (h) => [h.path]).sort((a, b) => cmp(a.path, b.path)).slice(0, FEW);
    const out: string[] = [];
    for (const h of chosen) {
      if (seen.has(h)) continue;
      seen.add(h);
      out.push(...h.ids);
      if (depth < FORWARD_DEPTH) for (const n of h.forwards) out.push(...held(n, dirOf(h.path), depth + 1, seen));
    }
    return out;
  };
  const byIdAll = new Map(components.map((c) => [c.id, c]));
  const byName = new Map<string, Component[]>();
  for (const c of components) {
    const list = byName.get(c.name) ?? [];
    list.push(c);
    byName.set(c.name, list);
  }
  const out: Edge[] = [];
  const unresolved: EdgeRef[] = [];
  for (const r of refs) {
    const fits = (c: Component | undefined): c is Component => !!c && c.id !== r.from && (!r.toKinds || r.toKinds.includes(c.kind));
    let candidates = (byName.get(r.toName) ?? []).filter(fits);
    const dir = dirOf(r.evidence[0]?.path ?? '');
    const byComponentName = candidates.length > 0;
    if (!byComponentName) candidates = [...new Set(held(r.toName, dir, 1, new Set()))].map((id) => byIdAll.get(id)).filter(fits);
    if (candidates.length === 0) {
      unresolved.push(r);
      continue;
    }
    if (byComponentName) {
      candidates = nearest(candidates, dir, (c) => c.evidence.map((e) => e.path)).sort((a, b) => cmp(a.id, b.id)).slice(0, FEW);
    }
    // What the chosen files hold is all linked: those files were already picked nearest first.
    for (const c of candidates) out.push(r.inward ? { from: c.id, to: r.from, kind: r.kind, evidence: r.evidence } : { from: r.from, to: c.id, kind: r.kind, evidence: r.evidence });
  }
  return { edges: out, unresolved };
}

/** The component the detectors make of the run-time model (a global model is `model:<name>`). */
const RUN_TIME_MODEL = `model:${RUN_TIME_PROVIDER}`;

/**
 * An agent handed a model by a name the repository defines without making a model of it (`from app.config import
 * MODEL`, where `MODEL = os.environ[...]`) runs a model all the same: the run-time model, as a detector links one
 * it sees computed in the agent's own file. Only for an agent that ends up with no model at all.
 */
function runTimeModel(unresolved: EdgeRef[], edges: Edge[], components: Component[]): { model: Component; edges: Edge[] } | undefined {
  const wanting = unresolved.filter((r) => r.kind === 'uses-model' && !r.inward);
  if (!wanting.length) return undefined;
  const hasModel = new Set(edges.filter((e) => e.kind === 'uses-model').map((e) => e.from));
  const agents = new Set(components.filter((c) => c.kind === 'agent').map((c) => c.id));
  const linked = wanting.filter((r) => agents.has(r.from) && !hasModel.has(r.from));
  if (!linked.length) return undefined;
  const had = components.find((c) => c.id === RUN_TIME_MODEL);
  const evidence = sortEvidence([...(had?.evidence ?? []), ...linked.flatMap((r) => r.evidence)]);
  const model: Component = had
    ? { ...had, evidence }
    : { id: RUN_TIME_MODEL, kind: 'model', layer: layerOf('model'), name: RUN_TIME_PROVIDER, source: 'inferred', attributes: { provider: RUN_TIME_PROVIDER }, evidence };
  return { model, edges: linked.map((r) => ({ from: r.from, to: RUN_TIME_MODEL, kind: 'uses-model', evidence: r.evidence })) };
}

function mergeEdges(edges: Edge[], byId: Map<string, Component>): Edge[] {
  const merged = new Map<string, Edge>();
  for (const e of edges) {
    if (!byId.has(e.from) || !byId.has(e.to) || e.from === e.to) continue;
    const k = `${e.from}\0${e.to}\0${e.kind}`;
    const had = merged.get(k);
    // sortEvidence drops the repeats unionEvidence would, keeping the first of each: the union need not come first.
    if (!had) merged.set(k, { ...e, evidence: sortEvidence(e.evidence) });
    else {
      had.evidence = sortEvidence([...had.evidence, ...e.evidence]);
      // A link is a guess only while no detector saw it for certain.
      if (!e.guess) delete had.guess;
    }
  }
  return [...merged.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind));
}

function cloneComponent(c: Component): Component {
  const out: Component = { ...c, evidence: sortEvidence(c.evidence) };
  if (c.capabilities) out.capabilities = [...new Set(c.capabilities)].sort();
  if (c.attributes) out.attributes = { ...c.attributes };
  return out;
}

/**
 * What folding `mergeComponent` over the list gives, in one pass: the first component's fields, evidence and
 * capabilities as sorted unions, attributes merged in order (booleans OR, lists union, first scalar stays), the
 * first framework, and confidence raised by any sighting that is not `low`.
 */
export function mergeGroup(list: Component[]): Component {
  const out = cloneComponent(list[0]);
  if (list.length === 1) return out;
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  const capabilities = new Set(list[0].capabilities ?? []);
  for (const c of list)
    for (const e of c.evidence) {
      const key = evKey(e);
      if (!seen.has(key)) (seen.add(key), evidence.push(e));
    }
  // Fields are set in the order the fold sets them, so the merged object's keys come out in the same order.
  for (let i = 1; i < list.length; i++) {
    const b = list[i];
    if (b.capabilities) {
      for (const cap of b.capabilities) capabilities.add(cap);
      out.capabilities ??= [];
    }
    if (b.attributes) {
      const attrs = out.attributes ?? {};
      for (const [k, v] of Object.entries(b.attributes)) {
        const had = attrs[k];
        // Evidence of a fact anywhere wins over its absence elsewhere: booleans OR, lists union, first scalar stays.
        if (typeof v === 'boolean' && typeof had === 'boolean') attrs[k] = had || v;
        else if (Array.isArray(v) && Array.isArray(had)) attrs[k] = [...new Set([...had, ...v])].sort();
        else if (had === undefined) attrs[k] = v;
      }
      out.attributes = attrs;
    }
    if (!out.framework && b.framework) out.framework = b.framework;
    // Seen in code anywhere beats seen only in docs or dependency lists.
    if (out.confidence === 'low' && b.confidence !== 'low') {
      if (b.confidence) out.confidence = b.confidence;
      else delete out.confidence;
    }
  }
  // Already without repeats (by sortEvidence's key): only the order is left to do.
  out.evidence = evidence.sort(evidenceOrder);
  if (out.capabilities) out.capabilities = [...capabilities].sort();
  return out;
}

export function unionEvidence(a: Evidence[], b: Evidence[]): Evidence[] {
  const seen = new Set(a.map(evKey));
  const out = [...a];
  for (const e of b) if (!seen.has(evKey(e))) (seen.add(evKey(e)), out.push(e));
  return out;
}

const evKey = (e: Evidence) => `${e.path}\0${e.line}\0${e.note ?? ''}`;

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds
    .filter((d) => {
      const k = `${d.path}\0${d.line ?? ''}\0${d.code}\0${d.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.code, b.code) || cmp(a.message, b.message));
}

/**
 * The items defined nearest to the folder `dir`: those sharing the most leading folders with it (the module next
 * door, else a sibling package's, before another project's in a repository of examples).
 */
function nearest<T>(items: T[], dir: string, pathsOf: (item: T) => string[]): T[] {
  let best = -1;
  let out: T[] = [];
  for (const item of items) {
    let depth = -1;
    for (const p of pathsOf(item)) depth = Math.max(depth, sharedFolders(dirOf(p), dir));
    if (depth > best) (best = depth), (out = [item]);
    else if (depth === best) out.push(item);
  }
  return out;
}

/** How many leading folders two folders share (`a/b/c` and `a/b/d`: 2; a folder and itself: all of them, plus one). */
function sharedFolders(a: string, b: string): number {
  if (a === b) return a === '' ? 1 : a.split('/').length + 1;
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n] && x[n] !== '') n++;
  return n;
}

