import type { AttrValue, Component, Evidence } from '../model/types.js';
import type { AttrTest, EdgeTest, Matcher } from './catalog-types.js';
import type { Graph } from './graph.js';

// Condition matching. A match returns the extra evidence that made it hold (edges walked, neighbours found);
// null means no match. The component's own evidence is added by the caller.

export function kindList(m: Matcher): string[] | undefined {
  return m.kind === undefined ? undefined : Array.isArray(m.kind) ? m.kind : [m.kind];
}

export function testAttr(value: AttrValue | undefined, test: AttrTest): boolean {
  if (typeof test !== 'object' || test === null) return eq(value, test);
  if ('eq' in test) return eq(value, test.eq);
  if ('ne' in test) return !eq(value, test.ne);
  if ('in' in test) return test.in.some((x) => eq(value, x));
  if ('exists' in test) return (value !== undefined) === test.exists;
  if ('gte' in test) return typeof value === 'number' && value >= test.gte;
  if ('lte' in test) return typeof value === 'number' && value <= test.lte;
  if ('contains' in test) return Array.isArray(value) ? value.includes(test.contains) : typeof value === 'string' && value.includes(test.contains);
  return false;
}

function eq(value: AttrValue | undefined, x: string | number | boolean): boolean {
  return Array.isArray(value) ? value.includes(String(x)) : value === x;
}

/**
 * A matcher's kinds and its attribute and context tests as lists, made once per matcher object. Names and tests
 * are parallel arrays walked by index: `match` runs tens of thousands of times in a run too short for V8 to
 * optimise it, and unoptimised code pays for every iterator and destructured pair.
 */
interface Prepared {
  kinds: readonly string[] | undefined;
  attrNames: readonly string[];
  attrTests: readonly AttrTest[];
  contextNames: readonly string[];
  contextValues: readonly unknown[];
}

/**
 * Matchers evaluated over the whole graph (graph.exists/absent, control `anywhere`) are cached per matcher object.
 * So are each matcher's pool and prepared tests: every threat and chain step matches every component of its kinds.
 */
export class Matching {
  private readonly anywhereCache = new WeakMap<Matcher, Component | null>();
  private readonly prepared = new WeakMap<Matcher, Prepared>();
  private readonly pools = new WeakMap<Matcher, Component[]>();
  private readonly narrowed = new WeakMap<Matcher, Component[]>();
  constructor(readonly g: Graph) {}

  private prepare(m: Matcher): Prepared {
    let p = this.prepared.get(m);
    if (!p) {
      const attributes = Object.entries(m.attributes ?? {});
      const context = Object.entries(m.context ?? {});
      p = { kinds: kindList(m), attrNames: attributes.map(([k]) => k), attrTests: attributes.map(([, t]) => t), contextNames: context.map(([k]) => k), contextValues: context.map(([, v]) => v) };
      this.prepared.set(m, p);
    }
    return p;
  }

  match(c: Component, m: Matcher): Evidence[] | null {
    const g = this.g;
    const p = this.prepare(m);
    if (p.kinds && !p.kinds.includes(c.kind)) return null;
    if (p.attrNames.length) {
      const attrs = g.attrs(c);
      for (let i = 0; i < p.attrNames.length; i++) if (!testAttr(attrs[p.attrNames[i]!], p.attrTests[i]!)) return null;
    }
    if (m.capabilities) {
      const caps = c.capabilities ?? [];
      const { any, all, none } = m.capabilities;
      if (any && !any.some((x) => caps.includes(x))) return null;
      if (all && !all.every((x) => caps.includes(x))) return null;
      if (none && none.some((x) => caps.includes(x))) return null;
    }
    if (m.framework && !(c.framework && m.framework.includes(c.framework))) return null;
    if (p.contextNames.length) {
      const ctx = g.context(c.id) as unknown as Record<string, unknown>;
      for (let i = 0; i < p.contextNames.length; i++) if (ctx[p.contextNames[i]!] !== p.contextValues[i]) return null;
    }
    const extra: Evidence[] = [];
    const { edges, noEdges, graph, any, all } = m;
    if (edges)
      for (let i = 0; i < edges.length; i++) {
        const hit = this.neighbour(c, edges[i]!);
        if (!hit) return null;
        pushAll(extra, hit);
      }
    if (noEdges) for (let i = 0; i < noEdges.length; i++) if (this.neighbour(c, noEdges[i]!)) return null;
    if (graph?.exists)
      for (let i = 0; i < graph.exists.length; i++) {
        const found = this.anywhere(graph.exists[i]!);
        if (!found) return null;
        pushAll(extra, found.evidence);
      }
    if (graph?.absent) for (let i = 0; i < graph.absent.length; i++) if (this.anywhere(graph.absent[i]!)) return null;
    if (any) {
      let hit: Evidence[] | null = null;
      for (let i = 0; i < any.length && !hit; i++) hit = this.match(c, any[i]!);
      if (!hit) return null;
      pushAll(extra, hit);
    }
    if (all)
      for (let i = 0; i < all.length; i++) {
        const hit = this.match(c, all[i]!);
        if (!hit) return null;
        pushAll(extra, hit);
      }
    if (m.not && this.match(c, m.not)) return null;
    return extra;
  }

