import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

// mcp-agent's agents name their servers (`server_names=["fetch"]`); the servers are defined in the YAML config
// the app runs from. The model joins the two, nearest config first.
const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));
const opts = { today: '2026-06-01', pool: { workers: 0 } };

const CONFIG = (fetch: string) => `mcp:
  servers:
    fetch:
      command: uvx
      args: ["${fetch}"]
    filesystem:
      command: npx
      args: ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."]
`;

const APP = `import subprocess

from mcp_agent.agents.agent import Agent


def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout


finder = Agent(name="finder", server_names=["fetch", "filesystem", "missing"], functions=[run])
`;

describe('mcp-agent: agents and the servers their config defines', () => {
  it('links each server name to the server of the nearest config', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({
      'apps/finder/mcp_agent.config.yaml': CONFIG('mcp-server-fetch'),
      'apps/finder/main.py': APP,
      // Another app's config defines a fetch server too; the finder runs with its own.
      'apps/other/mcp_agent.config.yaml': CONFIG('other-fetch'),
    }).commit('apps');
    const { report } = await runScan({ path: r.dir, rev: 'HEAD', ...opts });
    const agent = 'agent:apps/finder/main.py#finder';
    const servers = report.edges.filter((e) => e.from === agent && e.kind === 'connects-mcp').map((e) => e.to);
    expect(servers).toEqual(['mcp-server:fetch: uvx mcp-server-fetch', 'mcp-server:filesystem: npx -y @modelcontextprotocol/server-filesystem@2025.8.21 .']);
    const edge = report.edges.find((e) => e.from === agent && e.to === servers[0])!;
    expect(edge.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['apps/finder/main.py:11']);
    // An outside server feeding an agent that holds a shell tool.
    const chains = report.chains.filter((c) => c.steps[0]!.componentId === servers[0] && c.steps.some((s) => s.componentId === agent));
    expect(chains.length).toBeGreaterThan(0);
  });

  it('takes the config of the folder the app runs in or above it, never a sibling app or a test config', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({
      'mcp_agent.config.yaml': CONFIG('root-fetch'),
      'src/app/main.py': APP,
      'src/app/tests/mcp_agent.config.yaml': CONFIG('test-fetch'),
      'examples/a/mcp_agent.config.yaml': CONFIG('a-fetch'),
      'examples/b/mcp_agent.config.yaml': CONFIG('b-fetch'),
      'examples/c/mcp_agent.config.yaml': CONFIG('c-fetch'),
    }).commit('root config');
    const { report } = await runScan({ path: r.dir, rev: 'HEAD', ...opts });
    const servers = report.edges.filter((e) => e.from === 'agent:src/app/main.py#finder' && e.kind === 'connects-mcp').map((e) => e.to);
    expect(servers).toEqual(['mcp-server:fetch: uvx root-fetch', 'mcp-server:filesystem: npx -y @modelcontextprotocol/server-filesystem@2025.8.21 .']);
  });
});
