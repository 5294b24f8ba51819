import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/model/same-json.js';

// sameJson stands for comparing JSON texts: every pair here is checked against JSON.stringify as well.
const cases: [unknown, unknown][] = [
  [{ a: 1, b: [1, 2, { c: 'x' }] }, { a: 1, b: [1, 2, { c: 'x' }] }],
  [{ a: 1, b: 2 }, { b: 2, a: 1 }], // same members, other order: other text
  [[1, 2], [1, 2, 3]],
  [[1, [2]], [1, [3]]],
  [{ a: null }, { a: {} }],
  [{ a: [] }, { a: {} }],
  [{ a: '1' }, { a: 1 }],
  [{ a: true }, { a: false }],
  [{ components: [{ id: 'x', evidence: [{ path: 'a.py', line: 1 }] }] }, { components: [{ id: 'x', evidence: [{ path: 'a.py', line: 2 }] }] }],
  ['', ''],
  [0, -0],
];

describe('sameJson', () => {
  it('answers as a comparison of the JSON texts would', () => {
    for (const [a, b] of cases) expect([a, b, sameJson(a, b)]).toEqual([a, b, JSON.stringify(a) === JSON.stringify(b)]);
  });

  it('takes a property left undefined on one side as a difference (an evaluation, never a wrong reuse)', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(false);
    expect(sameJson({ a: undefined }, { a: undefined })).toBe(true);
  });
});
