import { describe, expect, it } from 'vitest';
import { lineCol, parseJson } from '../../../src/detect/config/json.js';
import { pinnedCommand, redactArgs, redactUrl } from '../../../src/detect/config/mcp-servers.js';
import { isPinned, parseRequirement, requirementLines } from '../../../src/detect/config/pep508.js';
import { isMcpConfigPath } from '../../../src/detect/config/mcp-config.js';

describe('PEP 508 requirement lines', () => {
  it('reads names, extras, version clauses, markers and URLs', () => {
    expect(parseRequirement('crewai[tools, embeddings]==0.80.0 ; python_version >= "3.10"')).toEqual({
      name: 'crewai',
      extras: ['tools', 'embeddings'],
      specifiers: [{ op: '==', version: '0.80.0' }],
      marker: 'python_version >= "3.10"',
    });
    expect(parseRequirement('langchain-openai (>=0.2, <0.3)').specifiers).toEqual([
      { op: '>=', version: '0.2' },
      { op: '<', version: '0.3' },
    ]);
    expect(parseRequirement('pkg @ https://x.example/pkg-1.0.whl#sha256=abc').url).toBe('https://x.example/pkg-1.0.whl#sha256=abc');
  });

  it('knows a pin from a range', () => {
    expect(isPinned(parseRequirement('openai==1.54.0'))).toBe(true);
    expect(isPinned(parseRequirement('openai===1.54.0'))).toBe(true);
    expect(isPinned(parseRequirement('openai==1.*'))).toBe(false);
    expect(isPinned(parseRequirement('openai>=1,<2'))).toBe(false);
    expect(isPinned(parseRequirement('openai'))).toBe(false);
    expect(isPinned(parseRequirement('x @ git+https://g.example/x@0123456789abcdef0123456789abcdef01234567'))).toBe(true);
  });

  it('rejects what is not a requirement with the column', () => {
    expect(() => parseRequirement('{{cookiecutter.pkg}}')).toThrow(/column 1/);
    expect(() => parseRequirement('openai==')).toThrow(/version at column 9/);
  });

  it('joins continuations, drops comments, options, paths and hashes', () => {
    const lines = requirementLines('# c\n-r base.txt\nopenai==1.0 \\\n  --hash=sha256:00\n./local\nanthropic  # sdk\n');
    expect(lines.map((l) => [l.line, l.requirement?.name])).toEqual([
      [3, 'openai'],
      [6, 'anthropic'],
    ]);
  });
});

describe('JSON with positions', () => {
  it('computes line:col from an offset', () => {
    expect(lineCol('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineCol('x', 0)).toEqual({ line: 1, column: 1 });
  });

  it('parses JSONC and reports the first syntax error where it is', async () => {
    const ok = await parseJson('{\n  // c\n  "a": [1, 2,],\n}');
    expect(ok.error).toBeUndefined();
    expect(ok.root).toMatchObject({ type: 'object', members: [{ key: 'a', line: 3 }] });
    const bad = await parseJson('{\n  "a": 1\n  "b": 2\n}');
    expect(bad.error).toMatchObject({ line: 3, column: 3 });
  });
});

describe('MCP server commands', () => {
  it('tells pinned packages and images from floating ones', () => {
    expect(pinnedCommand('npx', ['-y', '@modelcontextprotocol/server-github@2025.4.8'])).toBe(true);
    expect(pinnedCommand('npx', ['-y', '@modelcontextprotocol/server-github'])).toBe(false);
    expect(pinnedCommand('npx', ['-y', 'pkg@latest'])).toBe(false);
    expect(pinnedCommand('npx', ['-y', 'pkg@^1.2.0'])).toBe(false);
    expect(pinnedCommand('pnpm', ['dlx', 'pkg@1.2.3'])).toBe(true);
    expect(pinnedCommand('uvx', ['mcp-server-time'])).toBe(false);
    expect(pinnedCommand('uvx', ['--from', 'mcp-server-git==0.6.2', 'mcp-server-git'])).toBe(true);
    expect(pinnedCommand('docker', ['run', '-i', '--rm', '-e', 'K', 'ghcr.io/github/github-mcp-server'])).toBe(false);
    expect(pinnedCommand('docker', ['run', '-i', 'mcp/fetch:1.2'])).toBe(true);
    expect(pinnedCommand('docker', ['run', '-i', 'mcp/fetch:latest'])).toBe(false);
    expect(pinnedCommand('node', ['server.js'])).toBeUndefined();
  });

  it('never keeps a credential in a name', () => {
    expect(redactUrl('https://u:p@mcp.example.com/mcp?api_key=sk-123&x=1')).toBe('https://redacted@mcp.example.com/mcp?api_key=redacted&x=1');
    expect(redactUrl('https://mcp.example.com')).toBe('https://mcp.example.com');
    expect(redactArgs(['--api-key=abc', '--token', 'xyz', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'server'])).toEqual([
      '--api-key=<redacted>',
      '--token',
      '<redacted>',
      '<redacted>',
      'server',
    ]);
  });

  it('knows MCP config file names', () => {
    for (const p of ['mcp.json', '.cursor/mcp.json', '.vscode/mcp.json', 'a/.mcp.json', 'claude_desktop_config.json', '.claude.json', '.claude/settings.local.json']) {
      expect(isMcpConfigPath(p), p).toBe(true);
    }
    expect(isMcpConfigPath('src/mcp.ts')).toBe(false);
    expect(isMcpConfigPath('.claude/commands/x.json')).toBe(false);
  });
});
