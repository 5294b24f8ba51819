import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, renderSarif } from '../../src/report/sarif.js';
import type { RuleInfo } from '../../src/report/rules.js';
import { chain, component, ragShellReport, report, SAMPLE_RULES, threat } from './sample-report.js';
import { assertValidSarif, isValidSarif } from './sarif-schema.js';

interface Log {
  runs: {
    tool: { driver: { rules: { id: string; shortDescription: { text: string }; help: { text: string }; properties: { tags: string[]; 'security-severity': string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string>; codeFlows?: { threadFlows: { locations: unknown[] }[] }[] }[];
  }[];
}

describe('renderSarif', () => {
  it('writes SARIF 2.1.0 that the OASIS schema accepts, with rules for chain templates and threats', () => {
    const log = renderSarif(ragShellReport(), SAMPLE_RULES) as Log;
    assertValidSarif(log);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['chain/mcp-tool-poisoning', 'chain/rag-injection-to-tool', 'chain/tool-to-host', 'L2.T5', 'L3.T3', 'L4.T1']);
    const rag = run.tool.driver.rules[1];
    expect(rag.properties.tags).toEqual(['security', 'maestro', 'cross-layer-chain', 'maestro/L2', 'maestro/L1', 'maestro/L3', 'maestro/L7', 'atlas/AML.T0051.001', 'atlas/AML.T0053']);
    expect(rag.help.text).toContain('Retrieved content steers a side-effect tool.');
    const shell = run.tool.driver.rules.find((r) => r.id === 'L3.T3')!;
    expect(shell.shortDescription.text).toBe('Input Validation Attacks');
    expect(shell.properties.tags).toEqual(expect.arrayContaining(['maestro/L3', 'owasp-llm-2025/LLM05', 'atlas/AML.T0050']));
    // results: chains worst first, then threats; each points at its rule
    expect(run.results.map((r) => r.ruleId)).toEqual(['chain/tool-to-host', 'chain/rag-injection-to-tool', 'chain/mcp-tool-poisoning', 'L3.T3', 'L4.T1', 'L2.T5']);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const critical = run.results[0];
    expect(critical.level).toBe('error');
    expect(critical.locations[0].physicalLocation.artifactLocation.uri).toBe('app/agent.py');
    expect(critical.codeFlows![0].threadFlows[0].locations).toHaveLength(3);
    expect(critical.message.text).toContain('Break it with non-root-container at Dockerfile:1');
    expect(run.tool.driver.rules.find((r) => r.id === 'chain/tool-to-host')!.properties['security-severity']).toBe('9.5');
  });

  it('keeps fingerprints stable across line moves and output byte-identical for the same report', () => {
    const a = ragShellReport();
    const b = ragShellReport();
    for (const c of b.chains) for (const s of c.steps) for (const e of s.evidence) e.line += 10;
    const fa = (renderSarif(a) as Log).runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const fb = (renderSarif(b) as Log).runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(fb).toEqual(fa);
    expect(new Set(fa).size).toBe(fa.length);
    expect(JSON.stringify(renderSarif(a, SAMPLE_RULES))).toBe(JSON.stringify(renderSarif(ragShellReport(), SAMPLE_RULES)));
  });

  it('leaves out mitigated and accepted findings, maps line 0 to line 1, prefixes and encodes paths', () => {
    const r = ragShellReport({ loaderPath: 'data/my docs/[x](y).py' });
    r.chains[2].status = 'accepted';
    r.threats[0].status = 'mitigated';
    r.chains.find((c) => c.risk.level === 'critical')!.steps[0].evidence[0].line = 0;
    const log = renderSarif(r, [], { pathPrefix: 'svc' }) as Log;
    assertValidSarif(log);
    const run = log.runs[0];
    expect(run.results.map((x) => x.ruleId)).not.toContain('chain/mcp-tool-poisoning');
    expect(run.results.map((x) => x.ruleId)).not.toContain('L3.T3');
    expect(run.results[0].locations[0].physicalLocation.region.startLine).toBe(1);
    const uris = run.results.flatMap((x) => x.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('svc/data/my%20docs/%5Bx%5D%28y%29.py');
    expect(uris.every((u) => u.startsWith('svc/'))).toBe(true);
  });

  it('escapes embedded-link syntax and control characters in messages', () => {
    const r = ragShellReport({ loaderName: 'x [click](1) \u001b[31m\nline' });
    const log = renderSarif(r) as Log;
    assertValidSarif(log);
    const text = JSON.stringify(log);
    expect(text).not.toContain('[click](1)');
    expect(text).toContain('\\\\[click\\\\](1)');
    expect(text).not.toMatch(/\\u001b/);
  });

  it('stays within GitHub limits: 25,000 results, 20 tags per rule', () => {
    const comps = [];
    const threats = [];
    for (let i = 0; i < 13_000; i++) {
      const c = component('tool', 'L3', `t${i}`, `src/t${i}.py`, 1);
      comps.push(c);
      threats.push(threat(c, 'L3.T3', 9), threat(c, 'L3.T6', 6));
    }
    const r = report({ components: comps, chains: [], threats });
    const manyTags: RuleInfo = { id: 'L3.T3', kind: 'threat', name: 'x', layers: ['L3'], mappings: { atlas: Array.from({ length: 40 }, (_, i) => `AML.T${1000 + i}`) } };
    const log = renderSarif(r, [manyTags]) as Log;
    assertValidSarif(log);
    expect(log.runs[0].results).toHaveLength(25_000);
    expect(log.runs[0].tool.driver.rules[0].properties.tags).toHaveLength(20);
  });

  it('the schema check can fail', () => {
    const log = renderSarif(ragShellReport()) as Log & { version?: string };
    expect(isValidSarif(log)).toBe(true);
    expect(isValidSarif({ ...log, version: '2.0.0' })).toBe(false);
    expect(isValidSarif({ ...log, runs: [{ results: [] }] })).toBe(false);
  });

  it('renders a chain whose steps have no evidence without a result (code scanning needs a location)', () => {
    const a = component('tool', 'L3', 'x', 'a.py', 1);
    const c = chain({ key: 'k', title: 't', templateId: 'tpl', steps: [{ c: a, threatId: 'L3.T3' }], score: 12 });
    c.steps[0].evidence = [];
    const log = renderSarif(report({ components: [a], chains: [c] })) as Log;
    assertValidSarif(log);
    expect(log.runs[0].results).toHaveLength(0);
  });
});
