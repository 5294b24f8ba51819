import { describe, expect, test } from 'vitest';
import type { Component, Model } from '../../src/model/types.js';
import { type Manifest, applyManifestToModel, formatManifestError, loadManifest, manifestForModel } from '../../src/model/manifest/index.js';
import { fixtureExists, fixtureKnown, readFixture } from './fixture-repo.js';

const comp = (id: string, kind: string, layer: Component['layer'], evidence: string[], extra: Partial<Component> = {}): Component => ({
  id,
  kind,
  layer,
  name: id.split(/[#:]/).pop()!,
  source: 'inferred',
  evidence: evidence.map((e) => ({ path: e.split(':')[0]!, line: Number(e.split(':')[1] ?? 0) })),
  ...extra,
});

/** What a scan of the fixture repository might have inferred. */
function inferred(): Model {
  return {
    components: [
      comp('agent:src/app.py#support', 'agent', 'L3', ['src/app.py:10'], { framework: 'langchain' }),
      comp('agent:tests/test_app.py#fake', 'agent', 'L3', ['tests/test_app.py:4']),
      comp('agent:examples/demo.py#demo', 'agent', 'L3', ['examples/demo.py:3']),
      comp('tool:examples/shared.py#lookup', 'tool', 'L3', ['examples/shared.py:2', 'src/app.py:20']),
      comp('model:openai:gpt-4o', 'model', 'L1', ['src/app.py:5']),
      comp('observability:langsmith', 'observability', 'L5', ['src/app.py:2']),
      comp('tool:src/tools.py#run_shell', 'tool', 'L3', ['src/tools.py:8'], { capabilities: ['shell'], attributes: { sandboxed: false, allowList: false } }),
      comp('vector-store:chroma', 'vector-store', 'L2', ['src/app.py:15'], { attributes: { provider: 'chroma', persistent: false }, framework: 'langchain' }),
    ],
    edges: [
      { from: 'agent:src/app.py#support', to: 'vector-store:chroma', kind: 'retrieves', evidence: [{ path: 'src/app.py', line: 16 }] },
      { from: 'agent:src/app.py#support', to: 'model:openai:gpt-4o', kind: 'uses-model', evidence: [{ path: 'src/app.py', line: 11 }] },
      { from: 'agent:src/app.py#support', to: 'tool:src/tools.py#run_shell', kind: 'uses-tool', evidence: [{ path: 'src/app.py', line: 12 }] },
      { from: 'agent:tests/test_app.py#fake', to: 'model:openai:gpt-4o', kind: 'uses-model', evidence: [{ path: 'tests/test_app.py', line: 5 }] },
    ],
    frameworks: [{ id: 'langchain', confidence: 'high', evidence: [{ path: 'src/app.py', line: 1 }] }],
    diagnostics: [],
  };
}

async function fullManifest(): Promise<{ manifest: Manifest; text: string }> {
  const text = readFixture('valid/full.yaml');
  const known = { ...fixtureKnown(), componentIds: new Set(inferred().components.map((c) => c.id)) };
  known.componentIds.add('agent-endpoint:src/api.py#POST /chat');
  const r = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists, known });
  expect(r.errors).toEqual([]);
  return { manifest: r.manifest!, text };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('applyManifestToModel', () => {
  test('merges, replaces, ignores, corrects layers and adds flows, each citing its manifest line', async () => {
    const { manifest, text } = await fullManifest();
    const model = inferred();
    const snapshot = structuredClone(model);
    const out = applyManifestToModel(model, manifest, 'maestro.yaml');
    expect(model).toEqual(snapshot);

    const ids = out.components.map((c) => c.id);
    expect(ids).toEqual([
      'agent:src/app.py#support',
      'model:openai:gpt-4o',
      'observability:langsmith',
      'peer-agent:partner-billing',
      'tool:examples/shared.py#lookup',
      'tool:src/tools.py#run_shell',
      'vector-store:pinecone-prod',
    ]);
    const byId = new Map(out.components.map((c) => [c.id, c]));

    const pinecone = byId.get('vector-store:pinecone-prod')!;
    expect(pinecone).toEqual({
      id: 'vector-store:pinecone-prod',
      kind: 'vector-store',
      layer: 'L2',
      name: 'Production index',
      framework: 'langchain',
      source: 'manifest',
      confidence: 'high',
      attributes: { persistent: true, provider: 'pinecone', remote: true },
      evidence: [
        { path: 'docs/architecture.md', line: 3, note: 'manifest evidence' },
        { path: 'maestro.yaml', line: lineOf(text, '- id: vector-store:pinecone-prod'), note: 'declared in manifest' },
        { path: 'src/app.py', line: 15 },
      ],
    });

    const shell = byId.get('tool:src/tools.py#run_shell')!;
    expect(shell.source).toBe('manifest');
    expect(shell.capabilities).toEqual(['file-read', 'shell']);
    expect(shell.attributes).toEqual({ allowList: false, sandboxed: true });
    expect(shell.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([`maestro.yaml:${lineOf(text, '- id: tool:src/tools.py#run_shell')}`, 'src/tools.py:8']);

    const partner = byId.get('peer-agent:partner-billing')!;
    expect(partner).toMatchObject({ name: 'partner-billing', layer: 'L7', source: 'manifest', attributes: { authenticated: false, url: 'https://billing.partner.example/a2a' } });

    const obs = byId.get('observability:langsmith')!;
    expect(obs.layer).toBe('L6');
    expect(obs.source).toBe('inferred');
    expect(obs.evidence).toContainEqual({ path: 'maestro.yaml', line: lineOf(text, '- component: observability:langsmith'), note: 'layer L6 set in manifest' });

    // Evidence partly outside the glob keeps the component.
    expect(ids).toContain('tool:examples/shared.py#lookup');

    expect(out.edges.map((e) => `${e.from} -${e.kind}-> ${e.to} @ ${e.evidence.map((v) => `${v.path}:${v.line}`).join(',')}`)).toEqual([
      'agent:src/app.py#support -uses-model-> model:openai:gpt-4o @ src/app.py:11',
      `agent:src/app.py#support -delegates-> peer-agent:partner-billing @ maestro.yaml:${lineOf(text, '- from: agent:src/app.py#support')}`,
      'agent:src/app.py#support -uses-tool-> tool:src/tools.py#run_shell @ src/app.py:12',
      `agent:src/app.py#support -retrieves-> vector-store:pinecone-prod @ maestro.yaml:${lineOf(text, 'to: vector-store:pinecone-prod') - 1},src/app.py:16`,
    ]);
    expect(out.frameworks).toEqual(model.frameworks);
    expect(out.diagnostics).toEqual([]);
  });

  test('the result does not depend on the order of the inferred model', async () => {
    const { manifest } = await fullManifest();
    const a = inferred();
    const b = inferred();
    b.components.reverse();
    b.edges.reverse();
    expect(applyManifestToModel(b, manifest, 'maestro.yaml')).toEqual(applyManifestToModel(a, manifest, 'maestro.yaml'));
  });

  test('references the scan does not confirm become diagnostics at the manifest line, not crashes', async () => {
    const text = `version: 1
components:
  - id: vector-store:hosted
    layer: L2
    kind: vector-store
    replaces: [vector-store:gone]
ignore:
  - id: agent:src/old.py#bot
    reason: removed
  - path: "nothing/**"
    reason: empty
layers:
  - component: tool:src/x.py#y
    layer: L3
    reason: r
flows:
  - from: agent:src/app.py#support
    to: peer-agent:nowhere
    kind: delegates
`;
    const r = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists });
    expect(r.errors).toEqual([]);
    const out = applyManifestToModel(inferred(), r.manifest!, 'maestro.yaml');
    expect(out.diagnostics).toEqual([
      { path: 'maestro.yaml', line: 3, code: 'manifest-error', message: 'replaces: no inferred component `vector-store:gone`' },
      { path: 'maestro.yaml', line: 8, code: 'manifest-error', message: 'ignore: no inferred component `agent:src/old.py#bot`' },
      { path: 'maestro.yaml', line: 10, code: 'manifest-error', message: 'ignore: no inferred component has all its evidence under `nothing/**`' },
      { path: 'maestro.yaml', line: 13, code: 'manifest-error', message: 'layers: no component `tool:src/x.py#y`' },
      { path: 'maestro.yaml', line: 17, code: 'manifest-error', message: 'flows: no component `peer-agent:nowhere`' },
    ]);
    expect(out.components.map((c) => c.id)).toContain('vector-store:hosted');
  });

  test('a declared flow confirms a guessed edge', () => {
    const model = inferred();
    model.edges.push({ from: 'agent:src/app.py#support', to: 'observability:langsmith', kind: 'observes', guess: true, evidence: [{ path: 'src/app.py', line: 2 }] });
    const manifest: Manifest = {
      version: 1,
      components: [],
      ignore: [],
      layers: [],
      flows: [{ from: 'agent:src/app.py#support', to: 'observability:langsmith', kind: 'observes', line: 7 }],
      trustBoundaries: [],
      mitigations: [],
      risks: [],
      overrides: [],
    };
    const edge = applyManifestToModel(model, manifest, 'maestro.yaml').edges.find((e) => e.kind === 'observes')!;
    expect(edge.guess).toBeUndefined();
    expect(edge.evidence).toEqual([
      { path: 'maestro.yaml', line: 7, note: 'flow declared in manifest' },
      { path: 'src/app.py', line: 2 },
    ]);
  });
});

