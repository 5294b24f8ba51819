import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupVariants } from '../../src/report/chain-view.js';
import { renderText } from '../../src/report/text.js';
import { runScan } from '../../src/run.js';
import { chain, component, ragShellReport } from './sample-report.js';

const model = component('model', 'L1', 'gpt', 'a.py', 1);
const agent = component('agent', 'L3', 'bot', 'a.py', 2);
const shell = component('tool', 'L3', 'shell', 't.py', 3);
const http = component('tool', 'L3', 'http', 't.py', 9);
const pod = component('k8s-workload', 'L4', 'pod', 'k.yaml', 1);
const image = component('container-image', 'L4', 'img', 'Dockerfile', 1);
const spec = (key: string, steps: typeof model[], score = 14, templateId = 't1') =>
  chain({ key, title: 'T', templateId, score, steps: steps.map((c) => ({ c, threatId: 'L3.T3' })) });

describe('groupVariants', () => {
  it('groups chains of one template that differ in exactly one step, worst first', () => {
    const a = spec('a', [model, agent, shell, pod], 15);
    const b = spec('b', [model, agent, http, pod], 10);
    const c = spec('c', [model, agent, shell, image], 14);
    const groups = groupVariants([b, a, c]);
    // a shares all but step 2 with b and all but step 3 with c: one position only, the earliest on a tie.
    expect(groups.map((g) => [g.chains.map((x) => x.fingerprint), g.varies])).toEqual([
      [[a.fingerprint, b.fingerprint], 2],
      [[c.fingerprint], undefined],
    ]);
  });

  it('keeps apart chains that differ in two steps, in template, or in the key (new vs old)', () => {
    const a = spec('a', [model, agent, shell, pod]);
    const twoSteps = spec('b', [model, agent, http, image]);
    const otherTemplate = spec('c', [model, agent, http, pod], 14, 't2');
    expect(groupVariants([a, twoSteps, otherTemplate]).every((g) => g.chains.length === 1)).toBe(true);
    const d = spec('d', [model, agent, http, pod]);
    expect(groupVariants([a, d]).length).toBe(1);
    expect(groupVariants([a, d], (x) => (x === d ? 'new' : '')).length).toBe(2);
  });
});

describe('text output', () => {
  it('prints the example once per story: variants share a header and list their differing step', async () => {
    const { report } = await runScan({ path: path.resolve(__dirname, '../../examples/rag-shell-agent'), today: '2026-06-01', pool: { workers: 0 } });
    const text = renderText(report);
    const headers = text.split('\n').filter((l) => /^ {2}(CRITICAL|HIGH|MEDIUM|LOW) /.test(l));
    expect(report.chains.length).toBeGreaterThan(headers.length);
    // Every chain is still named by its fingerprint, exactly once.
    for (const ch of report.chains) expect(text.split(ch.fingerprint).length - 1).toBe(1);
    const rag = headers.find((l) => l.includes('Poisoned RAG source'))!;
    expect(rag).toContain('×2');
    const block = text.slice(text.indexOf(rag));
    expect(block).toMatch(/L3 one of 2:\n {8}tool:app\/tools\.py#\w+ — L3\.T3.*\n {8}tool:app\/tools\.py#\w+ — L3\.T3/);
  });

  it('counts in its headline the mitigated and accepted chains it lists', async () => {
    const { report } = await runScan({ path: path.resolve(__dirname, '../../examples/rag-shell-agent'), today: '2026-06-01', pool: { workers: 0 } });
    const n = report.chains.length;
    expect(n).toBeGreaterThan(2);
    report.chains.forEach((ch) => (ch.status = 'open'));
    report.chains[0]!.status = 'mitigated';
    report.chains[1]!.status = 'accepted';
    expect(renderText(report)).toContain(`Cross-layer chains: ${n - 2} open, 1 mitigated, 1 accepted (`);
    report.chains.forEach((ch) => (ch.status = 'open'));
    expect(renderText(report)).toContain(`Cross-layer chains: ${n} open (`);
  });

  it('lists literal credentials apart from file notes, and says where else a fix applies', () => {
    const report = ragShellReport();
    report.diagnostics = [
      { path: 'docker-compose.yml', line: 21, code: 'secret-found', message: 'environment POSTGRES_PASSWORD holds a literal credential (value redacted)' },
      { path: 'logo.png', code: 'skipped-size', message: 'file is 2000000 bytes, over the 1048576-byte limit' },
    ];
    report.fixes[0]!.where.push({ path: 'svc/tools.py', line: 4 });
    const text = renderText(report);
    expect(text).toContain('literal credentials: 1 (values withheld)\n  - docker-compose.yml:21 environment POSTGRES_PASSWORD holds a literal credential (value redacted)\n');
    expect(text).toContain('1 file note(s) (skipped or not parsed)');
    expect(text).toContain('  - tool-sandbox: breaks 2 chain(s) at app/tools.py:5 and 1 more place(s)\n');
    report.diagnostics = report.diagnostics.slice(1);
    expect(renderText(report)).not.toContain('literal credentials');
  });
});
