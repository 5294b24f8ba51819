import { describe, expect, test } from 'vitest';
import { formatManifestError, loadManifest } from '../../src/model/manifest/index.js';
import { fixtureExists, fixtureKnown, readFixture } from './fixture-repo.js';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('valid manifests', () => {
  test('a minimal manifest gets the schema defaults and an empty context', async () => {
    const r = await loadManifest({ text: readFixture('valid/minimal.yaml'), file: 'maestro.yaml', exists: fixtureExists });
    expect(r.errors).toEqual([]);
    expect(r.manifest).toEqual({
      version: 1,
      components: [],
      ignore: [],
      layers: [],
      flows: [],
      trustBoundaries: [],
      mitigations: [],
      risks: [],
      overrides: [],
    });
    expect(r.ctx).toEqual({ mitigations: [], decisions: [], overrides: [], trustBoundaries: [] });
  });

  test('the full example loads against the catalogs and the scan, with no error', async () => {
    const text = readFixture('valid/full.yaml');
    const r = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists, known: fixtureKnown() });
    expect(r.errors.map(formatManifestError)).toEqual([]);
    const m = r.manifest!;
    expect(m.system).toMatchObject({ name: 'Support assistant', dataClassification: 'confidential', internetExposed: true, line: lineOf(text, 'system:') });
    expect(m.components.map((c) => [c.id, c.line])).toEqual([
      ['vector-store:pinecone-prod', lineOf(text, '- id: vector-store:pinecone-prod')],
      ['peer-agent:partner-billing', lineOf(text, '- id: peer-agent:partner-billing')],
      ['tool:src/tools.py#run_shell', lineOf(text, '- id: tool:src/tools.py#run_shell')],
    ]);
    expect(m.ignore[1]).toEqual({ path: 'examples/**', reason: 'Samples, never deployed.', line: lineOf(text, 'path: "examples/**"') });
  });

  test('the context names the manifest line of every entry and speaks the engine selector language', async () => {
    const text = readFixture('valid/full.yaml');
    const { ctx } = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists, known: fixtureKnown() });
    const at = (needle: string) => `maestro.yaml:${lineOf(text, needle)}`;
    expect(ctx.system).toEqual({ name: 'Support assistant', internetExposed: true, dataClassification: 'confidential' });
    expect(ctx.mitigations).toEqual([
      {
        controlId: 'human-approval',
        covers: [
          { threatId: 'L3.T3', componentId: 'tool:src/tools.py#run_shell' },
          { threatId: 'L7.T4', componentId: 'tool:src/tools.py#run_shell' },
        ],
        evidence: [{ path: 'docs/security.md', line: 3, note: `declared in ${at('- control: human-approval')}` }],
        externalRef: 'SEC-42',
        entry: at('- control: human-approval'),
      },
      {
        controlId: 'content-provenance',
        covers: [{ templateId: 'rag-to-exfiltration' }, { fingerprint: 'c0ffee0001' }, { layer: 'L2', path: 'src/ingest/**' }],
        evidence: [],
        externalRef: 'https://wiki.acme.example/ingest-allow-list',
        entry: at('- control: content-provenance'),
      },
    ]);
    expect(ctx.decisions).toEqual([
      {
        match: { fingerprint: 'c0ffee0002' },
        status: 'accepted',
        owner: '@acme/security',
        reason: 'Internal users only until the beta ends.',
        expires: '2026-03-31',
        entry: at('- fingerprint: c0ffee0002'),
      },
      {
        match: { threatId: 'L1.T1', componentId: 'model:openai:gpt-4o' },
        status: 'false-positive',
        reason: 'The model never sees raw user files.',
        entry: at('- selector: { threat: L1.T1'),
      },
      {
        match: { fingerprint: 'c0ffee0003' },
        status: 'mitigated',
        evidence: [{ path: 'src/app.py', line: 0, note: `declared in ${at('- fingerprint: c0ffee0003')}` }],
        externalRef: 'SEC-7',
        entry: at('- fingerprint: c0ffee0003'),
      },
    ]);
    expect(ctx.overrides).toEqual([
      { match: { templateId: 'prompt-injection-code-exec' }, likelihood: 2, reason: 'The shell tool runs in a sandbox without network.', entry: at('- selector: { chain:') },
      { match: { fingerprint: 'c0ffee0004' }, severity: 1, reason: 'Read-only data.', entry: at('- fingerprint: c0ffee0004') },
    ]);
    expect(ctx.trustBoundaries).toEqual([
      {
        id: 'internet-edge',
        name: 'Reachable from the internet',
        components: ['agent-endpoint:src/api.py#POST /chat', 'agent:src/app.py#support'],
        entry: at('- id: internet-edge'),
      },
    ]);
  });

  test('schema defaults are not passed to the engine as if the team had written them', async () => {
    const text = 'version: 1\nsystem:\n  name: demo\n';
    const r = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists });
    expect(r.manifest?.system?.dataClassification).toBe('internal');
    expect(r.ctx.system).toEqual({ name: 'demo' });
  });

  test('without known ids, references to the scan are not judged; kinds and evidence still are', async () => {
    const text = readFixture('valid/full.yaml');
    const r = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists });
    expect(r.errors).toEqual([]);
  });

  test('entries name the file they came from', async () => {
    const text = 'version: 1\nrisks:\n  - fingerprint: abcd1234\n    status: false-positive\n    reason: r\n';
    const r = await loadManifest({ text, file: 'config/threats.yaml', exists: fixtureExists });
    expect(r.ctx.decisions?.[0]?.entry).toBe('config/threats.yaml:3');
  });
});
