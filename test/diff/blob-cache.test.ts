import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Detector } from '../../src/detect/types.js';
import { emptyFindings } from '../../src/detect/types.js';
import { runDiff, runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

/** A real detector over real files that counts how often it parses. */
function countingDetector(): Detector & { seen: string[] } {
  const seen: string[] = [];
  return {
    id: 'counting',
    version: 1,
    seen,
    wants: (p) => p.endsWith('.py'),
    detect(file) {
      seen.push(file.path);
      const f = emptyFindings();
      if (file.text.includes('AGENT')) {
        f.components.push({ id: `agent:${file.path}#a`, kind: 'agent', layer: 'L3', name: 'a', source: 'inferred', evidence: [{ path: file.path, line: 1 }] });
      }
      return f;
    },
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function repoWithHistory(n: number): TempRepo {
  const r = new TempRepo();
  cleanups.push(() => r.cleanup());
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`pkg${i % 5}/m${i}.py`] = `# module ${i}\nAGENT = ${i}\n`;
  r.write(files).commit('base');
  return r;
}

describe('blob-keyed analysis', () => {
  it('a diff analyses each unchanged file once, and only the changed ones twice', async () => {
    const r = repoWithHistory(40);
    r.write({ 'pkg0/m0.py': 'changed\n', 'pkg1/new.py': 'AGENT\n' }).commit('head');
    const d = countingDetector();
    const { report, analyses } = await runDiff({ path: r.dir, base: 'HEAD~1', head: 'HEAD', detectors: [d] });
    expect(d.seen.length).toBe(40 + 2);
    expect(d.seen.filter((p) => p === 'pkg0/m0.py')).toHaveLength(2);
    expect(analyses[1].stats.cacheHits).toBe(39);
    expect(report.components.map((c) => c.id)).toContain('agent:pkg1/new.py#a');
    expect(report.components.map((c) => c.id)).not.toContain('agent:pkg0/m0.py#a');
  });

  it('--cache persists results: a warm run analyses only content it has not seen, and survives corrupt entries', async () => {
    const r = repoWithHistory(30);
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'maestro-cache-'));
    cleanups.push(() => rmSync(cacheDir, { recursive: true, force: true }));
    const cold = countingDetector();
    await runScan({ path: r.dir, rev: 'HEAD', cache: cacheDir, detectors: [cold] });
    expect(cold.seen).toHaveLength(30);

    // Corrupt one entry of the pack: it must be ignored (re-analysed), not crash or be trusted.
    const versionDir = path.join(cacheDir, readdirSync(cacheDir)[0]);
    const pack = path.join(versionDir, readdirSync(versionDir)[0]);
    const lines = readFileSync(pack, 'utf8').split('\n');
    expect(lines.filter(Boolean)).toHaveLength(30);
    lines[0] = '{not json';
    writeFileSync(pack, lines.join('\n'));

    r.write({ 'pkg2/m2.py': 'edited\n' }).commit('edit');
    const warm = countingDetector();
    const { report } = await runScan({ path: r.dir, rev: 'HEAD', cache: cacheDir, detectors: [warm] });
    expect(warm.seen.length).toBeGreaterThanOrEqual(1);
    expect(warm.seen.length).toBeLessThanOrEqual(2);
    expect(warm.seen).toContain('pkg2/m2.py');
    expect(report.components).toHaveLength(29);
  });

  it('a file renamed with the same content is re-read under its new path, never reported at the old one', async () => {
    const r = repoWithHistory(3);
    r.git('mv', 'pkg0/m0.py', 'pkg0/renamed.py');
    r.commit('rename');
    const d = countingDetector();
    const { report } = await runDiff({ path: r.dir, base: 'HEAD~1', head: 'HEAD', detectors: [d] });
    const paths = report.components.flatMap((c) => c.evidence.map((e) => e.path));
    expect(paths).toContain('pkg0/renamed.py');
    expect(paths).not.toContain('pkg0/m0.py');
  });
});

describe('working tree keys', () => {
  it('an uncommitted edit is analysed afresh while unchanged tracked files come from the cache unread', async () => {
    const r = repoWithHistory(10);
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'maestro-cache-'));
    cleanups.push(() => rmSync(cacheDir, { recursive: true, force: true }));
    await runScan({ path: r.dir, cache: cacheDir, detectors: [countingDetector()] });
    r.write({ 'pkg3/m3.py': 'no agent here\n', 'pkg4/untracked.py': 'AGENT\n' });
    const d = countingDetector();
    const { report, analyses } = await runScan({ path: r.dir, cache: cacheDir, detectors: [d] });
    expect(d.seen.sort()).toEqual(['pkg3/m3.py', 'pkg4/untracked.py']);
    expect(analyses[0].stats.filesRead).toBe(2);
    const ids = report.components.map((c) => c.id);
    expect(ids).not.toContain('agent:pkg3/m3.py#a');
    expect(ids).toContain('agent:pkg4/untracked.py#a');
    expect(ids).toHaveLength(10);
  });
});
