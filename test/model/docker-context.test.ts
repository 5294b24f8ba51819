import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const agent = [
  'import subprocess',
  'from langchain_core.tools import tool',
  'from langgraph.prebuilt import create_react_agent',
  '',
  '@tool',
  'def shell(cmd: str) -> str:',
  '    """Run a command."""',
  '    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout',
  '',
  'agent = create_react_agent("openai:gpt-4o", tools=[shell])',
  '',
].join('\n');

describe("a Dockerfile's build context", () => {
  it('is the repository root only when more of its COPY sources are there than in its own folder', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      'agents/shell/agent.py': agent,
      // A web UI built with `docker build ./ui`: `COPY . .` copies the UI, not the agents.
      'ui/package.json': '{ "name": "ui", "version": "1.0.0" }\n',
      'ui/Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nCOPY . .\nCMD ["node", "server.js"]\n',
      // A template for generated projects: go.mod is not there from its folder nor from the root.
      'templates/go/go.mod.tmpl': 'module example.com/server\n',
      'templates/go/Dockerfile': 'FROM golang:1.23-alpine\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY . .\nRUN go build -o /server ./cmd/server\n',
      // Built from the root with `-f docker/agent/Dockerfile`: agents/shell is not under docker/agent.
      'docker/agent/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY agents/shell /app\nCMD ["python", "agent.py"]\n',
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[] };
    const runs = (from: string) => report.edges.filter((e) => e.kind === 'runs' && e.from.startsWith(`container-image:${from}`)).map((e) => e.to).sort();
    expect(runs('ui/Dockerfile')).toEqual([]);
    expect(runs('templates/go/Dockerfile')).toEqual([]);
    expect(runs('docker/agent/Dockerfile')).toEqual(['agent:agents/shell/agent.py#agent', 'model:openai/gpt-4o', 'tool:agents/shell/agent.py#shell']);
  });
});
