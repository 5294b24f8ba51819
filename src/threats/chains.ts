import path from 'node:path';
import type { Component, Diagnostic, Evidence } from '../model/types.js';
import type { ChainStepDef, ChainTemplate, StepLink } from './catalog-types.js';
import type { Matching } from './match.js';

export interface ChainLimits {
  /** Chain instances kept per template. */
  perTemplate: number;
  /** Chain instances kept over all templates. */
  total: number;
  /** Partial paths tried per template before the walk gives up (guards against dense graphs). */
  expansionsPerTemplate: number;
}

export const DEFAULT_CHAIN_LIMITS: ChainLimits = { perTemplate: 200, total: 2000, expansionsPerTemplate: 200_000 };

export interface ChainInstance {
  template: ChainTemplate;
  steps: { def: ChainStepDef; component: Component; linkEvidence: Evidence[] }[];
}

type Candidate = [Component, Evidence[]];

const DIR = { forward: 'out', backward: 'in', any: 'any' } as const;

/**
 * Depth-first walk of each template over the graph, one step at a time: the first step's candidates come from the
 * kind index, each later step's from the adjacency of the step it links to, so the cost follows the edges that
 * exist rather than the product of all components. A component takes at most one step in a chain; a component
 * with no evidence never takes one. Limits cut the walk and say so in a `bound-reached` diagnostic.
 */
export function enumerateChains(m: Matching, templates: readonly ChainTemplate[], limits: ChainLimits, diagnostics: Diagnostic[]): ChainInstance[] {
  const all: ChainInstance[] = [];
  for (const t of templates) {
    if (all.length >= limits.total) {
      diagnostics.push({ path: '.', code: 'bound-reached', message: `chain template ${t.id} skipped: ${limits.total} chains in total already found` });
      continue;
    }
    const room = Math.min(limits.perTemplate, limits.total - all.length);
    const { found, cut } = walkTemplate(m, t, room, limits.expansionsPerTemplate);
    all.push(...found);
    if (cut) diagnostics.push({ path: '.', code: 'bound-reached', message: `chain template ${t.id}: enumeration stopped at ${cut}; more chains may exist` });
  }
  return all;
}

function walkTemplate(m: Matching, t: ChainTemplate, room: number, budget: number): { found: ChainInstance[]; cut?: string } {
  const found: ChainInstance[] = [];
  const index = new Map(t.steps.map((s, i) => [s.id, i]));
  const assigned: Component[] = [];
  const linkEv: Evidence[][] = [];
  let expansions = 0;
  let cut: string | undefined;
  // Which earlier steps each step hangs off; a step's candidates depend only on those, so they are memoised.
  const fromSteps = t.steps.map((s, i) =>
    i === 0 ? [] : [...new Set(links(s).flatMap((l) => (l.from === undefined ? [i - 1] : (Array.isArray(l.from) ? l.from : [l.from]).map((f) => index.get(f)!))))],
  );
  const memo = t.steps.map(() => new Map<Component | string, Candidate[]>());

  const candidates = (i: number): Candidate[] => {
    const from = fromSteps[i]!;
    // Most steps hang off one earlier step: key by that component object, which avoids building strings.
    const key = from.length === 0 ? '' : from.length === 1 ? assigned[from[0]!]! : from.map((k) => assigned[k]!.id).join('|');
    let hit = memo[i]!.get(key);
    if (!hit) memo[i]!.set(key, (hit = compute(i)));
    return hit;
  };

  /** After step i is assigned, a later step that now has all its anchors but no candidate makes the branch dead. */
  const deadEnd = (i: number): boolean => {
    for (let j = i + 1; j < t.steps.length; j++) {
      const from = fromSteps[j]!;
      if (from.includes(i) && from.every((k) => k <= i) && candidates(j).length === 0) return true;
    }
    return false;
  };

  const compute = (i: number): Candidate[] => {
    const s = t.steps[i]!;
    const out = new Map<string, Candidate>();
    const offer = (c: Component, ev: Evidence[]) => {
      if (out.has(c.id) || !c.evidence.length) return;
      const hit = m.match(c, s.match);
      if (hit) out.set(c.id, [c, [...ev, ...hit]]);
    };
    if (i === 0) for (const c of m.pool(s.match)) offer(c, []);
    else
      for (const link of links(s)) {
        const froms = link.from === undefined ? [t.steps[i - 1]!.id] : Array.isArray(link.from) ? link.from : [link.from];
        for (const f of froms) {
          const from = assigned[index.get(f)!]!;
          for (const [c, ev] of linked(m, from, link, s)) offer(c, ev);
        }
      }
    return [...out.values()].sort((a, b) => (a[0].id < b[0].id ? -1 : a[0].id > b[0].id ? 1 : 0));
  };

  const taken = (c: Component, i: number) => {
    for (let k = 0; k < i; k++) if (assigned[k] === c) return true;
    return false;
  };

  const rec = (i: number): void => {
    if (i === t.steps.length) {
      found.push({ template: t, steps: t.steps.map((def, k) => ({ def, component: assigned[k]!, linkEvidence: linkEv[k]! })) });
      if (found.length >= room) cut = `${room} chains`;
      return;
    }
    for (const [c, ev] of candidates(i)) {
      if (++expansions > budget) {
        cut = `${budget} partial paths`;
        return;
      }
      if (taken(c, i)) continue;
      assigned[i] = c;
      linkEv[i] = ev;
      if (deadEnd(i)) continue;
      rec(i + 1);
      if (cut) return;
    }
  };
  rec(0);
  return { found, cut };
}

function links(s: ChainStepDef): StepLink[] {
  return s.link === undefined ? [] : Array.isArray(s.link) ? s.link : [s.link];
}

function linked(m: Matching, from: Component, link: StepLink, s: ChainStepDef): Candidate[] {
  const g = m.g;
  if (link.edge) {
    return g.walk(from.id, link.edge, DIR[link.direction ?? 'forward'], link.maxHops ?? 1).map((h) => [g.byId.get(h.id)!, h.via.flatMap((e) => e.evidence)]);
  }
  if (link.relation === 'same-file') {
    const paths = new Set(from.evidence.map((e) => e.path));
    return [...paths].flatMap((p) => g.byPath.get(p) ?? []).map((c) => [c, []]);
  }
  if (link.relation === 'contains') {
    // The earlier step's file governs its directory tree (a requirements.txt, a package.json).
    const dirs = [...new Set(from.evidence.map((e) => path.posix.dirname(e.path)))];
    const inside = (p: string) => dirs.some((d) => d === '.' || d === '' || p.startsWith(`${d}/`));
    return m.pool(s.match).filter((c) => c.evidence.some((e) => inside(e.path))).map((c) => [c, []]);
  }
  return m.pool(s.match).map((c) => [c, []]);
}
