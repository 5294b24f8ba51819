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

/** A matcher's kinds and its attribute and context tests as lists, made once per matcher object. */
interface Prepared {
  kinds: readonly string[] | undefined;
  attributes: readonly [string, AttrTest][] | undefined;
  context: readonly [string, unknown][] | undefined;
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
      p = { kinds: kindList(m), attributes: m.attributes && Object.entries(m.attributes), context: m.context && Object.entries(m.context) };
      this.prepared.set(m, p);
    }
    return p;
  }

  match(c: Component, m: Matcher): Evidence[] | null {
    const g = this.g;
    const p = this.prepare(m);
    if (p.kinds && !p.kinds.includes(c.kind)) return null;
    if (p.attributes) {
      const attrs = g.attrs(c);
      for (const [name, test] of p.attributes) if (!testAttr(attrs[name], test)) return null;
    }
    if (m.capabilities) {
      const caps = c.capabilities ?? [];
      const { any, all, none } = m.capabilities;
      if (any && !any.some((x) => caps.includes(x))) return null;
      if (all && !all.every((x) => caps.includes(x))) return null;
      if (none && none.some((x) => caps.includes(x))) return null;
    }
    if (m.framework && !(c.framework && m.framework.includes(c.framework))) return null;
    if (p.context) {
      const ctx = g.context(c.id);
      for (const [k, v] of p.context) if (ctx[k as keyof typeof ctx] !== v) return null;
    }
    const extra: Evidence[] = [];
    for (const t of m.edges ?? []) {
      const hit = this.neighbour(c, t);
      if (!hit) return null;
      extra.push(...hit);
    }
    for (const t of m.noEdges ?? []) if (this.neighbour(c, t)) return null;
    for (const x of m.graph?.exists ?? []) {
      const found = this.anywhere(x);
      if (!found) return null;
      extra.push(...found.evidence);
    }
    for (const x of m.graph?.absent ?? []) if (this.anywhere(x)) return null;
    if (m.any) {
      let hit: Evidence[] | null = null;
      for (const sub of m.any) if ((hit = this.match(c, sub))) break;
      if (!hit) return null;
      extra.push(...hit);
    }
    for (const sub of m.all ?? []) {
      const hit = this.match(c, sub);
      if (!hit) return null;
      extra.push(...hit);
    }
    if (m.not && this.match(c, m.not)) return null;
    return extra;
  }

  /** Evidence of the first neighbour over `t` that matches (edge evidence plus the neighbour's), or null. */
  neighbour(c: Component, t: EdgeTest): Evidence[] | null {
    for (const hop of this.g.walk(c.id, t.edge, t.direction ?? 'out', t.maxHops ?? 1)) {
      const n = hop.component;
      const hit = t.match ? this.match(n, t.match) : [];
      if (hit) return [...hop.via.flatMap((e) => e.evidence), ...hit];
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
