import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsDetectors } from '../../../src/detect/js/index.js';
import type { Findings } from '../../../src/detect/types.js';
import { buildModel } from '../../../src/model/build.js';
import { runFixture } from './run-fixtures.js';

/** Detection gaps found by scanning public agent repositories; each fixture is a minimal stand-in written here. */
const root = join(import.meta.dirname, '../../fixtures/js');

async function findings(fixture: string, file: string): Promise<Findings> {
  const all = await runFixture(join(root, fixture), jsDetectors);
  const f = all[file]?.['js-agent-stack'];
  if (!f) throw new Error(`no findings for ${file}`);
  return f;
}

/** Detection plus the model's merge and ref resolution, as the scanner runs them (no linkers). */
async function model(fixture: string) {
  const all = await runFixture(join(root, fixture), jsDetectors);
  const files = Object.entries(all).flatMap(([path, byDetector]) => Object.entries(byDetector).map(([detectorId, findings]) => ({ path, blobId: path, detectorId, findings })));
  return buildModel(files, []);
}

const edgesOf = (f: Findings, kind: string) => f.edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`);

describe('js detection found missing in the field', () => {
  it('links the nodes of a graph built in one fluent chain longer than ten calls', async () => {
    const f = await findings('field-long-graph', 'src/ticket-graph.ts');
    const graph = 'agent:src/ticket-graph.ts#ticketGraph';
    expect(edgesOf(f, 'uses-tool')).toContain(`${graph} -> tool:src/ticket-graph.ts#deleteTicket`);
    expect(edgesOf(f, 'uses-model')).toContain(`${graph} -> model:openai/gpt-4o-mini`);
  });

  it('finds MCP tools registered on a server parameter, and links them to the server that calls the registrar', async () => {
    const tools = await findings('field-mcp-registrars', 'src/tools/notes.ts');
    const byId = new Map(tools.components.map((c) => [c.id, c]));
    expect(byId.get('tool:src/tools/notes.ts#save_note')?.capabilities).toEqual(['file-write']);
    expect(byId.has('tool:src/tools/notes.ts#show_env')).toBe(true);
    const m = await model('field-mcp-registrars');
    expect(m.edges.filter((e) => e.kind === 'provides-tool').map((e) => `${e.from} -> ${e.to}`)).toEqual(['mcp-server:src/server.ts#server -> tool:src/tools/notes.ts#save_note']);
  });

  it('links an agent to the models (or the gateway) a factory function in another file returns', async () => {
    const m = await model('field-model-factory');
    const usesModel = (agent: string) => m.edges.filter((e) => e.kind === 'uses-model' && e.from === agent).map((e) => e.to);
    expect(usesModel('agent:app/api/answer/route.ts#POST.streamText')).toEqual(['model:anthropic/claude-sonnet-4-5', 'model:openai/gpt-4o-mini']);
    // a model picked at run time through a gateway: the gateway is what the agent uses
    expect(usesModel('agent:app/api/chat/route.ts#POST.generateText')).toEqual(['llm-gateway:vercel-ai-gateway']);
  });

  it('links an agent whose model the code works out at run time to the model unknown, so its chains are walked', async () => {
    const m = await model('field-runtime-model');
    const usesModel = (agent: string) => m.edges.filter((e) => e.kind === 'uses-model' && e.from === agent).map((e) => e.to);
    expect(usesModel('agent:src/agent.ts#answer.generateText')).toEqual(['model:unknown']);
    expect(usesModel('agent:src/agent.ts#answerWith.generateText')).toEqual(['model:unknown']);
    // A model another file of the repository makes is found there, not taken for unknown.
    expect(usesModel('agent:src/agent.ts#answerLocal.generateText')).toEqual(['model:openai/gpt-4o-mini']);
    expect(m.components.find((c) => c.id === 'model:unknown')?.attributes).toEqual({ provider: 'unknown' });
    // A model id string is that model, not an unknown one.
    expect(usesModel('agent:src/lc.ts#helper')).toEqual(['model:anthropic/claude-sonnet-4-5']);
    expect(usesModel('agent:src/lc.ts#looked')).toEqual(['model:openai/gpt-4o']);
  });

  it("marks a tool that runs LangChain SqlDatabase.run as sql, and only that one", async () => {
    const f = await findings('field-sql-db', 'reports.ts');
    const caps = Object.fromEntries(f.components.filter((c) => c.kind === 'tool').map((c) => [c.name, c.capabilities ?? []]));
    expect(caps).toEqual({ listReportTables: [], runReportQuery: ['sql'] });
  });

  it('follows a typed parameter to the same-named variable passed in (parameters now shadow other declarations)', async () => {
    const f = await findings('field-typed-param', 'helper.ts');
    expect(edgesOf(f, 'uses-model')).toEqual(['agent:helper.ts#helper -> model:openai/gpt-4.1-nano']);
  });

  it('keeps two stdio MCP servers with computed arguments apart (no repo-wide "node <expr>")', async () => {
    const m = await model('field-mcp-computed-args');
    expect(m.components.filter((c) => c.kind === 'mcp-server').map((c) => c.id)).toEqual(['mcp-server:billing/client.ts#node <expr>', 'mcp-server:notes/client.ts#node <expr>']);
    expect(m.edges.filter((e) => e.kind === 'connects-mcp').map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'mcp-client:billing/client.ts#client -> mcp-server:billing/client.ts#node <expr>',
      'mcp-client:notes/client.ts#client -> mcp-server:notes/client.ts#node <expr>',
    ]);
  });

  it('finds Anthropic-defined tools declared by versioned type in a raw SDK tool list', async () => {
    const f = await findings('field-anthropic-tools', 'desk.ts');
    const tools = Object.fromEntries(f.components.filter((c) => c.kind === 'tool').map((c) => [c.id, [c.capabilities ?? [], c.attributes?.providerTool]]));
    expect(tools).toEqual({
      'tool:desk.ts#bash': [['shell'], 'anthropic.bash_20250124'],
      'tool:desk.ts#web_search': [['web-search'], 'anthropic.web_search_20250305'],
    });
  });
});
