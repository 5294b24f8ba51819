import type { AttrValue, Component, Edge, Evidence } from '../model/types.js';
import type { Catalog } from './catalog-types.js';
import type { SystemContext } from './context.js';
import { cmp, sortedCopy } from '../model/order.js';

export interface ComponentContext {
  /** Reachable from the internet: a public endpoint/exposure leads to it (or the manifest says the system is exposed). */
  exposed: boolean;
  /** Content an outsider wrote (untrusted loaders, unauthenticated peers, third-party MCP servers) flows into it. */
  untrustedInput: boolean;
  /** Runs inside (or is) a privileged container/workload that can reach the host. */
  privileged: boolean;
}

/** Shared between callers (walks are cached), so never mutated. */
export interface Hop {
  readonly id: string;
  readonly component: Component;
  /** Edges walked to get there, in order. */
  readonly via: readonly Edge[];
}

/**
 * A hop that lists its edges only when asked: a three-hop walk from a loader through a store shared by every agent
 * reaches hundreds of components, and the callers read the path of the few that match.
 */
class WalkHop implements Hop {
  private path: readonly Edge[] | undefined;
  constructor(
    readonly component: Component,
    readonly at: number,
    private readonly prev: WalkHop | undefined,
    private readonly edge: Edge | undefined,
  ) {}

  get id(): string {
    return this.component.id;
  }

  get via(): readonly Edge[] {
    return (this.path ??= this.prev ? [...this.prev.via, this.edge!] : []);
  }
}


/** Adjacency and kind indexes over a Model, plus derived attributes and context flags, built once per evaluation. */
export class Graph {
  readonly components: Component[];
  readonly byId = new Map<string, Component>();
  readonly byKind = new Map<string, Component[]>();
  private paths: Map<string, Component[]> | undefined;
  private readonly outE = new Map<string, Edge[]>();
  private readonly inE = new Map<string, Edge[]>();
  /** The same adjacency by component number (place in `unique`), with each edge's other end, for walks. */
  private readonly index = new Map<string, number>();
  private readonly unique: Component[] = [];
  private readonly outAt: { edges: Edge[]; to: number[] }[] = [];
  private readonly inAt: { edges: Edge[]; to: number[] }[] = [];
  /** Per component, the number of the last walk that reached it (a visited set without a Set per walk). */
  private seenIn = new Int32Array(0);
  private walkCount = 0;
  private readonly kindKeys = new WeakMap<readonly string[], string>();
  private readonly attrCache = new Map<string, Record<string, AttrValue>>();
  private readonly ctx = new Map<string, ComponentContext>();
  /** Walks done, by edge kinds (the kinds list's text, found by list object), direction and hops, then by start. */
  private readonly walks = new Map<string, Map<number, Map<string, readonly Hop[]>>>();
  /** A walk's hops by the kind of component reached, in walk order, made when first asked. */
  private readonly hopsByKind = new WeakMap<readonly Hop[], Map<string, readonly Hop[]>>();
  private readonly sideEffectCaps: Set<string>;
  /** Where exposure and untrusted content enter the graph (the starting points of the context flags). */
  readonly exposedRoots = new Set<string>();
  readonly untrustedRoots = new Set<string>();

  constructor(components: Component[], edges: Edge[], catalog: Catalog, system?: SystemContext) {
    // A model comes with its components in id order and its edges by from, to, kind: a check is cheaper than a sort
    // (stable, so it would give an ordered list back unchanged).
    this.components = sortedCopy(components, (a, b) => cmp(a.id, b.id));
    for (const c of this.components) {
      if (this.byId.has(c.id)) continue;
      this.byId.set(c.id, c);
      this.index.set(c.id, this.unique.length);
      this.unique.push(c);
      this.outAt.push({ edges: [], to: [] });
      this.inAt.push({ edges: [], to: [] });
      push(this.byKind, c.kind, c);
    }
    const sorted = sortedCopy(edges, (a, b) => cmp(a.from, b.from) || cmp(a.kind, b.kind) || cmp(a.to, b.to));
    for (const e of sorted) {
      if (!this.byId.has(e.from) || !this.byId.has(e.to) || e.from === e.to) continue;
      push(this.outE, e.from, e);
      push(this.inE, e.to, e);
      const from = this.index.get(e.from)!;
      const to = this.index.get(e.to)!;
      this.outAt[from]!.edges.push(e);
      this.outAt[from]!.to.push(to);
      this.inAt[to]!.edges.push(e);
      this.inAt[to]!.to.push(from);
    }
    this.seenIn = new Int32Array(this.unique.length);
    this.sideEffectCaps = new Set(catalog.capabilities.filter((c) => c.sideEffect).map((c) => c.id));
    this.computeContext(system);
  }

