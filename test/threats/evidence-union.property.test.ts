import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortEvidence } from '../../src/model/order.js';
import type { Evidence } from '../../src/model/types.js';
import { EvidenceUnion } from '../../src/threats/evidence-union.js';

// Few values, so duplicates and ties are common; a note of '' and a missing note share sortEvidence's key.
const evidence: fc.Arbitrary<Evidence> = fc.oneof(
  fc.record({ path: fc.constantFrom('a.py', 'b.py', 'a/b.py'), line: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ path: fc.constantFrom('a.py', 'b.py'), line: fc.integer({ min: 1, max: 3 }), note: fc.constantFrom('', 'x', 'y') }),
  fc.record({ path: fc.constant('a.py'), line: fc.constantFrom(Number.NaN, -0, 2) }),
);
const list = fc.array(evidence, { maxLength: 8 });

describe('evidence merged into an already sorted list', () => {
  it('is exactly what sortEvidence gives for the concatenation: same items, same objects, same order', () => {
    fc.assert(
      fc.property(list, fc.boolean(), fc.array(list, { maxLength: 4 }), (raw, presort, extras) => {
        const base = presort ? sortEvidence(raw) : raw;
        const union = new EvidenceUnion();
        for (const extra of [[], ...extras]) {
          const got = union.of(base, extra);
          const want = sortEvidence([...base, ...extra]);
          expect(got).toStrictEqual(want);
          got.forEach((e, k) => expect(e).toBe(want[k]));
          expect(got).not.toBe(base);
        }
        expect(union.first(base)).toBe(sortEvidence(base)[0]);
      }),
      { numRuns: 1000 },
    );
  });
});
