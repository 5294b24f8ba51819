import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const agent = (name: string) =>
  [
    'import subprocess',
    'from langchain_core.tools import tool',
    'from langgraph.prebuilt import create_react_agent',
    '',
    '@tool',
    `def ${name}_shell(cmd: str) -> str:`,
    '    """Run a command."""',
    '    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout',
    '',
    `${name} = create_react_agent("openai:gpt-4o", tools=[${name}_shell])`,
    '',
  ].join('\n');

const pyproject = (name: string) => `[project]\nname = "${name}"\nversion = "0.1.0"\ndependencies = ["langgraph==0.6.0"]\n`;

interface Report {
  components: { id: string; kind: string; evidence: { path: string }[] }[];
  diagnostics: { path: string; code: string; message: string }[];
}

describe("a framework's own source", () => {
  it('is a package named like the framework only where its code is the framework tree', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      // A demo named after the framework it uses: an application (compose-for-agents' `langgraph-demo`).
      'demo/pyproject.toml': pyproject('langgraph-demo'),
      'demo/agent.py': agent('demo'),
      'demo/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "agent.py"]\n',
      // A partner package of the framework: its tree is the framework's own, so its scripts are not an application.
      'libs/checkpoint-x/pyproject.toml': pyproject('langgraph-checkpoint-x'),
      'libs/checkpoint-x/langgraph/checkpoint/x/__init__.py': 'from langgraph.checkpoint.base import BaseCheckpointSaver\n\n\nclass XSaver(BaseCheckpointSaver):\n    pass\n',
      'libs/checkpoint-x/scripts/smoke.py': agent('smoke'),
      // The framework itself at the root: its example code goes, its CI workflow and Dockerfile stay.
      'pyproject.toml': pyproject('langgraph'),
      'examples/quick.py': agent('quick'),
      // A module named setup.py inside the package is code, not a manifest that would make tracing/ a project.
      'pkg/tracing/__init__.py': '',
      'pkg/tracing/setup.py': 'def setup_tracing():\n    return None\n',
      'pkg/tracing/processors.py': agent('tracer'),
      'Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n',
      '.github/workflows/ci.yml': 'on: pull_request_target\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: pip install . && pytest\n',
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as Report;
    const ids = report.components.map((c) => c.id);
    expect(ids).toContain('agent:demo/agent.py#demo');
    expect(ids).toContain('tool:demo/agent.py#demo_shell');
    expect(ids.filter((id) => id.includes('smoke') || id.includes('quick') || id.includes('tracer'))).toEqual([]);
    // Each package whose code was set aside says so, on its manifest.
    expect(report.diagnostics.filter((d) => d.code === 'framework-source').map((d) => [d.path, d.message.split(' belong')[0]])).toEqual([
      ['libs/checkpoint-x/pyproject.toml', '1 code file(s) with findings under libs/checkpoint-x/'],
      ['pyproject.toml', '2 code file(s) with findings under the repository root'],
    ]);
    const kinds = (prefix: string) => report.components.filter((c) => c.evidence.some((e) => e.path.startsWith(prefix))).map((c) => c.kind);
    expect(kinds('.github/workflows/')).toContain('ci-workflow');
    expect(kinds('Dockerfile')).toContain('container-image');
    // A model the demo and the dropped code both use cites the demo alone.
    const model = report.components.find((c) => c.id === 'model:openai/gpt-4o');
    expect(model?.evidence.map((e) => e.path)).toEqual(['demo/agent.py']);
  });

  it("sets aside only the code of the language whose manifest defines the package, not an app of another beside it", async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      // A Python package named like the framework (langchain-ai/social-media-agent's `langgraph-slack`), whose own
      // modules import each other, at the root of a TypeScript agent app with its own package.json.
      'pyproject.toml': pyproject('langgraph-slack'),
      'src/langgraph_slack/__init__.py': '',
      'src/langgraph_slack/config.py': 'import os\n\nTOKEN_NAME = os.environ.get("SLACK_TOKEN_NAME", "")\n',
      'src/langgraph_slack/server.py': `from langgraph_slack import config\n${agent('slack')}`,
      'src/langgraph_slack/bot.py': agent('bot'),
      'package.json': JSON.stringify({ name: 'social-agent', dependencies: { ai: '4.3.0', '@ai-sdk/openai': '1.3.0' } }),
      'src/agents/post.ts': [
        "import { generateText, tool } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        "import { z } from 'zod';",
        '',
        "export const publish = tool({ description: 'Post it', parameters: z.object({ text: z.string() }), execute: async ({ text }) => (await fetch('https://api.example.com/post', { method: 'POST', body: text })).ok });",
        '',
        'export async function draft(topic: string) {',
        "  return generateText({ model: openai('gpt-4o'), prompt: topic, tools: { publish } });",
        '}',
        '',
      ].join('\n'),
    });
    const report = JSON.parse((await cli('scan', r.dir, '--format', 'json')).stdout) as Report;
    const ids = report.components.map((c) => c.id);
    expect(ids.filter((id) => id.startsWith('agent:'))).toEqual(['agent:src/agents/post.ts#draft.generateText']);
    expect(ids).toContain('dependency-manifest:package.json');
    expect(report.diagnostics.filter((d) => d.code === 'framework-source').map((d) => [d.path, d.message.split(' belong')[0]])).toEqual([
      ['pyproject.toml', '1 code file(s) with findings under the repository root'],
    ]);
  });
});
