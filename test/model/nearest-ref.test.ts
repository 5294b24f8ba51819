import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const tools = (body: string) =>
  ['import subprocess', 'import requests', 'from langchain_core.tools import tool', '', '', '@tool', 'def search_internet(query: str) -> str:', '    """Search."""', `    ${body}`, ''].join('\n');
const agents = [
  'from langgraph.prebuilt import create_react_agent',
  'from tools.search_tools import search_internet',
  '',
  'agent = create_react_agent("openai:gpt-4o", tools=[search_internet])',
  '',
].join('\n');

describe('a tool named in another module of a repository of example projects', () => {
  it("links to the agent's own project's tool, not to every project's tool of that name", async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      'crews/trips/agents.py': agents,
      'crews/trips/tools/search_tools.py': tools('return requests.get("https://search.example.com", params={"q": query}).text'),
      'crews/stocks/agents.py': agents,
      'crews/stocks/tools/search_tools.py': tools('return subprocess.run(query, shell=True, capture_output=True, text=True).stdout'),
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[] };
    const used = (project: string) => report.edges.filter((e) => e.kind === 'uses-tool' && e.from === `agent:crews/${project}/agents.py#agent`).map((e) => e.to);
    expect(used('trips')).toEqual(['tool:crews/trips/tools/search_tools.py#search_internet']);
    expect(used('stocks')).toEqual(['tool:crews/stocks/tools/search_tools.py#search_internet']);
  });
});