  /** Evidence of the first neighbour over `t` that matches (edge evidence plus the neighbour's), or null. */
  neighbour(c: Component, t: EdgeTest): Evidence[] | null {
    const hops = this.g.walk(c.id, t.edge, t.direction ?? 'out', t.maxHops ?? 1);
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      const hit = t.match ? this.match(hop.component, t.match) : [];
      if (!hit) continue;
      const out: Evidence[] = [];
      for (const e of hop.via) pushAll(out, e.evidence);
      pushAll(out, hit);
      return out;
    }
    return null;
  }

  /** First component (by id) anywhere in the graph that matches. */
  anywhere(m: Matcher): Component | null {
    const cached = this.anywhereCache.get(m);
    if (cached !== undefined) return cached;
    const found = [...this.pool(m)].sort((a, b) => (a.id < b.id ? -1 : 1)).find((c) => this.match(c, m)) ?? null;
    this.anywhereCache.set(m, found);
    return found;
  }

  /**
   * `pool(m)` without the components that cannot match because of their kind, in the same order: a condition with
   * no kind of its own whose every `any` branch (or one `all` branch) names kinds can only match those kinds. Five
   * threats are written that way, and each would otherwise try every component of a monorepo. Shared: never change it.
   */
  candidates(m: Matcher): Component[] {
    if (m.kind !== undefined) return this.pool(m);
    let list = this.narrowed.get(m);
    if (!list) {
      const kinds = requiredKinds(m);
      list = kinds ? this.g.components.filter((c) => kinds.has(c.kind)) : this.g.components;
      this.narrowed.set(m, list);
    }
    return list;
  }

  /** Candidates for a matcher: the kind index when the matcher names kinds, else every component. Shared: never change it. */
  pool(m: Matcher): Component[] {
    let pool = this.pools.get(m);
    if (!pool) {
      const kinds = this.prepare(m).kinds;
      pool = kinds ? kinds.flatMap((k) => this.g.byKind.get(k) ?? []) : this.g.components;
      this.pools.set(m, pool);
    }
    return pool;
  }
}

/** Kinds a component must have to match `m`, or undefined when any kind may. */
export function requiredKinds(m: Matcher): Set<string> | undefined {
  const own = kindList(m);
  if (own) return new Set(own);
  if (m.any?.length) {
    const union = new Set<string>();
    for (const sub of m.any) {
      const kinds = requiredKinds(sub);
      if (!kinds) return m.all ? firstOfAll(m.all) : undefined;
      for (const k of kinds) union.add(k);
    }
    return union;
  }
  return m.all ? firstOfAll(m.all) : undefined;
}

function firstOfAll(all: readonly Matcher[]): Set<string> | undefined {
  for (const sub of all) {
    const kinds = requiredKinds(sub);
    if (kinds) return kinds;
  }
  return undefined;
}

/**
 * Does a condition already ask for this context flag or attribute, on the component or a neighbour it requires?
 * Then the context modifier for it is part of the condition and is not counted again.
 */
export function mentions(m: Matcher, ctxFlag: string, attrs: string[]): boolean {
  if (m.context && ctxFlag in m.context) return true;
  if (m.attributes && attrs.some((a) => a in m.attributes!)) return true;
  const nested = [...(m.any ?? []), ...(m.all ?? []), ...(m.edges ?? []).flatMap((e) => (e.match ? [e.match] : []))];
  return nested.some((s) => mentions(s, ctxFlag, attrs));
}

function pushAll<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]!);
}
