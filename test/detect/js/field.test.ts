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
});
