import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEntry, readEntry, writeEntry } from '../../src/cache-files.js';
import { render } from '../../src/cli/main.js';
import { runDiff, type RunResult } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

// The --cache directory comes back from actions/cache: whatever is planted in it must cost speed, never a hang,
// a crash or a different report.

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'maestro-cache-files-'));
  dirs.push(d);
  return d;
};
const repos: TempRepo[] = [];
afterAll(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  repos.forEach((r) => r.cleanup());
});
const fifo = (file: string) => {
  rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
};

describe('cache entries', () => {
  it('are read only when they are plain files', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'plain'), 'bytes');
    fifo(path.join(dir, 'fifo'));
    symlinkSync(path.join(dir, 'plain'), path.join(dir, 'link'));
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    mkdirSync(path.join(dir, 'folder'));
    expect(readEntry(path.join(dir, 'plain'))?.toString()).toBe('bytes');
    for (const name of ['fifo', 'link', 'zero', 'folder', 'absent']) expect(readEntry(path.join(dir, name))).toBeUndefined();
  });

  it('refuse an append to a FIFO instead of waiting for a reader', () => {
    const dir = temp();
    fifo(path.join(dir, 'pack'));
    expect(() => appendEntry(path.join(dir, 'pack'), 'line\n')).toThrow();
    appendEntry(path.join(dir, 'plain'), 'a\n');
    appendEntry(path.join(dir, 'plain'), 'b\n');
    expect(readFileSync(path.join(dir, 'plain'), 'utf8')).toBe('a\nb\n');
  });

  it('are written past a FIFO planted at the temporary name, and stale temporary files go', () => {
    const dir = temp();
    const file = path.join(dir, 'entry');
    fifo(`${file}.${process.pid}.tmp`);
    const stale = path.join(dir, 'other.123.tmp');
    const fresh = path.join(dir, 'other.456.tmp');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    expect(writeEntry(file, ['data'])).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('data');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('a run over a planted cache', () => {
  it('gives the report a run without a cache gives when its entries are FIFOs', async () => {
    const repo = new TempRepo();
    repos.push(repo);
    cpSync(path.resolve(__dirname, '../../examples/rag-shell-agent'), repo.path('agent'), { recursive: true });
    repo.commit('base');
    repo.write({ 'agent/app/extra.py': 'import subprocess\nfrom langchain_core.tools import tool\n' });
    repo.commit('head');
    const opts = { path: repo.dir, base: 'HEAD~1', head: 'HEAD', today: '2026-06-01', pool: { workers: 0 } };
    const out = (r: RunResult) => render(r.report, 'json', { color: false, rules: r.rules });
    const cold = out(await runDiff(opts));
    const cache = temp();
    await runDiff({ ...opts, cache });
    const entries = (readdirSync(cache, { recursive: true }) as string[]).filter((f) => /^(analysis-|tree-|findings)/.test(path.basename(f)));
    expect(entries.length).toBeGreaterThanOrEqual(4); // two analyses, a listing, the findings
    for (const f of entries) fifo(path.join(cache, f));
    expect(out(await runDiff({ ...opts, cache }))).toBe(cold);
    // The FIFOs were replaced by real entries, which the next run reads.
    const again = await runDiff({ ...opts, cache });
    expect(again.analyses.map((a) => a.stats.analysisCached)).toEqual([true, true]);
    expect(out(again)).toBe(cold);
  });
});
