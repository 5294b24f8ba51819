import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

describe('files over the size cap', () => {
  it('are still there (a lockfile counts), and get a note only where a detector would have read them', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      'python/pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["langgraph>=0.2"]\n',
      'python/uv.lock': `version = 1\n${'# resolved\n'.repeat(200)}`,
      'web/package.json': JSON.stringify({ name: 'web', dependencies: { ai: '^4.0.0' } }),
      // Over the cap too: a picture no detector reads (no note), and code one would have (a note).
      'docs/diagram.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(400)}</svg>\n`,
      'python/big_agent.py': `import subprocess\n${'# padding\n'.repeat(200)}`,
    });
    const { report } = await runScan({ path: r.dir, maxFileBytes: 1000 });
    const lockfile = (file: string) => report.components.find((c) => c.kind === 'dependency-manifest' && c.evidence[0]?.path === file)?.attributes?.lockfile;
    expect(lockfile('python/pyproject.toml')).toBe(true);
    expect(lockfile('web/package.json')).toBe(false);
    expect(report.diagnostics.filter((d) => d.code === 'skipped-size').map((d) => d.path)).toEqual(['python/big_agent.py']);
  });
});
