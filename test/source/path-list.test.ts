import { describe, expect, it } from 'vitest';
import { cmp } from '../../src/model/order.js';
import { PathList } from '../../src/source/path-list.js';

// Paths as git sorts them (bytewise), with awkward ones: a code point above U+FFFF sorts after U+FFFD in bytes
// but before it in UTF-16 code units, the order `cmp` and the listing use.
const PATHS = ['a.py', 'a/b.py', 'a/c/d.ts', 'b-c', 'b/x', 'b0', 'z/\ufffd.txt', 'z/🚀.txt', 'zz'];
const bytewise = [...PATHS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
const PREFIX = '0123abcd:';
const text = (paths: string[]) => paths.map((p) => PREFIX + p + '\0').join('');

describe('PathList', () => {
  const asked = [...PATHS, 'a', 'a/b', 'b', 'c.py', 'z/x', '', 'zzz'].sort(cmp);

  it('answers as a Set of the paths for questions in listing order', () => {
    for (const keep of [PATHS, PATHS.filter((_, i) => i % 2 === 0), [], ['zz'], ['a.py']]) {
      const list = new PathList(text(bytewise.filter((p) => keep.includes(p))), PREFIX);
      for (const p of asked) expect([p, list.has(p)]).toEqual([p, keep.includes(p)]);
    }
  });

  it('answers questions in any order, and lists that are out of order or unprefixed', () => {
    const shuffled = [...asked].reverse();
    const list = new PathList(text(PATHS), PREFIX);
    for (const p of [...asked.slice(0, 3), ...shuffled]) expect([p, list.has(p)]).toEqual([p, PATHS.includes(p)]);
    const unordered = new PathList(text([...PATHS].reverse()) + '\0\0', PREFIX);
    for (const p of asked) expect([p, unordered.has(p)]).toEqual([p, PATHS.includes(p)]);
    const mixed = new PathList(`${PREFIX}a.py\0b0\0${PREFIX}zz\0`, PREFIX);
    for (const p of asked) expect([p, mixed.has(p)]).toEqual([p, ['a.py', 'b0', 'zz'].includes(p)]);
    const plain = new PathList(PATHS.join('\0'));
    for (const p of asked) expect([p, plain.has(p)]).toEqual([p, PATHS.includes(p)]);
  });
});
