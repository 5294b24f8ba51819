import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCache } from '../../src/detect/cache.js';
import { detectors } from '../../src/detect/registry.js';
import { GREP_MIN_FILES, runDetectors } from '../../src/detect/run.js';
import { grepFiles } from '../../src/source/git.js';
import { openSource } from '../../src/source/open.js';
import type { Source } from '../../src/source/types.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));
function repo(): TempRepo {
  const r = new TempRepo();
  repos.push(r);
  return r;
}

describe('git grep for needles', () => {
  it('lists exactly the text files that contain no needle, special characters included, and never a binary', async () => {
    const needles = ['a.b', '(x)', '$y', '[z]', '{q}', 'p|r', 'c\\d', '^e', 'f*', 'g+?', "'ai'", '"@ai-sdk/'];
    const texts = ['a.b', 'axb', '(x)', 'x', '$y', 'y', '[z]', 'z', '{q}', 'q', 'p|r', 'p', 'r', 'c\\d', 'cd', '^e', 'e', 'f*', 'ff', 'g+?', 'gg', "import x from 'ai'", 'import "@ai-sdk/openai"', 'ai'];
    const r = repo();
    const files: Record<string, string> = {};
    texts.forEach((t, i) => (files[`f${i}.txt`] = `line one\n  ${t} \nend\n`));
    r.write({ ...files, 'binary.py': Buffer.from([0, 1, 2, 3]) }).commit('c');
    const want = Object.keys(files).filter((f) => !needles.some((n) => files[f].includes(n))).sort();
    const rev = r.git('rev-parse', 'HEAD').trim();
    const got = (await grepFiles(r.dir, needles, [rev, '--', '.'])).map((p) => p.slice(rev.length + 1)).sort();
    expect(got).toEqual(want);
    expect((await grepFiles(r.dir, needles, ['--untracked', '--', '.'])).sort()).toEqual(want);
  });
});

describe('needle prefilter', () => {
  let r: TempRepo;
  beforeAll(() => {
    r = repo();
    for (const dir of ['test/fixtures/js', 'test/fixtures/python', 'test/fixtures/infra', 'test/fixtures/config']) {
      cpSync(path.resolve(__dirname, '../..', dir), r.path(dir), { recursive: true });
    }
    const plain: Record<string, string | Buffer> = {};
    for (let i = 0; i < GREP_MIN_FILES + 200; i++) {
      const ext = ['ts', 'py', 'json', 'yaml'][i % 4];
      plain[`pkg/p${i % 13}/m${i}.${ext}`] = ext === 'json' ? `{"n": ${i}}\n` : `# plain ${i}\nvalue = ${i}\n`;
    }
    // Binary files with and without a needle: only the first is worth a diagnostic, with or without the prefilter.
    plain['bin/with-needle.py'] = Buffer.concat([Buffer.from('import openai\n'), Buffer.from([0, 1, 2])]);
    plain['bin/without.py'] = Buffer.from([0, 1, 2, 3]);
    r.write(plain).commit('c');
    r.write({ 'pkg/new-agent.py': 'from openai import OpenAI\nclient = OpenAI()\n', 'pkg/p1/m1.json': '{"edited": true}\n' });
  });

  for (const [label, rev] of [['a revision', 'HEAD'], ['the working tree', undefined]] as const) {
    it(`gives the same findings for ${label} while reading only files that hold a needle`, async () => {
      const run = async (grep: boolean) => {
        const src = await openSource(r.dir, rev);
        const source: Source = grep ? src : { label: src.label, rev: src.rev, list: () => src.list(), read: (e, f) => src.read(e, f), exists: (p) => src.exists(p) };
        return runDetectors(source, detectors, new BlobCache({ toolVersion: 't', catalogVersion: 'c' }), undefined, { workers: 0 });
      };
      const plain = await run(false);
      const filtered = await run(true);
      expect(filtered.stats.filesRead).toBeLessThan(plain.stats.filesRead / 4);
      expect(filtered.stats.analysed).toBe(plain.stats.analysed);
      expect(filtered.stats.analysed).toBeGreaterThan(20);
      expect(JSON.stringify(filtered.files)).toBe(JSON.stringify(plain.files));
      expect(filtered.diagnostics).toEqual(plain.diagnostics);
      // Every binary file a detector wants is reported, needle or not (git grep -I never lists it as skippable).
      expect(filtered.diagnostics.filter((d) => d.code === 'skipped-binary').map((d) => d.path)).toEqual(['bin/with-needle.py', 'bin/without.py']);
    });
  }
});
