import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonDetectors } from '../../../src/detect/python/index.js';
import { mergeAndLink, scanDir } from './harness.js';

/** Detection gaps found by scanning public agent repositories; each fixture is a minimal stand-in written here. */
const ROOT = join(__dirname, '../../fixtures/python');

describe('python detection found wrong in the field', () => {
  it('names low-level MCP server tools by their listed Tool(name=...), each with what its own branch does', async () => {
    const m = mergeAndLink(await scanDir(join(ROOT, 'field-mcp-lowlevel'), pythonDetectors));
    const tools = Object.fromEntries(m.components.filter((c) => c.kind === 'tool').map((c) => [c.id, c.capabilities ?? []]));
    expect(tools).toEqual({
      // Server(on_list_tools=..., on_call_tool=...): the same, by the handlers given to the constructor.
      'tool:constructor_handlers.py#download': ['http'],
      'tool:constructor_handlers.py#run': ['shell'],
      'tool:ticket_server.py#close_ticket': [],
      'tool:ticket_server.py#open_ticket': [],
      'tool:ticket_server.py#run_report': ['shell'],
      'tool:weather_server.py#get_forecast': ['file-read', 'http'],
      'tool:weather_server.py#list_units': ['file-read'],
    });
    const provided = m.edges.filter((e) => e.kind === 'provides-tool').map((e) => `${e.from} -> ${e.to}`);
    expect(provided).toContain('mcp-server:weather_server.py#app -> tool:weather_server.py#get_forecast');
    expect(provided).toContain('mcp-server:constructor_handlers.py#app -> tool:constructor_handlers.py#run');
    expect(provided).toHaveLength(7);
  });

  it('finds Anthropic-defined tools declared by versioned type, in tool classes and in raw SDK tool lists', async () => {
    const m = mergeAndLink(await scanDir(join(ROOT, 'field-anthropic-tools'), pythonDetectors));
    const tools = Object.fromEntries(m.components.filter((c) => c.kind === 'tool').map((c) => [c.id, [c.capabilities ?? [], c.attributes?.providerTool]]));
    expect(tools).toEqual({
      'tool:desk/loop.py#code_execution': [['code-exec'], 'anthropic.code_execution_20250522'],
      'tool:desk/loop.py#str_replace_based_edit_tool': [['file-read', 'file-write'], 'anthropic.text_editor_20250728'],
      'tool:desk/tools.py#bash': [['shell'], 'anthropic.bash_20250124'],
    });
  });

  it('keeps two stdio MCP servers with computed arguments apart (no repo-wide "python …")', async () => {
    const m = mergeAndLink(await scanDir(join(ROOT, 'field-mcp-computed-args'), pythonDetectors));
    expect(m.components.filter((c) => c.kind === 'mcp-server').map((c) => c.id)).toEqual(['mcp-server:billing/client.py#python …', 'mcp-server:notes/client.py#python …']);
  });
});
