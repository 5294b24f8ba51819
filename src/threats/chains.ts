import path from 'node:path';
import type { Component, Diagnostic, Edge, Evidence } from '../model/types.js';
import type { ChainStepDef, ChainTemplate, Matcher, StepLink } from './catalog-types.js';
import type { Hop } from './graph.js';
import { kindList, type Matching } from './match.js';
import { codeLanguage, manifestLanguage, type Language } from '../model/package-files.js';

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
  const contains = new ContainsIndex(m);
  const shared = new Map<string, Map<Component | string, Candidate[]>>();
  for (const t of templates) {
    if (all.length >= limits.total) {
      diagnostics.push({ path: '.', code: 'bound-reached', message: `chain template ${t.id} skipped: ${limits.total} chains in total already found` });
      continue;
    }
    const room = Math.min(limits.perTemplate, limits.total - all.length);
    const { found, cut } = walkTemplate(m, t, room, limits.expansionsPerTemplate, contains, shared);
    all.push(...found);
    if (cut) diagnostics.push({ path: '.', code: 'bound-reached', message: `chain template ${t.id}: enumeration stopped at ${cut}; more chains may exist` });
  }
  return all;
}

function walkTemplate(
  m: Matching,
  t: ChainTemplate,
  room: number,
  budget: number,
  contains: ContainsIndex,
  shared: Map<string, Map<Component | string, Candidate[]>>,
): { found: ChainInstance[]; cut?: string } {
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
  // Templates share steps (three start at an untrusted loader and walk three hops to an agent): a step's candidates
  // are memoised across templates under what decides them, its links (earlier steps by their place among the
  // anchors) and its match.
  const memo = t.steps.map((s, i) => {
    const anchor = (f: string) => fromSteps[i]!.indexOf(index.get(f)!);
    const sig = JSON.stringify([
      i === 0,
      links(s).map((l) => ({ ...l, from: l.from === undefined ? [fromSteps[i]!.indexOf(i - 1)] : (Array.isArray(l.from) ? l.from : [l.from]).map(anchor) })),
      s.match,
    ]);
    let memo = shared.get(sig);
    if (!memo) shared.set(sig, (memo = new Map()));
    return memo;
  });

  const candidates = (i: number): Candidate[] => {
    const from = fromSteps[i]!;
    // Most steps hang off one earlier step: key by that component object, which avoids building strings.
    const key = from.length === 0 ? '' : from.length === 1 ? assigned[from[0]!]! : from.map((k) => assigned[k]!.id).join('|');
    let hit = memo[i]!.get(key);
    if (!hit) memo[i]!.set(key, (hit = compute(i)));
    return hit;
  };

  // After step i is assigned, a later step that now has all its anchors but no candidate makes the branch dead.
  // Which later steps that is never changes (`checks`); those that hang off step i alone (`solo`) are decided by the
  // component at step i alone, so that answer is kept per component: a walk from each of 150 loaders offers the
  // same 150 agents, and the same agent's memory step was otherwise looked up again for every loader.
  const checks = t.steps.map((_, i) => t.steps.map((_s, j) => j).filter((j) => j > i && fromSteps[j]!.includes(i) && fromSteps[j]!.every((k) => k <= i)));
  const solo = checks.map((js) => js.filter((j) => fromSteps[j]!.length === 1));
  const multi = checks.map((js) => js.filter((j) => fromSteps[j]!.length > 1));
  const soloDead = t.steps.map(() => new Map<Component, boolean>());
  const deadEnd = (i: number): boolean => {
    const c = assigned[i]!;
    let dead = soloDead[i]!.get(c);
    if (dead === undefined) {
      dead = solo[i]!.some((j) => candidates(j).length === 0);
      soloDead[i]!.set(c, dead);
    }
    return dead || multi[i]!.some((j) => candidates(j).length === 0);
  };

  const compute = (i: number): Candidate[] => {
    const s = t.steps[i]!;
    const out = new Map<string, Candidate>();
    // The edges walked become evidence only for a neighbour that matches: most neighbours of a wide walk do not,
    // and most are not even of the step's kinds (a three-hop walk from a loader through a store that every agent
    // reads reaches every agent and tool), which is checked first.
    const kinds = kindList(s.match);
    const offer = (c: Component, hop: Hop | undefined) => {
      if ((kinds && !kinds.includes(c.kind)) || out.has(c.id) || !c.evidence.length) return;
      const hit = m.match(c, s.match);
      if (hit) out.set(c.id, [c, hop ? [...hop.via.flatMap((e) => e.evidence), ...hit] : [...hit]]);
    };
    if (i === 0) for (const c of m.pool(s.match)) offer(c, undefined);
    else
      for (const link of links(s)) {
        const froms = link.from === undefined ? [t.steps[i - 1]!.id] : Array.isArray(link.from) ? link.from : [link.from];
        for (const f of froms) {
          const from = assigned[index.get(f)!]!;
          if (link.edge) {
            const g = m.g;
            for (const h of g.walkTo(from.id, link.edge, DIR[link.direction ?? 'forward'], link.maxHops ?? 1, kinds)) offer(h.component, h);
          } else for (const c of related(m, contains, from, link, s)) offer(c, undefined);
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

/** Candidates a `relation` link (not an edge) offers, in pool order. */
function related(m: Matching, contains: ContainsIndex, from: Component, link: StepLink, s: ChainStepDef): Component[] {
  const g = m.g;
  if (link.relation === 'same-file') {
    const paths = new Set(from.evidence.map((e) => e.path));
    return [...paths].flatMap((p) => g.byPath.get(p) ?? []);
  }
  if (link.relation === 'contains') return contains.inside(s.match, from);
  return m.pool(s.match);
}

/**
 * The `contains` relation: the earlier step's file governs its directory tree (a requirements.txt, a package.json),
 * so a candidate qualifies when one of its evidence paths lies below the folder of one of the earlier step's
 * evidence paths, and, when that file is a dependency manifest, is code of the manifest's language: a root
 * package.json installs nothing a Python agent imports. Each pool is indexed once per language by every folder above
 * each evidence path, so a lookup costs the folders asked about instead of a test of every pair.
 */
export class ContainsIndex {
  private readonly byMatcher = new Map<Matcher, Map<Language | undefined, ContainsPool>>();
  constructor(private readonly m: Matching) {}

  inside(match: Matcher, from: Component): Component[] {
    const pool = this.m.pool(match);
    const langs = new Set(from.evidence.map((e) => manifestLanguage(e.path)));
    const hits = new Set<number>();
    for (const lang of langs) {
      const { anywhere, anywhereComponents, below } = this.indexOf(match, lang);
      const dirs = [...new Set(from.evidence.filter((e) => manifestLanguage(e.path) === lang).map((e) => path.posix.dirname(e.path)))];
      // A file at the root governs the whole repository (what has a place in it).
      if (dirs.some((d) => d === '.' || d === '')) {
        if (langs.size === 1) return anywhereComponents;
        for (const k of anywhere) hits.add(k);
        continue;
      }
      for (const d of dirs) for (const k of below.get(d) ?? []) hits.add(k);
    }
    return [...hits].sort((a, b) => a - b).map((k) => pool[k]!);
  }

  private indexOf(match: Matcher, lang: Language | undefined): ContainsPool {
    let byLang = this.byMatcher.get(match);
    if (!byLang) this.byMatcher.set(match, (byLang = new Map()));
    let ix = byLang.get(lang);
    if (ix) return ix;
    const pool = this.m.pool(match);
    const below = new Map<string, number[]>();
    const anywhere: number[] = [];
    pool.forEach((c, k) => {
      let placed = false;
      for (const e of c.evidence) {
        if (lang && codeLanguage(e.path) !== lang) continue;
        placed = true;
        // `p.startsWith(d + '/')` holds exactly for the d that end where p has a slash.
        for (let at = e.path.indexOf('/'); at >= 0; at = e.path.indexOf('/', at + 1)) {
          const d = e.path.slice(0, at);
          const list = below.get(d);
          if (!list) below.set(d, [k]);
          else if (list[list.length - 1] !== k) list.push(k);
        }
      }
      if (placed) anywhere.push(k);
    });
    ix = { anywhere, anywhereComponents: anywhere.map((k) => pool[k]!), below };
    byLang.set(lang, ix);
    return ix;
  }
}

/** A pool's members with a place (as numbers in the pool, and themselves), and by each folder above that place. */
interface ContainsPool {
  anywhere: number[];
  anywhereComponents: Component[];
  below: Map<string, number[]>;
}
