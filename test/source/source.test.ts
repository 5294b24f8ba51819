import { mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSource } from '../../src/source/open.js';
import type { Source } from '../../src/source/types.js';
import { TempRepo } from '../helpers/git-repo.js';

async function readAll(src: Source): Promise<{ files: Record<string, string>; codes: Record<string, string> }> {
  const { entries, diagnostics } = await src.list();
  const files: Record<string, string> = {};
  const more = await src.read(entries, (f) => void (files[f.path] = f.text));
  const codes: Record<string, string> = {};
  for (const d of [...diagnostics, ...more]) codes[d.path] = d.code;
  return { files, codes };
}

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));
function repo(opts?: { git?: boolean }) {
  const r = new TempRepo(opts);
  repos.push(r);
  return r;
}

describe('sources', () => {
  it('reads a git revision from objects, honouring .maestroignore, without touching the worktree', async () => {
    const r = repo().write({ 'a.py': 'import os\n', 'sub/b.ts': 'x\r\ny', '.maestroignore': 'ignored/\n', 'ignored/c.py': 'c' });
    const first = r.commit('one');
    r.write({ 'a.py': 'changed\n' }).commit('two');
    const { files } = await readAll(await openSource(r.dir, first));
    expect(files['a.py']).toBe('import os\n');
    expect(files['sub/b.ts']).toBe('x\ny');
    expect(files['ignored/c.py']).toBeUndefined();
    const wt = await readAll(await openSource(r.dir));
    expect(wt.files['a.py']).toBe('changed\n');
  });

  it('hands working-tree files on in listing order, with each unreadable one reported where it is', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), 'outside');
    const r = repo({ git: false });
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.py`] = `n = ${i}\n`;
    r.write(files);
    const src = await openSource(r.dir);
    const { entries } = await src.list();
    // Gone between listing and reading, or swapped for a link out of the repository: reported, the rest still read.
    symlinkSync(path.join(outside, 'secret.txt'), path.join(r.dir, 'f07.py.link'));
    rmSync(path.join(r.dir, 'f03.py'));
    renameSync(path.join(r.dir, 'f07.py.link'), path.join(r.dir, 'f07.py'));
    const seen: string[] = [];
    const diagnostics = await src.read(entries, async (f) => {
      seen.push(f.path);
      await new Promise((done) => setTimeout(done, 1)); // a handler that yields to the event loop
      expect(f.text).toBe(files[f.path]);
    });
    const expected = entries.map((e) => e.path).filter((p) => p !== 'f03.py' && p !== 'f07.py');
    expect(seen).toEqual(expected);
    expect(diagnostics.map((d) => [d.path, d.code])).toEqual([
      ['f03.py', 'skipped-link'],
      ['f07.py', 'skipped-link'],
    ]);
  });

  it('skips binaries, oversized files and symlinks with diagnostics', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'outside-'));
    writeFileSync(path.join(outside, 'secret.py'), 'TOP_SECRET = 1');
    const r = repo().write({ 'bin.py': Buffer.from([0x61, 0, 0x62]), 'big.py': 'x'.repeat(2 * 1024 * 1024), '.gitignore': 'gen/\n', 'gen/x.py': 'g', 'ok.py': 'ok' });
    symlinkSync(path.join(outside, 'secret.py'), r.path('link.py'));
    for (const src of [await openSource(r.dir), await openSource(r.dir, r.commit())]) {
      const { files, codes } = await readAll(src);
      expect(Object.keys(files)).toEqual(['.gitignore', 'ok.py']);
      expect(codes).toMatchObject({ 'bin.py': 'skipped-binary', 'big.py': 'skipped-size', 'link.py': 'skipped-link' });
      expect(JSON.stringify(files)).not.toContain('TOP_SECRET');
    }
  });

  it('scans a directory that is not a git repository, honouring nested .gitignore', async () => {
    const r = repo({ git: false }).write({ 'a.py': 'a', 'pkg/.gitignore': '*.log\nbuild/\n', 'pkg/x.log': 'l', 'pkg/build/y.py': 'y', 'pkg/z.py': 'z', 'node_modules/m.js': 'm' });
    const { files } = await readAll(await openSource(r.dir));
    expect(Object.keys(files).sort()).toEqual(['a.py', 'pkg/.gitignore', 'pkg/z.py']);
  });

  it('names what to do when a revision is missing', async () => {
    const r = repo().write({ 'a.py': 'a' });
    r.commit();
    await expect(openSource(r.dir, 'deadbeef')).rejects.toThrow(/fetch-depth: 0/);
  });
});