  /** Components by the files of their evidence, built when a `same-file` link first asks. */
  get byPath(): ReadonlyMap<string, Component[]> {
    if (!this.paths) {
      this.paths = new Map();
      for (const c of this.unique) for (const p of new Set(c.evidence.map((e) => e.path))) push(this.paths, p, c);
    }
    return this.paths;
  }

  /** Attributes with derived ones filled in: a tool's `sideEffects` follows its capabilities when not stated. */
  attrs(c: Component): Record<string, AttrValue> {
    let a = this.attrCache.get(c.id);
    if (!a) {
      a = { ...(c.attributes ?? {}) };
      if (c.kind === 'tool' && a.sideEffects === undefined) a.sideEffects = (c.capabilities ?? []).some((x) => this.sideEffectCaps.has(x));
      this.attrCache.set(c.id, a);
    }
    return a;
  }

  context(id: string): ComponentContext {
    return this.ctx.get(id) ?? NO_CONTEXT;
  }

  edgesOf(id: string, dir: 'out' | 'in'): Edge[] {
    return (dir === 'out' ? this.outE : this.inE).get(id) ?? [];
  }

  /**
   * Components reachable from `start` over edges of the given kinds, in at most `maxHops` hops, never revisiting.
   * Direction is seen from the component being walked from at each hop. Breadth-first, so the shortest path wins.
   */
  walk(start: string, kinds: readonly string[], direction: 'out' | 'in' | 'any', maxHops = 1): readonly Hop[] {
    // Chain templates and threat conditions walk the same neighbourhoods over and over (every template that starts
    // at a loader walks three hops out of each one): a walk is computed once per graph.
    // Keyed without building a string per call: the kinds list's text is found by the (catalog's) list object.
    let kindKey = this.kindKeys.get(kinds);
    if (kindKey === undefined) this.kindKeys.set(kinds, (kindKey = kinds.join('\0')));
    let byHow = this.walks.get(kindKey);
    if (!byHow) this.walks.set(kindKey, (byHow = new Map()));
    const how = maxHops * 3 + (direction === 'out' ? 0 : direction === 'in' ? 1 : 2);
    let byStart = byHow.get(how);
    if (!byStart) byHow.set(how, (byStart = new Map()));
    let hit = byStart.get(start);
    if (!hit) byStart.set(start, (hit = this.walkOnce(start, kinds, direction, maxHops)));
    return hit;
  }

  /**
   * `walk(...)` keeping only the components of `targets` kinds (all when undefined), in walk order. A chain step
   * asks for one or two kinds of what a wide walk reaches: a three-hop walk from a loader through a store that
   * every agent reads reaches every agent and every tool, asked again by each template that starts at a loader.
   */
  walkTo(start: string, kinds: readonly string[], direction: 'out' | 'in' | 'any', maxHops: number, targets: readonly string[] | undefined): readonly Hop[] {
    const hops = this.walk(start, kinds, direction, maxHops);
    if (!targets || hops.length === 0) return hops;
    let byKind = this.hopsByKind.get(hops);
    if (!byKind) {
      const groups = new Map<string, Hop[]>();
      for (const h of hops) push(groups, h.component.kind, h);
      this.hopsByKind.set(hops, (byKind = groups));
    }
    if (targets.length === 1) return byKind.get(targets[0]!) ?? [];
    const wanted = new Set(targets);
    return hops.filter((h) => wanted.has(h.component.kind));
  }

  private walkOnce(start: string, kinds: readonly string[], direction: 'out' | 'in' | 'any', maxHops: number): Hop[] {
    const first = this.index.get(start);
    if (first === undefined) return [];
    const seen = this.seenIn;
    const mark = ++this.walkCount;
    seen[first] = mark;
    const found: Hop[] = [];
    let frontier: WalkHop[] = [new WalkHop(this.unique[first]!, first, undefined, undefined)];
    for (let hop = 0; hop < maxHops && frontier.length; hop++) {
      const next: WalkHop[] = [];
      const step = (h: WalkHop, adj: { edges: Edge[]; to: number[] }) => {
        const { edges, to } = adj;
        for (let k = 0; k < edges.length; k++) {
          const e = edges[k]!;
          const n = to[k]!;
          if (seen[n] === mark || !kinds.includes(e.kind)) continue;
          seen[n] = mark;
          const w = new WalkHop(this.unique[n]!, n, h, e);
          next.push(w);
          found.push(w);
        }
      };
      for (const h of frontier) {
        // Out-edges before in-edges, each in edge order: the first path found to a component is the one kept.
        if (direction !== 'in') step(h, this.outAt[h.at]!);
        if (direction !== 'out') step(h, this.inAt[h.at]!);
      }
      frontier = next;
    }
    return found;
  }