describe('manifestForModel', () => {
  test('checks references against the inferred model, merges, and hands over the context', async () => {
    const text = readFixture('valid/full.yaml');
    const model = inferred();
    model.components.push(comp('agent-endpoint:src/api.py#POST /chat', 'agent-endpoint', 'L4', ['src/api.py:3']));
    const { componentIds: _ignored, ...catalogs } = fixtureKnown();
    const r = await manifestForModel({ text, file: 'maestro.yaml', exists: fixtureExists, model, known: catalogs });
    expect(r.errors).toEqual([]);
    expect(r.model.components.map((c) => c.id)).toContain('vector-store:pinecone-prod');
    expect(r.ctx.mitigations?.map((m) => m.controlId)).toEqual(['human-approval', 'content-provenance']);
  });

  test('a reference the scan does not know is an error at its line, and the rest still applies', async () => {
    const text = 'version: 1\nlayers:\n  - component: agent:src/gone.py#x\n    layer: L3\n    reason: r\ncomponents:\n  - id: peer-agent:p\n    layer: L7\n    kind: peer-agent\n';
    const r = await manifestForModel({ text, file: 'maestro.yaml', exists: fixtureExists, model: inferred() });
    expect(r.errors.map(formatManifestError)).toEqual([
      'maestro.yaml:3:16: layers[0].component: unknown component `agent:src/gone.py#x` (not declared here and not found by the scan)',
    ]);
    expect(r.model.components.map((c) => c.id)).toContain('peer-agent:p');
  });
});
