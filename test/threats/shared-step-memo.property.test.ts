import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/types.js';
import type { ChainTemplate, StepLink } from '../../src/threats/catalog-types.js';
import { type ChainInstance, enumerateChains } from '../../src/threats/chains.js';
import { Graph } from '../../src/threats/graph.js';
import { loadCatalog } from '../../src/threats/load.js';
import { Matching } from '../../src/threats/match.js';
import { buildModel } from './build-model.js';
import { overlaidExamples } from './overlaid-examples.js';

const catalog = loadCatalog();
const limits = { perTemplate: 10_000, total: 100_000, expansionsPerTemplate: 1_000_000 };

/**
 * Each real template, plus look-alikes that differ from it in one step's link only (direction, hops, anchor, or no
 * link at all), so a step that matches alike but links otherwise is always there to be confused with.
 */
function withLookAlikes(templates: readonly ChainTemplate[]): ChainTemplate[] {
  const out: ChainTemplate[] = [];
  const turn = { forward: 'backward', backward: 'any', any: 'forward' } as const;
  for (const t of templates) {
    out.push(t);
    t.steps.forEach((s, i) => {
      if (i === 0 || Array.isArray(s.link) || !s.link) return;
      const l: StepLink = s.link;
      const variants: (StepLink | undefined)[] = [
        l.edge ? { ...l, direction: turn[l.direction ?? 'forward'] } : { ...l, relation: l.relation === 'any' ? 'same-file' : 'any' },
        l.edge ? { ...l, maxHops: (l.maxHops ?? 1) + 1 } : undefined,
        i >= 2 ? { ...l, from: t.steps[0]!.id } : undefined,
      ];
      variants.forEach((v, k) => out.push({ ...t, id: `${t.id}~${i}.${k}`, steps: t.steps.map((x, j) => (j === i ? { ...x, link: v } : x)) }));
    });
  }
  return out;
}
const templates = withLookAlikes(catalog.chains);

const shape = (list: ChainInstance[]) => list.map((i) => i.steps.map((s) => [s.component.id, s.linkEvidence]));

/**
 * Templates share the candidates of steps that link and match alike. Sharing must never hand a template what
 * another template's different step found: each template finds the same chains walked among all of them as alone.
 * The models are several templates' positive examples laid over each other (components of the same name merge)
 * with random extra edges, so chains of many templates meet in one graph.
 */
describe('candidates shared between chain templates', () => {
  it('leave every template with exactly the chains it finds walked alone', () => {
    let found = 0;
    fc.assert(
      fc.property(
        overlaidExamples(catalog, ['uses-tool', 'uses-model', 'retrieves', 'ingests', 'connects-mcp', 'delegates', 'runs', 'exposes'], 8),
        (graph) => {
          const model = buildModel(catalog, graph);
          const g = new Graph(model.components, model.edges, catalog);
          const together = enumerateChains(new Matching(g), templates, limits, [] as Diagnostic[]);
          found += together.length;
          for (const t of templates) {
            const alone = enumerateChains(new Matching(new Graph(model.components, model.edges, catalog)), [t], limits, []);
            expect(shape(together.filter((i) => i.template === t))).toEqual(shape(alone));
          }
        },
      ),
      { numRuns: 40 },
    );
    // The property says nothing unless chains were found.
    expect(found).toBeGreaterThan(40);
  });
});
