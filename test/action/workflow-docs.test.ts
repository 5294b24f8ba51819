import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The copy-paste workflows in docs/github.md are checked here rather than kept under .github/workflows/,
// where they would run.

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; permissions?: unknown; steps: Step[] }>;
}

const doc = readFileSync('docs/github.md', 'utf8');
const workflows = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as Workflow);
const actionInputs = Object.keys(parse(readFileSync('action.yml', 'utf8')).inputs);

describe('workflows in docs/github.md', () => {
  it('are four valid workflows: PR gate, PR gate with a cache, nightly audit, SARIF upload', () => {
    expect(workflows.map((w) => w.name)).toEqual(['maestro-gate', 'maestro-gate', 'maestro-gate audit', 'maestro-gate code scanning']);
    expect(Object.keys(workflows[0].on)).toEqual(['pull_request', 'merge_group']);
    // The cached gate also runs on the default branch, which leaves every PR's base analysed in the cache.
    expect(Object.keys(workflows[1].on)).toEqual(['pull_request', 'push']);
    const steps = workflows[1].jobs['threat-model'].steps;
    const cache = steps.findIndex((s) => s.uses?.startsWith('actions/cache@'));
    const gate = steps.findIndex((s) => s.uses?.startsWith('maestro-gate/maestro-gate@'));
    expect(cache).toBeGreaterThan(0);
    expect(gate).toBeGreaterThan(cache);
    expect(steps[gate].with?.['cache-dir']).toBe(steps[cache].with?.path);
    expect(Object.keys(workflows[2].on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflows[3].jobs.sarif.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
  });

  it.each(workflows.map((w) => [w.name, w] as const))('%s: least privilege, no pull_request_target, checkout first, only declared inputs', (_name, w) => {
    expect(Object.keys(w.on)).not.toContain('pull_request_target');
    const perms = w.permissions;
    expect(perms.contents).toBe('read');
    const uses = Object.values(w.jobs).flatMap((j) => j.steps);
    const gate = uses.filter((s) => s.uses?.startsWith('maestro-gate/maestro-gate@'));
    expect(gate).toHaveLength(1);
    const commenting = 'pull_request' in w.on && gate[0].with?.comment !== 'never';
    const uploading = uses.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    const expected: Record<string, string> = { contents: 'read', ...(commenting ? { 'pull-requests': 'write' } : {}), ...(uploading ? { 'security-events': 'write' } : {}) };
    expect(perms).toEqual(expected);
    for (const job of Object.values(w.jobs)) {
      expect(job.permissions).toBeUndefined();
      expect(job.steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
    }
    for (const key of Object.keys(gate[0].with ?? {})) expect(actionInputs).toContain(key);
  });

  it('tell the reader about fetch-depth and warn against pull_request_target', () => {
    expect(doc).toContain('fetch-depth: 0');
    expect(doc).toMatch(/Never `pull_request_target` with the PR's code checked out/);
  });
});