  private computeContext(system?: SystemContext): void {
    // Which components a flag reaches within `depth` hops does not depend on the order edges are followed in, so
    // each component's edges are read once, against the rules' kinds for that direction.
    const flag = (key: keyof ComponentContext, roots: Component[], rules: [string, 'out' | 'in'][], depth: number) => {
      const outKinds = new Set(rules.filter(([, d]) => d === 'out').map(([k]) => k));
      const inKinds = new Set(rules.filter(([, d]) => d === 'in').map(([k]) => k));
      const seen = new Uint8Array(this.unique.length);
      let frontier: number[] = [];
      for (const r of roots) {
        const at = this.index.get(r.id)!;
        if (!seen[at]) (seen[at] = 1), frontier.push(at);
      }
      for (let d = 0; d <= depth && frontier.length; d++) {
        const next: number[] = [];
        const follow = (adj: { edges: Edge[]; to: number[] }, kinds: Set<string>) => {
          if (!kinds.size) return;
          for (let k = 0; k < adj.edges.length; k++) {
            const to = adj.to[k]!;
            if (!seen[to] && kinds.has(adj.edges[k]!.kind)) (seen[to] = 1), next.push(to);
          }
        };
        for (const at of frontier) {
          const id = this.unique[at]!.id;
          const c = this.ctx.get(id) ?? { exposed: false, untrustedInput: false, privileged: false };
          c[key] = true;
          this.ctx.set(id, c);
          follow(this.outAt[at]!, outKinds);
          follow(this.inAt[at]!, inKinds);
        }
        frontier = next;
      }
    };
    const all = (kind: string) => this.byKind.get(kind) ?? [];
    const is = (c: Component, ...names: string[]) => names.some((n) => this.attrs(c)[n] === true);

    // Exposure flows from a public entry point into what it exposes, what that runs, and what the agent drives.
    let exposedRoots = [...all('agent-endpoint'), ...all('k8s-exposure')].filter((c) => is(c, 'public'));
    if (system?.internetExposed) {
      const endpoints = all('agent-endpoint');
      exposedRoots = [...exposedRoots, ...(endpoints.length ? endpoints : all('agent'))];
    }
    for (const r of exposedRoots) this.exposedRoots.add(r.id);
    flag('exposed', exposedRoots, [['exposes', 'out'], ['runs', 'out'], ['uses-model', 'out'], ['uses-tool', 'out'], ['delegates', 'out'], ['uses-memory', 'out'], ['retrieves', 'out'], ['queries', 'out'], ['reads', 'out'], ['writes', 'out'], ['connects-mcp', 'out']], 4);

    // Untrusted content flows from where outsiders write it, through stores, into the agents that read them.
    const untrustedRoots = [
      ...all('document-loader').filter((c) => is(c, 'untrusted')),
      ...all('peer-agent').filter((c) => this.attrs(c).authenticated !== true),
      ...all('mcp-server').filter((c) => this.attrs(c).definedHere !== true),
    ];
    for (const r of untrustedRoots) this.untrustedRoots.add(r.id);
    flag('untrustedInput', untrustedRoots, [['ingests', 'out'], ['retrieves', 'in'], ['reads', 'in'], ['uses-memory', 'in'], ['delegates', 'in'], ['connects-mcp', 'in'], ['uses-model', 'out'], ['uses-tool', 'out'], ['delegates', 'out'], ['uses-memory', 'out'], ['writes', 'out']], 5);

    // Privilege flows from a runtime that can reach the host into everything it runs.
    const privilegedRoots = [
      ...all('compose-service').filter((c) => is(c, 'privileged', 'dockerSocket', 'hostNetwork')),
      ...all('k8s-workload').filter((c) => is(c, 'privileged', 'hostPath', 'hostPID', 'hostNetwork', 'dockerSocket', 'allowPrivilegeEscalation')),
    ];
    flag('privileged', privilegedRoots, [['runs', 'out']], 3);
  }
}

/** What a component outside every flagged region reads (shared, so frozen). */
const NO_CONTEXT: ComponentContext = Object.freeze({ exposed: false, untrustedInput: false, privileged: false });


function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

