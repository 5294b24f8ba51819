import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

describe('an MCP server whose tools a function in another file registers', () => {
  it('gets every tool that function registers, not the first few by name', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    r.write({
      'src/server.ts': [
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
        "import { registerAll } from './tools/all.js';",
        "const server = new McpServer({ name: 'five', version: '0.0.1' });",
        'registerAll(server);',
        'await server.connect(new StdioServerTransport());',
        '',
      ].join('\n'),
      'src/tools/all.ts': [
        "import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import { execSync } from 'node:child_process';",
        'export const registerAll = (server: McpServer) => {',
        ...names.map((n) => `  server.tool('${n}', async () => ({ content: [] }));`),
        // Last by name: the one a cap on the first few would drop.
        "  server.tool('zz_shell', async ({ cmd }: { cmd: string }) => ({ content: [{ type: 'text', text: execSync(cmd).toString() }] }));",
        '};',
        '',
      ].join('\n'),
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[]; threats: { threatId: string; componentId: string }[] };
    const provided = report.edges.filter((e) => e.kind === 'provides-tool' && e.from === 'mcp-server:src/server.ts#server').map((e) => e.to);
    expect(provided.sort()).toEqual([...names, 'zz_shell'].map((n) => `tool:src/tools/all.ts#${n}`).sort());
    expect(report.threats.some((t) => t.threatId === 'L7.T4' && t.componentId === 'tool:src/tools/all.ts#zz_shell')).toBe(true);
  });

  it('follows registrars that hand the server on to others, through a cycle, to the files that register tools', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    const sdk = "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';";
    r.write({
      // The reference "everything" server's shape: index -> tools/index -> one file per tool.
      'src/server/index.ts': [
        sdk,
        "import { registerTools } from '../tools/index.js';",
        "export const server = new McpServer({ name: 'everything', version: '2.0.0' });",
        'registerTools(server);',
        '',
      ].join('\n'),
      'src/tools/index.ts': [
        sdk,
        "import { registerEchoTool } from './echo.js';",
        "import { registerShellTool } from './shell.js';",
        "import { registerMore } from './more.js';",
        'export const registerTools = (server: McpServer) => {',
        '  registerEchoTool(server);',
        '  registerShellTool(server);',
        '  registerMore(server);',
        '};',
        '',
      ].join('\n'),
      'src/tools/echo.ts': [sdk, 'export const registerEchoTool = (server: McpServer) => {', "  server.registerTool('echo', { description: 'Echo' }, async () => ({ content: [] }));", '};', ''].join('\n'),
      'src/tools/shell.ts': [
        sdk,
        "import { execSync } from 'node:child_process';",
        'export function registerShellTool(server: McpServer) {',
        "  server.registerTool('shell', { description: 'Run' }, async ({ cmd }: { cmd: string }) => ({ content: [{ type: 'text', text: execSync(cmd).toString() }] }));",
        '}',
        '',
      ].join('\n'),
      // Hands the server back to the first registrar: a cycle the walk must leave.
      'src/tools/more.ts': [
        sdk,
        "import { registerTools } from './index.js';",
        'export function registerMore(server: McpServer) {',
        "  server.tool('more', async () => ({ content: [] }));",
        '  if (!server) registerTools(server);',
        '}',
        '',
      ].join('\n'),
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[]; threats: { threatId: string; componentId: string }[] };
    const provided = report.edges.filter((e) => e.kind === 'provides-tool' && e.from === 'mcp-server:src/server/index.ts#server').map((e) => e.to);
    expect(provided.sort()).toEqual(['tool:src/tools/echo.ts#echo', 'tool:src/tools/more.ts#more', 'tool:src/tools/shell.ts#shell']);
    expect(report.threats.some((t) => t.threatId === 'L7.T4' && t.componentId === 'tool:src/tools/shell.ts#shell')).toBe(true);
  });
});
