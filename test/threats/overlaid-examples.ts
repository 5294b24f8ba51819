import fc from 'fast-check';
import type { Catalog, ExampleGraph } from '../../src/threats/catalog-types.js';

/**
 * Two to six chain templates' positive examples laid over each other, plus up to `maxExtra` edges of the given kinds
 * between their components (picked by index): graphs where chains of several templates meet and cross.
 */
export function overlaidExamples(catalog: Catalog, edgeKinds: readonly string[], maxExtra: number): fc.Arbitrary<ExampleGraph> {
  const n = catalog.chains.length;
  return fc
    .tuple(fc.uniqueArray(fc.nat(n - 1), { minLength: 2, maxLength: 6 }), fc.array(fc.tuple(fc.nat(40), fc.constantFrom(...edgeKinds), fc.nat(40)), { maxLength: maxExtra }))
    .map(([picked, extra]) => {
      const graph: ExampleGraph = { components: [], edges: [] };
      for (const k of picked) {
        const ex = catalog.chains[k]!.examples.positive;
        graph.components.push(...ex.components);
        graph.edges.push(...ex.edges);
      }
      const names = graph.components.map((c) => c.id);
      for (const [a, kind, b] of extra) graph.edges.push([names[a % names.length]!, kind, names[b % names.length]!]);
      return graph;
    });
}
