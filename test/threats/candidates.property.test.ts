import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../src/model/types.js';
import type { Catalog, Matcher } from '../../src/threats/catalog-types.js';
import { Graph } from '../../src/threats/graph.js';
import { Matching } from '../../src/threats/match.js';

// The threat loop tries a condition on `candidates(m)` instead of every component of `pool(m)`: the components it
// leaves out must be ones that cannot match, and the order of those that can must not change.
const KINDS = ['agent', 'tool', 'model', 'memory'];
const leaf: fc.Arbitrary<Matcher> = fc.oneof(
  fc.record({ kind: fc.oneof(fc.constantFrom(...KINDS), fc.subarray(KINDS, { minLength: 1 })) }),
  fc.record({ attributes: fc.constant({ flag: true }) }),
  fc.record({ kind: fc.constantFrom(...KINDS), attributes: fc.constant({ flag: true }) }),
  fc.constant({}),
);
const matcher: fc.Arbitrary<Matcher> = fc.letrec<{ m: Matcher }>((tie) => ({
  m: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ any: fc.array(tie('m'), { maxLength: 3 }) }),
    fc.record({ all: fc.array(tie('m'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('m'), { maxLength: 3 }), all: fc.array(tie('m'), { maxLength: 2 }) }),
    fc.record({ any: fc.array(tie('m'), { maxLength: 2 }), not: tie('m') }),
  ),
})).m;
const component = fc.record({ kind: fc.constantFrom(...KINDS), flag: fc.boolean(), name: fc.constantFrom('a', 'b', 'c') });

describe('a condition tried on its candidates only', () => {
  it('matches exactly the components it matches over the whole pool, in the same order', () => {
    fc.assert(
      fc.property(fc.array(component, { maxLength: 12 }), fc.array(matcher, { minLength: 1, maxLength: 4 }), (specs, matchers) => {
        const components: Component[] = specs.map((s, i) => ({
          id: `${s.kind}:f${i % 5}.py#${s.name}`,
          kind: s.kind,
          layer: 'L3',
          name: s.name,
          source: 'inferred',
          attributes: { flag: s.flag },
          evidence: [{ path: `f${i}.py`, line: 1 }],
        }));
        const m = new Matching(new Graph(components, [], { capabilities: [] } as unknown as Catalog));
        for (const x of matchers) {
          const want = m.pool(x).filter((c) => m.match(c, x));
          const got = m.candidates(x).filter((c) => m.match(c, x));
          expect(got.length).toBe(want.length);
          got.forEach((c, k) => expect(c).toBe(want[k]));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
