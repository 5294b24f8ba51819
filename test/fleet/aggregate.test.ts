import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../src/fleet/aggregate.js';
import type { Report } from '../../src/report/types.js';
import { cli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fleet-'));
  // Reports from real scans, laid out as a matrix job's artifacts would be: <repo>/report.json.
  for (const name of ['rag-shell-agent', 'empty-repo']) {
    mkdirSync(path.join(dir, name));
    const target = name === 'empty-repo' ? mkdtempSync(path.join(tmpdir(), 'empty-')) : `examples/${name}`;
    const r = await cli('scan', target, '--format', 'json', '--output', path.join(dir, name, 'report.json'));
    expect([0, 1]).toContain(r.code);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reportPath = (name: string) => path.join(dir, name, 'report.json');

describe('aggregate', () => {
  it('merges real reports into a fleet report named by artifact folder, deterministically', async () => {
    const a = await cli('aggregate', reportPath('rag-shell-agent'), reportPath('empty-repo'), '--format', 'json');
    const b = await cli('aggregate', reportPath('empty-repo'), reportPath('rag-shell-agent'), '--format', 'json');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const fleet = JSON.parse(a.stdout) as FleetReport;
    expect(fleet.repositories.map((r) => r.name)).toEqual(['empty-repo', 'rag-shell-agent']);
    const example = JSON.parse(readFileSync(reportPath('rag-shell-agent'), 'utf8')) as Report;
    expect(fleet.repositories[1].components).toBe(example.components.length);
    const open = example.chains.filter((c) => c.status === 'open').length;
    expect(fleet.topChains.filter((c) => c.repo === 'rag-shell-agent')).toHaveLength(Math.min(open, 50));
  });

  it('reports drift against the previous fleet report', async () => {
    const prevFile = path.join(dir, 'prev.json');
    const ex = JSON.parse(readFileSync(reportPath('rag-shell-agent'), 'utf8')) as Report;
    // Yesterday: one chain that is gone today, and a repository that no longer reports.
    const previous: FleetReport = {
      schemaVersion: 1,
      kind: 'fleet',
      repositories: [
        { name: 'rag-shell-agent', gate: 'fail', frameworks: [], components: 1, openChains: { critical: 1, high: 0, medium: 0, low: 0 } },
        { name: 'retired', gate: 'pass', frameworks: [], components: 0, openChains: { critical: 0, high: 0, medium: 0, low: 0 } },
      ],
      topChains: [{ repo: 'rag-shell-agent', fingerprint: 'ffffffffffffffff', templateId: 't', title: 'old chain', level: 'critical', score: 16, layers: ['L2', 'L3'] }],
      layers: ex.summary.layers as never,
      totals: { repositories: 2, failing: 1, openChains: { critical: 1, high: 0, medium: 0, low: 0 } },
    };
    for (const l of Object.keys(previous.layers)) (previous.layers as Record<string, unknown>)[l] = { repositories: 0, components: 0 };
    writeFileSync(prevFile, JSON.stringify(previous));
    const r = await cli('aggregate', reportPath('rag-shell-agent'), `renamed=${reportPath('empty-repo')}`, '--previous', prevFile, '--format', 'json');
    const fleet = JSON.parse(r.stdout) as FleetReport;
    expect(fleet.drift!.resolvedChains.map((c) => c.title)).toEqual(['old chain']);
    expect(fleet.drift!.goneRepositories).toEqual(['retired']);
    expect(fleet.drift!.newRepositories).toEqual(['renamed']);
    const md = await cli('aggregate', reportPath('rag-shell-agent'), '--previous', prevFile);
    expect(md.stdout).toContain('## Drift since the previous audit');
    expect(md.stdout).toContain('| L1 |');
  });

  it('rejects files that are not reports, naming the file', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "schemaVersion": 1,\n  oops\n}');
    const r = await cli('aggregate', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json:3');
    writeFileSync(bad, '{"schemaVersion": 2}');
    expect((await cli('aggregate', bad)).stderr).toMatch(/bad\.json: not a maestro-gate report/);
  });
});

describe('fleet workflow template', () => {
  it('is valid YAML with a scan matrix over the input and an aggregate job that runs the CLI', async () => {
    const { parse } = await import('yaml');
    const wf = parse(readFileSync('.github/workflows/maestro-fleet.yml', 'utf8'));
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs)).toEqual(['scan', 'aggregate']);
    expect(wf.jobs.scan.strategy.matrix.repo).toBe('${{ fromJSON(inputs.repositories) }}');
    expect(wf.jobs.aggregate.needs).toBe('scan');
    const run = wf.jobs.aggregate.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(run).toContain('dist/cli/index.js aggregate reports/*/report.json');
    const scanRun = wf.jobs.scan.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(scanRun).toContain('--format json --output "reports/$name/report.json"');
  });
});
