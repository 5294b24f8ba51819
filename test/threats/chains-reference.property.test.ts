import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Component, Diagnostic, Edge, Evidence } from '../../src/model/types.js';
import type { ChainStepDef, ChainTemplate, StepLink } from '../../src/threats/catalog-types.js';
import { ContainsIndex, type ChainInstance, enumerateChains } from '../../src/threats/chains.js';
import { Graph } from '../../src/threats/graph.js';
import { loadCatalog } from '../../src/threats/load.js';
import { Matching } from '../../src/threats/match.js';
import { buildModel } from './build-model.js';
import { overlaidExamples } from './overlaid-examples.js';

const catalog = loadCatalog();
const limits = { perTemplate: 10_000, total: 100_000, expansionsPerTemplate: 1_000_000 };
const DIR = { forward: 'out', backward: 'in', any: 'any' } as const;
const links = (s: ChainStepDef): StepLink[] => (s.link === undefined ? [] : Array.isArray(s.link) ? s.link : [s.link]);

/**
 * The walk with nothing remembered and nothing pruned: each step's candidates worked out afresh for every partial
 * chain, every branch followed to its end. Below the limits the walker must find exactly these chains, in this order,
 * with the same link evidence, whatever it memoises (across templates, by kind of neighbour) or prunes (dead ends).
 */
function plainWalk(m: Matching, t: ChainTemplate): ChainInstance[] {
  const found: ChainInstance[] = [];
  const index = new Map(t.steps.map((s, i) => [s.id, i]));
  const contains = new ContainsIndex(m);
  const assigned: Component[] = [];
  const linkEv: Evidence[][] = [];
  const candidates = (i: number): [Component, Evidence[]][] => {
    const s = t.steps[i]!;
    const out = new Map<string, [Component, Evidence[]]>();
    const offer = (c: Component, via: readonly Edge[] | undefined) => {
      if (out.has(c.id) || !c.evidence.length) return;
      const hit = m.match(c, s.match);
      if (hit) out.set(c.id, [c, via ? [...via.flatMap((e) => e.evidence), ...hit] : [...hit]]);
    };
    if (i === 0) for (const c of m.pool(s.match)) offer(c, undefined);
    else
      for (const link of links(s)) {
        const froms = link.from === undefined ? [t.steps[i - 1]!.id] : Array.isArray(link.from) ? link.from : [link.from];
        for (const f of froms) {
          const from = assigned[index.get(f)!]!;
          if (link.edge) for (const h of m.g.walk(from.id, link.edge, DIR[link.direction ?? 'forward'], link.maxHops ?? 1)) offer(m.g.byId.get(h.id)!, h.via);
          else if (link.relation === 'same-file') for (const p of new Set(from.evidence.map((e) => e.path))) for (const c of m.g.byPath.get(p) ?? []) offer(c, undefined);
          else if (link.relation === 'contains') for (const c of contains.inside(s.match, from)) offer(c, undefined);
          else for (const c of m.pool(s.match)) offer(c, undefined);
        }
      }
    return [...out.values()].sort((a, b) => (a[0].id < b[0].id ? -1 : a[0].id > b[0].id ? 1 : 0));
  };
  const rec = (i: number): void => {
    if (i === t.steps.length) {
      found.push({ template: t, steps: t.steps.map((def, k) => ({ def, component: assigned[k]!, linkEvidence: linkEv[k]! })) });
      return;
    }
    for (const [c, ev] of candidates(i)) {
      if (assigned.slice(0, i).includes(c)) continue;
      assigned[i] = c;
      linkEv[i] = ev;
      rec(i + 1);
    }
  };
  rec(0);
  return found;
}

const shape = (list: ChainInstance[]) => list.map((i) => i.steps.map((s) => [s.component.id, s.linkEvidence]));

describe('the chain walker', () => {
  it('finds what the plain walk finds, over several templates examples laid over each other with extra edges', () => {
    let found = 0;
    fc.assert(
      fc.property(
        overlaidExamples(catalog, ['uses-tool', 'uses-model', 'retrieves', 'ingests', 'connects-mcp', 'delegates', 'runs', 'exposes', 'uses-memory'], 10),
        (graph) => {
          const model = buildModel(catalog, graph);
          const m = new Matching(new Graph(model.components, model.edges, catalog));
          const all = enumerateChains(m, catalog.chains, limits, [] as Diagnostic[]);
          found += all.length;
          const plain = new Matching(new Graph(model.components, model.edges, catalog));
          for (const t of catalog.chains) expect(shape(all.filter((i) => i.template === t))).toEqual(shape(plainWalk(plain, t)));
        },
      ),
      { numRuns: 60 },
    );
    expect(found).toBeGreaterThan(60);
  });
});
