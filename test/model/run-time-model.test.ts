import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const tools = `import subprocess
from langchain_core.tools import tool
from langchain_tavily import TavilySearch

search = TavilySearch(max_results=3)


@tool
def shell(cmd: str) -> str:
    """Run a shell command."""
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
`;

describe('a model handed over by a name another file defines', () => {
  it('is the run-time model when that file computes it, and the model itself when that file makes one', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({
      'app/config.py': 'import os\n\nMODEL = os.environ["AGENT_MODEL"]\n',
      'app/models.py': 'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o")\n',
      'app/tools.py': tools,
      'app/agents.py': `from langgraph.prebuilt import create_react_agent

from app.config import MODEL
from app.models import llm
from app.tools import search, shell

configured = create_react_agent(MODEL, tools=[search, shell])
made = create_react_agent(llm, tools=[search, shell])
`,
      'web/config.ts': 'export const MODEL = process.env.AGENT_MODEL!;\n',
      'web/agent.ts': `import { generateText, tool } from 'ai';
import { z } from 'zod';
import { execSync } from 'node:child_process';
import { MODEL } from './config';

const shell = tool({ description: 'Run', parameters: z.object({ cmd: z.string() }), execute: async ({ cmd }) => execSync(cmd).toString() });
const fetchPage = tool({ description: 'Fetch', parameters: z.object({ url: z.string() }), execute: async ({ url }) => (await fetch(url)).text() });

export async function answer(q: string) {
  return generateText({ model: MODEL, prompt: q, tools: { shell, fetchPage } });
}
`,
    });
    r.commit('agents');
    const { report } = await runScan({ path: r.dir, rev: 'HEAD' });
    const models = (agent: string) => report.edges.filter((e) => e.kind === 'uses-model' && e.from === agent).map((e) => e.to);
    expect(models('agent:app/agents.py#configured')).toEqual(['model:unknown']);
    expect(models('agent:app/agents.py#made')).toEqual(['model:openai/gpt-4o']);
    expect(models('agent:web/agent.ts#answer.generateText')).toEqual(['model:unknown']);
    const unknown = report.components.find((c) => c.id === 'model:unknown')!;
    // Where it runs is as unknown as which it is.
    expect(unknown.attributes).toEqual({ provider: 'unknown' });
    expect(unknown.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['app/agents.py:7', 'web/agent.ts:10']);
    const injected = report.chains.filter((c) => c.templateId === 'web-tool-injection-side-effect').map((c) => c.steps[1]!.componentId);
    expect(injected.sort()).toEqual(['agent:app/agents.py#configured', 'agent:app/agents.py#made', 'agent:web/agent.ts#answer.generateText']);
  });
});
