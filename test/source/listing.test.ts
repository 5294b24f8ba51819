import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource } from '../../src/source/open.js';
import { TempRepo } from '../helpers/git-repo.js';
import { referenceListing } from './reference-listing.js';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

/** A tree with every kind of record a listing treats apart, and names that sort differently by bytes and by UTF-16. */
export function awkwardRepo(): TempRepo {
  const r = new TempRepo();
  repos.push(r);
  r.write({
    'a.py': 'a\n',
    'a-b.py': 'ab\n',
    'a/b.py': 'b\n',
    'a0.py': 'a0\n',
    'sp ace/t\tab.py': 'tab\n',
    'line\nbreak.py': 'nl\n',
    'big.json': 'x'.repeat(3000),
    'exec.sh': '#!/bin/sh\n',
    'node_modules/m.js': 'm\n',
    'pkg/node_modules/n.js': 'n\n',
    'pkg/.venv/lib/v.py': 'v\n',
    'x/\ufffd-literal.py': 'replacement char in a valid name\n',
    'x/\ue000-private.py': 'private use\n',
    'x/🚀-rocket.py': 'astral\n',
    'x/y.py': 'y\n',
    'gen/keep.py': 'k\n',
  });
  writeFileSync(Buffer.concat([Buffer.from(r.path('x/bad-')), Buffer.from([0xff, 0xfe]), Buffer.from('.py')]), 'not utf-8\n');
  symlinkSync('a.py', r.path('link.py'));
  symlinkSync('/etc/passwd', r.path('x/outside'));
  r.git('add', '-A');
  r.git('update-index', '--chmod=+x', 'exec.sh');
  // A submodule: a commit recorded in the tree, nothing to read.
  r.git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/sub`);
  r.git('commit', '-q', '-m', 'awkward');
  return r;
}

describe('a revision listing', () => {
  let r: TempRepo;
  beforeAll(() => {
    r = awkwardRepo();
  });

  it('is what ls-tree, the ignore package and a full sort give, for every kind of record', async () => {
    for (const maxFileBytes of [1024 * 1024, 1000]) {
      const listed = await (await openSource(r.dir, 'HEAD', { maxFileBytes })).list();
      const want = referenceListing(r.dir, 'HEAD', maxFileBytes);
      expect(listed).toEqual(want);
      const codes = Object.fromEntries(listed.diagnostics.map((d) => [d.path, d.code]));
      expect(codes).toMatchObject({ 'link.py': 'skipped-link', 'x/outside': 'skipped-link', 'x/\ufffd-literal.py': 'skipped-encoding', 'x/bad-\ufffd\ufffd.py': 'skipped-encoding' });
      expect(codes['big.json']).toBe(maxFileBytes === 1000 ? 'skipped-size' : undefined);
      expect(listed.entries.map((e) => e.path)).toContain('x/🚀-rocket.py');
      expect(listed.entries.some((e) => e.path.includes('node_modules') || e.path.includes('.venv') || e.path.startsWith('vendor'))).toBe(false);
    }
  });

  it('honours a .maestroignore of directory rules and of file rules alike', async () => {
    for (const rules of ['gen/\n!gen/keep/\nx/\n', 'gen/\n*.sh\n!exec.sh\na-*\n']) {
      r.write({ '.maestroignore': rules });
      r.commit(rules);
      const listed = await (await openSource(r.dir, 'HEAD')).list();
      expect(listed).toEqual(referenceListing(r.dir, 'HEAD'));
      expect(listed.entries.some((e) => e.path.startsWith('gen/'))).toBe(false);
    }
  });

  it('lists a folder inside the repository relative to it', async () => {
    const listed = await (await openSource(path.join(r.dir, 'x'), 'HEAD')).list();
    expect(listed).toEqual(referenceListing(path.join(r.dir, 'x'), 'HEAD'));
    expect(listed.entries.map((e) => e.path)).toContain('y.py');
  });
});
