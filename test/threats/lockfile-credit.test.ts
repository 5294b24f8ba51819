import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const crew = `from crewai import Agent
from crewai_tools import FileWriterTool

writer = Agent(role="writer", goal="write", backstory="b", tools=[FileWriterTool()])
`;

describe('dependency pinning credited by a lockfile', () => {
  it('cites the lockfile that pins the framework, not the manifest lines that leave it unpinned', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({
      'svc/pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = [\n  "crewai[tools]>=0.152.0",\n]\n',
      'svc/uv.lock': 'version = 1\n',
      'svc/src/svc/crew.py': crew,
      // A monorepo's one lockfile at the root pins the packages below it.
      'web/package.json': JSON.stringify({ name: 'web', dependencies: { ai: '^4.0.0' } }),
      'package-lock.json': '{}\n',
      // The root's uv.lock pins the root pyproject, not a requirements file below it: nothing to credit.
      'pyproject.toml': '[project]\nname = "root"\nversion = "0.1.0"\ndependencies = ["httpx>=0.27"]\n',
      'uv.lock': 'version = 1\n',
      'loose/requirements.txt': 'crewai>=0.1\n',
      'loose/crew.py': crew,
      // pip-tools: the requirements.txt compiled from requirements.in pins it.
      'compiled/requirements.in': 'crewai\n',
      'compiled/requirements.txt': 'crewai==0.152.0\n',
    });
    r.commit('agents');
    const { report } = await runScan({ path: r.dir, rev: 'HEAD' });
    const manifest = (file: string) => report.components.find((c) => c.kind === 'dependency-manifest' && c.evidence[0]?.path === file)!;
    expect(manifest('svc/pyproject.toml').attributes).toMatchObject({ lockfile: true, lockfilePath: 'svc/uv.lock' });
    expect(manifest('web/package.json').attributes).toMatchObject({ lockfile: true, lockfilePath: 'package-lock.json' });
    expect(manifest('loose/requirements.txt').attributes).toMatchObject({ lockfile: false });
    expect(manifest('loose/requirements.txt').attributes).not.toHaveProperty('lockfilePath');
    expect(manifest('compiled/requirements.in').attributes).toMatchObject({ lockfile: true, lockfilePath: 'compiled/requirements.txt' });

    const chains = report.chains.filter((c) => c.templateId === 'unpinned-framework-agent-compromise');
    const from = (dir: string) => chains.find((c) => c.steps[0]!.componentId.startsWith(`dependency-manifest:${dir}/`))!;
    const pinned = from('svc');
    expect(pinned.status).toBe('mitigated');
    expect(pinned.mitigations).toEqual([{ controlId: 'dependency-pinning', source: 'detected', evidence: [{ path: 'svc/uv.lock', line: 0 }] }]);
    // The step itself still says where the unpinned dependency is.
    expect(pinned.steps[0]!.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['svc/pyproject.toml:5']);
    expect(from('loose').status).toBe('open');
    expect(from('loose').mitigations.filter((m) => m.controlId === 'dependency-pinning')).toEqual([]);
    // The manifest's own threat takes the same credit.
    const threat = report.threats.find((t) => t.componentId === pinned.steps[0]!.componentId && t.threatId === 'L3.T1')!;
    expect(threat.mitigations.find((m) => m.controlId === 'dependency-pinning')?.evidence).toEqual([{ path: 'svc/uv.lock', line: 0 }]);
  });
});
