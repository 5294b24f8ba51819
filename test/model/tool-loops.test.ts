import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const FIXTURE = path.resolve(__dirname, '../fixtures/python/field-sdk-tool-loop');

async function scan(files: Record<string, string> = {}) {
  const r = new TempRepo();
  repos.push(r);
  cpSync(FIXTURE, r.dir, { recursive: true, filter: (p) => !p.endsWith('expected.json') });
  r.write({ 'Dockerfile': 'FROM python:3.12-slim\nCOPY demo /app/demo\nCMD ["python", "-m", "demo.loop"]\n', ...files }).commit('loops');
  const { report } = await runScan({ path: r.dir, rev: 'HEAD', today: '2026-06-01', pool: { workers: 0 } });
  const tools = (agent: string) => report.edges.filter((e) => e.from === agent && e.kind === 'uses-tool').map((e) => e.to).sort();
  return { report, tools };
}

describe('an agent written on a provider SDK (a tool loop)', () => {
  it('runs the provider tools defined in its own folder when its code computes the tools, and not a sibling folder\'s', async () => {
    const { report, tools } = await scan();
    // A provider tool type (bash_20250124), and a class of the application's own in the shape of Anthropic's tool
    // classes (a to_params() that returns a tool schema), a Playwright browser.
    expect(tools('agent:demo/loop.py#sampling_loop')).toEqual(['tool:demo/tools/bash.py#bash', 'tool:demo/tools/browser.py#browser']);
    // other/ holds its own provider tools: the assistant there takes those, never demo's.
    expect(tools('agent:other/assistant.py#Assistant.step')).toEqual(['tool:other/direct.py#bash', 'tool:other/tools/editor.py#str_replace_based_edit_tool']);
    // The tools a call writes out are what it runs: nothing is added beside them.
    expect(tools('agent:other/direct.py#ask')).toEqual(['tool:other/direct.py#bash']);
    // An OpenAI loop with function schemas: the function a schema names, where the file defines it, is the tool.
    expect(tools('agent:other/ops.py#operate')).toEqual(['tool:other/ops.py#run_command']);
    expect(report.components.find((c) => c.id === 'tool:other/ops.py#run_command')?.capabilities).toEqual(['shell']);
    // Schemas of functions the scan cannot see: an agent, with no tool it can say anything of.
    expect(tools('agent:other/chat.py#answer')).toEqual([]);
    expect(report.components.some((c) => c.id === 'agent:other/direct.py#summarise')).toBe(false);
    // What the browser reads steers the loop into its shell.
    const injected = report.chains.find((c) => c.templateId === 'web-tool-injection-side-effect');
    expect(injected?.steps.map((s) => s.componentId)).toEqual(['tool:demo/tools/browser.py#browser', 'agent:demo/loop.py#sampling_loop', 'model:anthropic', 'tool:demo/tools/bash.py#bash']);
    // The shell the loop runs, in the container that ships it, is a chain.
    const chain = report.chains.find((c) => c.templateId === 'code-exec-container-escape');
    expect(chain?.steps.map((s) => s.componentId)).toEqual(['model:anthropic', 'agent:demo/loop.py#sampling_loop', 'tool:demo/tools/bash.py#bash', 'container-image:Dockerfile#' + chain?.steps[3]?.componentId.split('#')[1]]);
  });

  it('is not linked to another provider\'s tools', async () => {
    const { tools } = await scan({
      'demo/openai_loop.py': 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef step(params):\n    return client.responses.create(model="gpt-4o", tools=params.tools, input=params.input)\n',
    });
    expect(tools('agent:demo/openai_loop.py#step')).toEqual([]);
  });
});
