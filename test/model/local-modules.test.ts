import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

interface Report {
  components: { id: string; kind: string; framework?: string; evidence: { path: string; line: number }[] }[];
  frameworks?: unknown;
  diagnostics: { path: string; code: string; message: string }[];
}

// The repository's own agent loop in a top-level package named `agents`, as anthropic-quickstarts has it.
const ownAgent = 'import anthropic\n\n\nclass Agent:\n    def __init__(self, name):\n        self.client = anthropic.Anthropic()\n        self.name = name\n';
const sdkAgent = (name: string) => `from agents import Agent, Runner\n\n${name} = Agent(name="${name}", instructions="Help.")\nRunner.run_sync(${name}, "hi")\n`;

describe('a package of the repository named like a framework', () => {
  it('is the repository’s own code where Python would import it first, and the framework elsewhere', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      'agents/__init__.py': '',
      'agents/agent.py': ownAgent,
      // A module inside the package, importing it by its package path (tests are not parsed, so not a test).
      'agents/demo.py': 'from agents.agent import Agent\n\n\ndef demo():\n    helper = Agent(name="helper")\n    return helper.name\n',
      // A script at the root: the root is on the path, so `agents` is the package above even for SDK names.
      'run.py': sdkAgent('root_agent'),
      // Its own project, whose `agents` is the SDK: nothing of the repository's is named so from there.
      'apps/support/pyproject.toml': '[project]\nname = "support"\nversion = "0.1.0"\ndependencies = ["openai-agents==0.3.0"]\n',
      'apps/support/main.py': sdkAgent('support_agent'),
      // A package module whose folder holds an `agents` subpackage it imports relatively: `agents` is still the SDK.
      'apps/support/bot/__init__.py': '',
      'apps/support/bot/agents/__init__.py': '',
      'apps/support/bot/agents/planner.py': 'PLAN = "plan"\n',
      'apps/support/bot/manager.py': `from .agents.planner import PLAN\n${sdkAgent('manager_agent')}`,
      // A script beside its own `agents.py`, outside any package: its folder comes first on the path.
      'scripts/agents.py': 'class Agent:\n    def __init__(self, name, instructions=""):\n        self.name = name\n\n\nclass Runner:\n    @staticmethod\n    def run_sync(agent, text):\n        return text\n',
      'scripts/try_it.py': sdkAgent('script_agent'),
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as Report;
    const agents = report.components.filter((c) => c.kind === 'agent').map((c) => c.id);
    expect(agents).toEqual(['agent:apps/support/bot/manager.py#manager_agent', 'agent:apps/support/main.py#support_agent']);
    // The SDK's default model is cited only where the SDK is used.
    const openai = report.components.find((c) => c.id === 'model:openai');
    expect([...new Set(openai?.evidence.map((e) => e.path))]).toEqual(['apps/support/bot/manager.py', 'apps/support/main.py']);
    expect(report.components.find((c) => c.id === 'model:anthropic')?.evidence.map((e) => e.path)).toEqual(['agents/agent.py']);
    expect(report.diagnostics.filter((d) => d.code === 'local-package').map((d) => [d.path, d.message.split(': ')[1]])).toEqual([
      ['agents/__init__.py', '2 file(s) importing it are not modelled as using openai-agents'],
      ['scripts/agents.py', '1 file(s) importing it are not modelled as using openai-agents'],
    ]);
  });

  it('takes any requirements*.txt for a project of its own, as pip users name them', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      'agents/__init__.py': '',
      'agents/agent.py': ownAgent,
      // Only a requirements-dev.txt marks this folder a project: its script's `agents` is the SDK, not the root's.
      'apps/ops/requirements-dev.txt': 'openai-agents==0.3.0\n',
      'apps/ops/src/bot/main.py': sdkAgent('ops_agent'),
      // A folder with a file that only starts alike is no project: the root's package is what its script imports.
      'apps/notes/requirements.md': '# what to install\n',
      'apps/notes/src/main.py': sdkAgent('notes_agent'),
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as Report;
    expect(report.components.filter((c) => c.kind === 'agent').map((c) => c.id)).toEqual(['agent:apps/ops/src/bot/main.py#ops_agent']);
  });
});
