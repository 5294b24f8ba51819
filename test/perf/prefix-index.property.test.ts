import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnder } from '../../src/detect/infra/common.js';
import { PrefixIndex } from '../../src/model/link-infra-paths.js';

// The all-pairs test the infra linker ran for every Dockerfile COPY source and bind mount, kept as the oracle.
function oracle(items: { paths: string[] }[], prefixes: string[]): { paths: string[] }[] {
  return items.filter((c) => c.paths.some((p) => prefixes.some((t) => isUnder(p, t))));
}

// Few names, so folders nest, repeat and start alike ('a' and 'ab'); odd shapes included.
const segment = fc.constantFrom('a', 'ab', 'b', 'a.b', 'app');
const repoPath = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
  fc.constantFrom('a/', 'a//b', '/a', '', 'ab/'),
);

describe('the path prefix index of the infra linker', () => {
  it('finds exactly the items the all-pairs isUnder test finds, in the order given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ paths: fc.array(repoPath, { maxLength: 3 }) }), { maxLength: 20 }),
        fc.array(fc.array(repoPath, { maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        (items, queries) => {
          const index = new PrefixIndex(items, (c) => c.paths);
          for (const q of queries) {
            const got = index.at(q);
            const want = oracle(items, q);
            expect(got.length).toBe(want.length);
            got.forEach((c, k) => expect(c).toBe(want[k]));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes a COPY of a folder to the code inside it and not to a sibling whose name starts the same', () => {
    const items = [{ paths: ['svc/api/main.py'] }, { paths: ['svc/api-old/main.py'] }, { paths: ['svc/api'] }, { paths: [] }];
    const index = new PrefixIndex(items, (c) => c.paths);
    expect(index.at(['svc/api'])).toEqual([items[0], items[2]]);
    expect(index.at([''])).toEqual([items[0], items[1], items[2]]);
  });
});
