import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp, sortEvidence } from '../../src/model/order.js';
import type { Evidence } from '../../src/model/types.js';

// sortEvidence as first written (a key per item, then a sort), kept as the oracle for the shortcut that hands an
// already strictly ordered list back without keys.
function oracle(list: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of list) {
    const key = `${e.path}\0${e.line}\0${e.note ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort((a, b) => cmp(a.path, b.path) || a.line - b.line || cmp(a.note ?? '', b.note ?? ''));
}

// Few values, so ties and duplicates are common; '' and a missing note share a key; odd lines included.
const evidence: fc.Arbitrary<Evidence> = fc.oneof(
  fc.record({ path: fc.constantFrom('a.py', 'b.py', 'a/b.py'), line: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ path: fc.constantFrom('a.py', 'b.py'), line: fc.integer({ min: 1, max: 3 }), note: fc.constantFrom('', 'x', 'y') }),
  fc.record({ path: fc.constant('a.py'), line: fc.constantFrom(Number.NaN, -0, 0, 2, 1.5, Infinity) }),
);

describe('sortEvidence', () => {
  it('gives what keying and sorting every item gives, sorted input or not: same objects, same order, a new list', () => {
    fc.assert(
      fc.property(fc.array(evidence, { maxLength: 10 }), fc.boolean(), (raw, presort) => {
        const list = presort ? oracle(raw) : raw;
        const got = sortEvidence(list);
        const want = oracle(list);
        expect(got).toStrictEqual(want);
        got.forEach((e, k) => expect(e).toBe(want[k]));
        expect(got).not.toBe(list);
      }),
      { numRuns: 2000 },
    );
  });
});
