import { afterAll, describe, expect, it } from 'vitest';
import { runDiff, runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

// Tests build agents with shell tools that never ship: a PR adding one must not fail the gate, and a model both
// the app and its tests use is cited where the app uses it.
const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));
const opts = { today: '2026-06-01', pool: { workers: 0 } };

const AGENT = (tools: string) => `from langchain.tools.retriever import create_retriever_tool
from langchain_chroma import Chroma
from langchain_community.document_loaders import WebBaseLoader
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langgraph.prebuilt import create_react_agent
import subprocess

docs = WebBaseLoader(["https://forum.example.com/latest"]).load()
store = Chroma.from_documents(docs, OpenAIEmbeddings())
search = create_retriever_tool(store.as_retriever(), "search", "Search the forum.")


@tool
def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout


agent = create_react_agent(ChatOpenAI(model="gpt-4o"), tools=[search${tools}])
`;

function repo(): TempRepo {
  const r = new TempRepo();
  repos.push(r);
  r.write({ 'app/agent.py': AGENT(''), 'README.md': '# demo\n' }).commit('base');
  return r;
}

describe('test code is set aside', () => {
  it('a PR that adds only tests with risky agents passes, with one note saying what was set aside', async () => {
    const r = repo();
    r.write({
      'tests/test_agent.py': AGENT(', run'),
      'app/test_tools.py': AGENT(', run'),
      'web/src/agent.test.ts': "import { Agent } from '@openai/agents';\nexport const a = new Agent({ name: 'x', model: 'gpt-4o' });\n",
      'tests/fixtures/docker-compose.yml': 'services:\n  agent:\n    image: agent\n    privileged: true\n',
      // Not tests: an MCP config kept in a spec folder, an API description named .spec.json.
      'src/spec/mcp.json': '{"mcpServers": {"files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."]}}}\n',
    }).commit('tests');
    const { report } = await runDiff({ path: r.dir, base: 'HEAD~1', head: 'HEAD', ...opts });
    expect(report.gate.status).toBe('pass');
    expect(report.diff!.new.chains).toEqual([]);
    const cited = report.components.flatMap((c) => c.evidence.map((e) => e.path));
    expect(new Set(cited)).toEqual(new Set(['app/agent.py', 'src/spec/mcp.json']));
    expect(report.components.find((c) => c.id === 'model:openai/gpt-4o')!.evidence.map((e) => e.path)).toEqual(['app/agent.py']);
    expect(report.diagnostics.filter((d) => d.code === 'test-code')).toEqual([
      {
        path: 'app/test_tools.py',
        code: 'test-code',
        message:
          '4 test file(s) that mention agent frameworks or hold findings are not modelled (app/test_tools.py, tests/fixtures/docker-compose.yml, tests/test_agent.py, and 1 more): tests and their fixtures do not ship, and their code is not parsed',
      },
    ]);
  });

  it('test code is marked, not parsed: no parse notes from it, and only the app is analysed', async () => {
    const r = repo();
    r.write({
      'tests/test_broken.py': 'from langchain_openai import ChatOpenAI\n\ndef broken(:\n    ...\n',
      'web/src/broken.spec.ts': "import { Agent } from '@openai/agents';\nexport const a = new Agent({ name: 'x', model: \n",
      // Mentions no framework: not even marked.
      'tests/test_plain.py': 'def test_one():\n    assert 1 + 1 == 2\n',
    }).commit('broken tests');
    const { report, analyses } = await runScan({ path: r.dir, rev: 'HEAD', ...opts });
    expect(report.diagnostics.map((d) => [d.path, d.code])).toEqual([['tests/test_broken.py', 'test-code']]);
    expect(report.diagnostics[0]!.message).toMatch(/^2 test file\(s\) .*\(tests\/test_broken\.py, web\/src\/broken\.spec\.ts\)/);
    // Parsed as much as the commit before, which had no tests.
    const before = await runScan({ path: r.dir, rev: 'HEAD~1', ...opts });
    expect(analyses[0]!.stats.analysed).toBe(before.analyses[0]!.stats.analysed);
    // The same files outside a test path are parsed, and say what is wrong with them.
    r.write({ 'app/broken.py': 'from langchain_openai import ChatOpenAI\n\ndef broken(:\n    ...\n' }).commit('broken app');
    const app = await runScan({ path: r.dir, rev: 'HEAD', ...opts });
    expect(app.report.diagnostics.some((d) => d.path === 'app/broken.py' && d.code === 'parse-error')).toBe(true);
  });

  it('the same agent outside a test folder is modelled and gated', async () => {
    const r = repo();
    r.write({ 'app/agent.py': AGENT(', run') }).commit('shell tool in the app');
    const { report } = await runDiff({ path: r.dir, base: 'HEAD~1', head: 'HEAD', ...opts });
    expect(report.gate.status).toBe('fail');
    expect(report.diff!.new.chains.length).toBeGreaterThan(0);
    const scan = await runScan({ path: r.dir, rev: 'HEAD', ...opts });
    expect(scan.report.diagnostics.filter((d) => d.code === 'test-code')).toEqual([]);
  });

  it('resolves a name among modelled code: a test defining the same name nearer does not take the link away', async () => {
    const r = new TempRepo();
    repos.push(r);
    const shellTool = `import subprocess\n\nfrom langchain_core.tools import tool\n\n\n@tool\ndef run(cmd: str) -> str:\n    """Run a command."""\n    return subprocess.run(cmd, shell=True).stdout\n`;
    r.write({
      'app/agent.py': `from langchain_openai import ChatOpenAI\nfrom langgraph.prebuilt import create_react_agent\nfrom shared.tools import run\n\nagent = create_react_agent(ChatOpenAI(model="gpt-4o"), tools=[run])\n`,
      'app/test_tools.py': shellTool,
      'shared/tools.py': shellTool,
    }).commit('tools');
    const { report } = await runScan({ path: r.dir, rev: 'HEAD', ...opts });
    expect(report.edges.filter((e) => e.from === 'agent:app/agent.py#agent' && e.kind === 'uses-tool').map((e) => e.to)).toEqual(['tool:shared/tools.py#run']);
  });
});
