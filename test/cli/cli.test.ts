import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';
import { assertValidReport } from '../helpers/report-schema.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

describe('cli', () => {
  it('scans the bundled example and emits a report that matches the schema, byte-identical twice', async () => {
    const a = await cli('scan', 'examples/rag-shell-agent', '--format', 'json');
    const b = await cli('scan', 'examples/rag-shell-agent', '--format', 'json');
    expect(a.stderr).toBe('');
    expect([0, 1]).toContain(a.code);
    assertValidReport(JSON.parse(a.stdout));
    expect(a.stdout).toBe(b.stdout);
  });

  it('diffs a real git repository against HEAD~1 and scans a non-git directory', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({ 'a.py': 'print(1)\n' }).commit('one');
    r.write({ 'b.py': 'print(2)\n' }).commit('two');
    const d = await cli('diff', r.dir, '--base', 'HEAD~1', '--format', 'json');
    expect(d.code).toBe(0);
    const report = JSON.parse(d.stdout);
    assertValidReport(report);
    expect(report.target.mode).toBe('diff');
    expect(report.diff!.base).toMatch(/^[0-9a-f]{40}$/);

    const plain = new TempRepo({ git: false });
    repos.push(plain);
    plain.write({ 'x.py': 'x = 1\n' });
    const s = await cli('scan', plain.dir, '-f', 'json');
    expect(s.code).toBe(0);
    assertValidReport(JSON.parse(s.stdout));
  });

  it('exits 2 with a one-line reason on usage and input errors', async () => {
    for (const args of [['frobnicate'], ['diff', '.'], ['scan', '--format', 'xml'], ['scan', '/no/such/dir'], ['scan', '.', '--rev', 'no-such-rev']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^maestro-gate: /);
    }
  });

  it('prints help and version', async () => {
    expect((await cli('--help')).stdout).toContain('maestro-gate diff');
    expect((await cli('--version')).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
