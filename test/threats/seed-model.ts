import type { Component, Edge, Model } from '../../src/model/types.js';

// The MAESTRO seed's own example as a detector would emit it: a ticket loader outsiders write to (L2) feeds a
// vector store that a triage agent retrieves from; the agent reasons with a hosted model (L1), holds a shell
// tool (L3) and delegates to a billing peer agent (L7).

export interface SeedOptions {
  /** Prefix every path (moving the files) and shift every line. */
  dir?: string;
  lineShift?: number;
  toolName?: string;
  toolAttributes?: Component['attributes'];
}

export function seedModel(o: SeedOptions = {}): Model {
  const p = (f: string) => (o.dir ? `${o.dir}/${f}` : f);
  const l = (n: number) => n + (o.lineShift ?? 0);
  const tool = o.toolName ?? 'run_shell';
  const components: Component[] = [
    { id: `document-loader:${p('ingest.py')}#tickets`, kind: 'document-loader', layer: 'L2', name: 'tickets', framework: 'langchain', attributes: { untrusted: true, sourceType: 'ticket' }, source: 'inferred', evidence: [{ path: p('ingest.py'), line: l(8), note: 'JiraLoader' }] },
    { id: 'vector-store:chroma', kind: 'vector-store', layer: 'L2', name: 'chroma', framework: 'langchain', attributes: { provider: 'chroma', persistent: true }, source: 'inferred', evidence: [{ path: p('ingest.py'), line: l(12), note: 'Chroma' }, { path: p('agent.py'), line: l(5), note: 'Chroma' }] },
    { id: `agent:${p('agent.py')}#triage`, kind: 'agent', layer: 'L3', name: 'triage', framework: 'langchain', source: 'inferred', evidence: [{ path: p('agent.py'), line: l(30), note: 'create_react_agent' }] },
    { id: 'model:openai/gpt-4o', kind: 'model', layer: 'L1', name: 'openai/gpt-4o', framework: 'langchain', attributes: { provider: 'openai', modelName: 'gpt-4o', hosted: true }, source: 'inferred', evidence: [{ path: p('agent.py'), line: l(10), note: 'ChatOpenAI' }] },
    { id: `tool:${p('tools.py')}#${tool}`, kind: 'tool', layer: 'L3', name: tool, framework: 'langchain', capabilities: ['shell'], attributes: { ...(o.toolAttributes ?? {}) }, source: 'inferred', evidence: [{ path: p('tools.py'), line: l(4), note: '@tool subprocess.run' }] },
    { id: 'peer-agent:https://billing.example.com/a2a', kind: 'peer-agent', layer: 'L7', name: 'https://billing.example.com/a2a', attributes: { url: 'https://billing.example.com/a2a' }, source: 'inferred', evidence: [{ path: p('agent.py'), line: l(40), note: 'A2AClient' }] },
  ];
  const [loader, store, agent, model, shell, peer] = components.map((c) => c.id) as [string, string, string, string, string, string];
  const edges: Edge[] = [
    { from: loader, to: store, kind: 'ingests', evidence: [{ path: p('ingest.py'), line: l(14) }] },
    { from: agent, to: store, kind: 'retrieves', evidence: [{ path: p('agent.py'), line: l(22) }] },
    { from: agent, to: model, kind: 'uses-model', evidence: [{ path: p('agent.py'), line: l(30) }] },
    { from: agent, to: shell, kind: 'uses-tool', evidence: [{ path: p('agent.py'), line: l(30) }] },
    { from: agent, to: peer, kind: 'delegates', evidence: [{ path: p('agent.py'), line: l(41) }] },
  ];
  return { components, edges, frameworks: [{ id: 'langchain', confidence: 'high', evidence: [{ path: p('agent.py'), line: l(1) }] }], diagnostics: [] };
}
