import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const pyTool = '@tool\ndef shell(cmd: str) -> str:\n    """Run."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n';
const pyAgent = `import subprocess\nfrom langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n\n${pyTool}\n\nagent = create_react_agent("openai:gpt-4o", tools=[shell])\n`;
const tsAgent = "import { generateText, tool } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nimport { z } from 'zod';\n\nexport const fetchPage = tool({ description: 'Fetch', parameters: z.object({ url: z.string() }), execute: async ({ url }) => (await fetch(url)).text() });\n\nexport const answer = (q: string) => generateText({ model: openai('gpt-4o-mini'), prompt: q, tools: { fetchPage } });\n";

describe('what an image runs', () => {
  it('is the code of the languages its base image and its own stages run, when they say', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    const app = (dir: string, dockerfile: string) => ({ [`${dir}/agent.py`]: pyAgent, [`${dir}/web/agent.ts`]: tsAgent, [`${dir}/Dockerfile`]: dockerfile });
    r.write({
      // A Node image copying the whole folder: the Python beside the web code goes along but does not run.
      ...app('node', 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n'),
      // Built in a Python stage, shipped on a Node one: the builder's toolchain stays behind.
      ...app('staged', 'FROM python:3.12 AS build\nCOPY . /src\nRUN pip install -r /src/requirements.txt\nFROM node:20\nCOPY --from=build /src /app\nCMD ["node", "web/server.js"]\n'),
      // An OS image that installs Python by name runs Python.
      ...app('os', 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3\nCOPY . /app\nCMD ["python3", "/app/agent.py"]\n'),
      // Nothing says: everything it copies may run.
      ...app('plain', 'FROM ubuntu:24.04\nCOPY . /app\nCMD ["/app/start.sh"]\n'),
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[] };
    const runs = (dir: string) =>
      report.edges
        .filter((e) => e.kind === 'runs' && e.from.startsWith(`container-image:${dir}/Dockerfile`))
        .map((e) => e.to)
        .filter((to) => to.startsWith('agent:') || to.startsWith('tool:'))
        .sort();
    expect(runs('node')).toEqual(['agent:node/web/agent.ts#answer.generateText', 'tool:node/web/agent.ts#fetchPage']);
    expect(runs('staged')).toEqual(['agent:staged/web/agent.ts#answer.generateText', 'tool:staged/web/agent.ts#fetchPage']);
    expect(runs('os')).toEqual(['agent:os/agent.py#agent', 'tool:os/agent.py#shell']);
    expect(runs('plain')).toEqual(['agent:plain/agent.py#agent', 'agent:plain/web/agent.ts#answer.generateText', 'tool:plain/agent.py#shell', 'tool:plain/web/agent.ts#fetchPage']);
  });
});
