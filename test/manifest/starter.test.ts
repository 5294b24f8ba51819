import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Component } from '../../src/model/types.js';
import { TempRepo } from '../helpers/git-repo.js';
import {
  type StarterInput,
  formatManifestError,
  loadManifest,
  renderStarterManifest,
  starterExamples,
} from '../../src/model/manifest/index.js';
import { catalogKinds } from './fixture-repo.js';

const comp = (id: string, kind: string, layer: Component['layer'], path: string, line: number, extra: Partial<Component> = {}): Component => ({
  id,
  kind,
  layer,
  name: id,
  source: 'inferred',
  evidence: [{ path, line }],
  ...extra,
});

const INPUT: StarterInput = {
  name: 'support-bot',
  today: '2025-11-03',
  components: [
    comp('tool:src/tools.py#run_shell', 'tool', 'L3', 'src/tools.py', 8, { capabilities: ['shell', 'file-read'] }),
    comp('agent:src/app.py#support', 'agent', 'L3', 'src/app.py', 10),
    comp('model:openai:gpt-4o', 'model', 'L1', 'src/app.py', 5),
    comp('agent-endpoint:src/api.py#POST /chat', 'agent-endpoint', 'L4', 'src/api.py', 3, { attributes: { public: true } }),
  ],
  chains: [
    { fingerprint: 'aaaa0001', title: 'Low one', risk: { level: 'low' }, status: 'open' },
    { fingerprint: 'bbbb0002', title: 'Injected page drives the shell tool', risk: { level: 'high' }, status: 'open' },
    { fingerprint: 'cccc0003', title: 'RAG poisoning to exfiltration', risk: { level: 'critical' }, status: 'open' },
    { fingerprint: 'dddd0004', title: 'Already accepted', risk: { level: 'critical' }, status: 'accepted' },
  ],
};

const known = (input: StarterInput) => ({ componentIds: new Set(input.components.map((c) => c.id)), kinds: catalogKinds() });
const evidenceExists = (input: StarterInput) => async (p: string) => input.components.some((c) => c.evidence.some((e) => e.path === p));

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

/** Writes the starter where `init` would and reads it back, as the user's next `validate` will. */
async function writeAndLoad(input: StarterInput) {
  repo = new TempRepo({ git: false }).write({ 'maestro.yaml': renderStarterManifest(input) });
  const text = readFileSync(repo.path('maestro.yaml'), 'utf8');
  return { text, ...(await loadManifest({ text, file: 'maestro.yaml', exists: evidenceExists(input), known: known(input) })) };
}

/** What a user gets by removing `# ` in front of every commented example block. */
function uncommentExamples(text: string): string {
  let inBlock = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^# [A-Za-z]+:$/.test(line)) inBlock = true;
      else if (!line.startsWith('# ') && line !== '#') inBlock = false;
      return inBlock ? line.replace(/^# ?/, '') : line;
    })
    .join('\n');
}

describe('renderStarterManifest', () => {
  test('validates as written', async () => {
    const r = await writeAndLoad(INPUT);
    expect(r.errors.map(formatManifestError)).toEqual([]);
  });

  test('round-trips: parse, validate, the same content and the same text', async () => {
    const r = await writeAndLoad(INPUT);
    expect(parseDocument(r.text).toString()).toBe(r.text);
    expect(r.manifest).toEqual({
      version: 1,
      system: { name: 'support-bot', dataClassification: 'internal', line: 10 },
      components: [],
      ignore: [],
      layers: [],
      flows: [],
      trustBoundaries: [],
      mitigations: [],
      risks: [],
      overrides: [],
    });
    expect(r.ctx.system).toEqual({ name: 'support-bot' });
    expect(renderStarterManifest(structuredClone(INPUT))).toBe(r.text);
  });

  test('lists inferred components by layer as comments, with where they were seen', async () => {
    const { text } = await writeAndLoad(INPUT);
    const listing = text.slice(text.indexOf('# L1 '), text.indexOf('# Open high'));
    expect(listing.split('\n').filter((l) => l.startsWith('# L') || l.startsWith('#   '))).toEqual([
      '# L1 Foundation models',
      '#   model:openai:gpt-4o                   src/app.py:5',
      '# L3 Agent frameworks',
      '#   agent:src/app.py#support              src/app.py:10',
      '#   tool:src/tools.py#run_shell           src/tools.py:8 [file-read, shell]',
      '# L4 Deployment and infrastructure',
      '#   agent-endpoint:src/api.py#POST /chat  src/api.py:3',
    ]);
    expect(text).toContain('# internetExposed: true # TODO: confirm; agent-endpoint:src/api.py#POST /chat looks public');
  });

  test('lists open high and critical chains with their fingerprints, worst first', async () => {
    const { text } = await writeAndLoad(INPUT);
    const lines = text.split('\n').filter((l) => /^# {3}[a-d]{4}000\d /.test(l));
    expect(lines).toEqual([
      '#   cccc0003  critical  RAG poisoning to exfiltration',
      '#   bbbb0002  high      Injected page drives the shell tool',
    ]);
  });

  test('every commented example is valid once uncommented, against this repository', async () => {
    const { text } = await writeAndLoad(INPUT);
    const live = uncommentExamples(text);
    expect(live).not.toBe(text);
    const r = await loadManifest({ text: live, file: 'maestro.yaml', exists: evidenceExists(INPUT), known: known(INPUT) });
    expect(r.errors.map(formatManifestError)).toEqual([]);
    const m = r.manifest!;
    expect([m.components, m.ignore, m.layers, m.flows, m.trustBoundaries, m.mitigations, m.risks, m.overrides].map((s) => s.length)).toEqual([2, 1, 1, 1, 1, 1, 2, 1]);
    expect(m.risks[0]).toMatchObject({ fingerprint: 'cccc0003', status: 'accepted', expires: '2026-02-01' });
    expect(m.trustBoundaries[0]?.components).toEqual(['agent-endpoint:src/api.py#POST /chat']);
    expect(m.flows[0]?.from).toBe('agent:src/app.py#support');
    // The same examples, as exported for documentation.
    const examples = await loadManifest({ text: starterExamples(INPUT), file: 'x.yaml', exists: evidenceExists(INPUT), known: known(INPUT) });
    expect(examples.errors).toEqual([]);
  });

  test('an empty scan still gives a valid starter with valid examples', async () => {
    const input: StarterInput = { components: [], chains: [] };
    const r = await writeAndLoad(input);
    expect(r.errors).toEqual([]);
    expect(r.text).toContain('#   (none inferred)');
    expect(r.text).toContain('name: my-agent-system');
    const live = await loadManifest({ text: uncommentExamples(r.text), file: 'maestro.yaml', exists: async () => true });
    expect(live.errors.map(formatManifestError)).toEqual([]);
  });

  test('names and titles cannot break out of their comment', async () => {
    const input: StarterInput = {
      name: 'evil\nrisks: []\nx: y',
      components: [comp('tool:src/x.py#a\nignore: [1]', 'tool', 'L3', 'src/x.py\nflows: 3', 1)],
      chains: [{ fingerprint: 'eeee0001\noverrides: 1', title: 'title\u2028version: 2\nsystem: 1', risk: { level: 'critical' }, status: 'open' }],
    };
    const r = await writeAndLoad(input);
    expect(r.errors.map(formatManifestError)).toEqual([]);
    expect(r.manifest?.system?.name).toBe('evil risks: [] x: y');
    expect(Object.keys(parseDocument(r.text).toJS())).toEqual(['version', 'system']);
  });
});
