import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp } from '../../src/model/order.js';
import type { Component, Edge } from '../../src/model/types.js';
import type { Catalog } from '../../src/threats/catalog-types.js';
import { Graph } from '../../src/threats/graph.js';

// The breadth-first walk as first written (a Set of ids, each hop copying its path), kept as the oracle for the
// walk over numbered components with paths listed on demand.
function walkOracle(edges: Edge[], ids: Set<string>, start: string, kinds: readonly string[], direction: 'out' | 'in' | 'any', maxHops: number) {
  const sorted = [...edges].sort((a, b) => cmp(a.from, b.from) || cmp(a.kind, b.kind) || cmp(a.to, b.to)).filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const edgesOf = (id: string, dir: 'out' | 'in') => sorted.filter((e) => (dir === 'out' ? e.from : e.to) === id);
  if (!ids.has(start)) return [];
  const seen = new Set([start]);
  const found: { id: string; via: Edge[] }[] = [];
  let frontier: { id: string; via: Edge[] }[] = [{ id: start, via: [] }];
  for (let hop = 0; hop < maxHops && frontier.length; hop++) {
    const next: { id: string; via: Edge[] }[] = [];
    const step = (h: { via: Edge[] }, e: Edge, to: string) => {
      if (seen.has(to)) return;
      seen.add(to);
      const n = { id: to, via: [...h.via, e] };
      next.push(n);
      found.push(n);
    };
    for (const h of frontier) {
      if (direction !== 'in') for (const e of edgesOf(h.id, 'out')) if (kinds.includes(e.kind)) step(h, e, e.to);
      if (direction !== 'out') for (const e of edgesOf(h.id, 'in')) if (kinds.includes(e.kind)) step(h, e, e.from);
    }
    frontier = next;
  }
  return found;
}

const NODES = ['a', 'b', 'c', 'd', 'e', 'f'];
const KINDS = ['uses-tool', 'retrieves', 'ingests'];
const edge = fc.record({ from: fc.constantFrom(...NODES, 'ghost'), to: fc.constantFrom(...NODES), kind: fc.constantFrom(...KINDS), n: fc.integer({ min: 1, max: 3 }) });

describe('graph walks', () => {
  it('reach the components the plain breadth-first walk reaches, in its order and by its paths', () => {
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), (specs, nodes) => {
        const components: Component[] = NODES.slice(0, nodes).map((id, k) => ({ id, kind: k % 2 ? 'agent' : 'tool', layer: 'L3', name: id, source: 'inferred', evidence: [{ path: `${id}.py`, line: 1 }] }));
        // Duplicate ids are kept once by the graph; edges to missing components and self-loops are left out.
        components.push({ ...components[0]!, name: 'dup' });
        const edges: Edge[] = specs.map((s) => ({ from: s.from, to: s.to, kind: s.kind, evidence: [{ path: `${s.from}.py`, line: s.n }] }));
        const g = new Graph(components, edges, { capabilities: [] } as unknown as Catalog);
        const ids = new Set(components.map((c) => c.id));
        for (const start of [...NODES, 'ghost'])
          for (const kinds of [['uses-tool'], ['retrieves', 'ingests'], KINDS])
            for (const direction of ['out', 'in', 'any'] as const)
              for (const hops of [1, 2, 3]) {
                // Twice: the second answer comes from the walk cache.
                for (let k = 0; k < 2; k++) {
                  const got = g.walk(start, kinds, direction, hops).map((h) => ({ id: h.id, via: [...h.via] }));
                  expect(got).toEqual(walkOracle(edges, ids, start, kinds, direction, hops));
                }
                // Filtered by the kind of component reached: the walk's hops of those kinds, in walk order.
                for (const targets of [undefined, ['tool'], ['agent'], ['agent', 'tool']]) {
                  const want = g.walk(start, kinds, direction, hops).filter((h) => !targets || targets.includes(h.component.kind));
                  expect(g.walkTo(start, kinds, direction, hops, targets)).toEqual(want);
                }
              }
      }),
      { numRuns: 200 },
    );
  });
});
