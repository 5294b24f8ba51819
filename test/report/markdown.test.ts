import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/report/drift.js';
import { ZWJ } from '../../src/report/escape.js';
import { COMMENT_LIMIT, renderMarkdown, SUMMARY_LIMIT } from '../../src/report/markdown.js';
import { assertValidReport } from '../helpers/report-schema.js';
import { chain, component, fp, ragShellReport, report, SAMPLE_RULES } from './sample-report.js';

const SHA = 'c0ffee'.padEnd(40, '0');
const REPO = 'https://github.com/acme/agents';
const md = new MarkdownIt({ html: true, linkify: true });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Every line of a Mermaid block must be one this renderer generates: nothing else can have been injected. */
export function assertMermaidWellFormed(text: string): number {
  const blocks = [...text.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  for (const block of blocks) {
    const lines = block.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    for (const line of lines.slice(1)) {
      expect(line).toMatch(
        /^(  subgraph L[1-7]\["[^"`%{}<>]*"\]|    n\d+\["[^"`%{}<>]*<br\/>[^"`%{}<>]*"\]|  end|  n\d+ -->\|"\d+(, \d+)*"\| n\d+|  classDef (low|medium|high|critical) [a-z0-9:#,;-]+|  class n\d+(,n\d+)* (low|medium|high|critical))$/,
      );
    }
  }
  return blocks.length;
}

/** Every link in the rendered HTML points at a file in the repository at the analysed commit. */
function assertOnlyOurLinks(markdown: string): number {
  const html = md.render(markdown);
  const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  for (const h of hrefs) expect(h.startsWith(`${REPO}/blob/${SHA}/`), h).toBe(true);
  expect(html).not.toMatch(/<img|<script|<iframe|onerror=/i);
  return hrefs.length;
}

describe('renderMarkdown', () => {
  it('shows the verdict, the new chains as a layered diagram, a table with risk, evidence links and breakers, and the fix list', () => {
    const r = ragShellReport();
    assertValidReport(r);
    const out = renderMarkdown(r, { repoUrl: REPO, sha: SHA, rules: SAMPLE_RULES });
    expect(out).toMatch(/^## ❌ maestro-gate: gate failed/);
    expect(out).toContain('**2** new open chain(s) · 0 changed · 1 resolved · 3 open in total');
    expect(assertMermaidWellFormed(out)).toBe(1);
    for (const l of ['L1', 'L2', 'L3', 'L4', 'L7']) expect(out).toContain(`subgraph ${l}[`);
    expect(out).not.toContain('subgraph L5[');
    // chain 1 is the critical one (worst first), and both chains cross n2 (the shell tool)
    expect(out).toMatch(/n1 -->\|"1, 2"\| n2/);
    const html = md.render(out);
    expect(html.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain(`<a href="${REPO}/blob/${SHA}/app/tools.py#L5">app/tools.py:5</a>`);
    expect(html).toContain('<strong>tool-sandbox</strong> breaks chains 1, 2 (risk −28)');
    expect(html).toContain('L3.T3 Input Validation Attacks');
    expect(decode(html)).toContain('<details><summary>1. Code-execution tool in a root container: escape to host — critical 16</summary>');
    expect(html).toContain('Open chains already on the base branch (1)');
    expect(assertOnlyOurLinks(out)).toBeGreaterThan(5);
    expect(renderMarkdown(r, { repoUrl: REPO, sha: SHA, rules: SAMPLE_RULES })).toBe(out);
  });

  it('makes no links without a repository URL and a commit id, or with a bad one', () => {
    const r = ragShellReport();
    for (const opts of [{}, { repoUrl: REPO }, { repoUrl: REPO, sha: 'main' }, { repoUrl: 'javascript:alert(1)', sha: SHA }, { repoUrl: 'https://x.test/a"b', sha: SHA }]) {
      expect(md.render(renderMarkdown(r, opts))).not.toContain('<a ');
    }
  });

  it('prefixes evidence links with the scanned subdirectory and encodes hostile paths', () => {
    const r = ragShellReport({ loaderPath: 'docs/a (b)#c?d.py' });
    const out = renderMarkdown(r, { repoUrl: REPO, sha: SHA, pathPrefix: 'services/agent/' });
    expect(out).toContain(`${REPO}/blob/${SHA}/services/agent/docs/a%20%28b%29%23c%3Fd.py#L12`);
    assertOnlyOurLinks(out);
  });

  it('keeps repository text inert: markdown, HTML, mentions and diagram breakouts in names come out as text', () => {
    const evil = '"]; click n1 "https://evil.test" %%{init: {"securityLevel":"loose"}}%% <img src=x onerror=alert(1)> [pwn](https://evil.test) @someone #12 ``` | x |';
    const r = ragShellReport({ loaderName: evil, loaderPath: 'app/[x](https://evil.test)_@someone_`x`.py' });
    assertValidReport(r);
    for (const mode of ['comment', 'summary'] as const) {
      const out = renderMarkdown(r, { repoUrl: REPO, sha: SHA, mode });
      assertMermaidWellFormed(out);
      assertOnlyOurLinks(out);
      const html = md.render(out);
      expect(html).not.toMatch(/@someone/);
      expect(html).toContain(`@${ZWJ}someone`);
      expect(out.match(/```/g)?.length).toBe(2);
    }
  });

  it('says the gate passed and what it looked at when a change adds nothing', () => {
    const r = report({ components: [], chains: [], diff: { base: 'a'.repeat(40), head: 'b'.repeat(40), new: { threats: [], chains: [] }, resolved: { threats: [], chains: [] }, changed: [] } });
    const out = renderMarkdown(r);
    expect(out).toMatch(/^## ✅ maestro-gate: gate passed/);
    expect(out).toContain('No new unmitigated chain at or above the gate threshold.');
    expect(out).not.toContain('```mermaid');
    expect(out).not.toContain('| # |');
  });

  it('marks warn-only, and renders an audit (scan) with every open chain and the components in the summary', () => {
    const r = ragShellReport();
    delete r.diff;
    r.target.mode = 'scan';
    r.gate = { status: 'pass', warnOnly: true, reasons: r.gate.reasons.map((x) => ({ ...x, code: 'open-chain' })) };
    const out = renderMarkdown(r, { mode: 'summary' });
    expect(out).toMatch(/^## ⚠️ maestro-gate: gate would fail \(warn-only\)/);
    expect(out).toContain('**What would fail it:**');
    expect(md.render(out).match(/<td>open<\/td>/g)?.length).toBe(3);
    expect(out).toContain('Components by MAESTRO layer (8)');
    expect(renderMarkdown(r, { mode: 'comment' })).not.toContain('Components by MAESTRO layer');
    r.diagnostics = [
      { path: 'docker-compose.yml', line: 21, code: 'secret-found', message: 'environment POSTGRES_PASSWORD holds a literal credential (value redacted)' },
      { path: 'logo.png', code: 'skipped-size', message: 'file is 2000000 bytes, over the 1048576-byte limit' },
    ];
    const audit = renderMarkdown(r, { mode: 'summary' });
    expect(audit).toContain('Literal credentials in the repository (1, values withheld)');
    expect(audit).toContain('Files skipped or not fully read (1)');
  });

  it('shows a scheduled audit drift against the previous audit', () => {
    const prev = ragShellReport();
    const cur = ragShellReport();
    cur.chains = cur.chains.filter((c) => !c.title.startsWith('Remote MCP'));
    const raised = cur.chains[0];
    prev.chains = prev.chains.filter((c) => c.fingerprint !== cur.chains[1].fingerprint);
    prev.chains = prev.chains.map((c) => (c.fingerprint === raised.fingerprint ? { ...c, risk: { ...c.risk, score: 9, level: 'high' as const } } : c));
    const drift = compareReports(prev, cur);
    expect(drift.new.chains).toEqual([cur.chains[1].fingerprint]);
    expect(drift.resolved.chains).toHaveLength(1);
    delete cur.diff;
    const out = renderMarkdown(cur, { mode: 'summary', drift });
    expect(out).toContain('### Drift since the previous audit');
    expect(out).toContain('1 new chain(s) · 1 resolved · 1 changed');
    expect(decode(md.render(out))).toContain('Indirect prompt injection through retrieved documents reaches a shell tool: high/open → high/open (risk-raised)');
  });

  it('falls back under the comment limit for a huge report, keeping the verdict and the reasons', () => {
    const r = hugeReport(3000);
    assertValidReport(r);
    const full = renderMarkdown(r, { mode: 'comment', maxChars: 10_000_000, repoUrl: REPO, sha: SHA });
    expect(bytes(full)).toBeGreaterThan(COMMENT_LIMIT);
    const out = renderMarkdown(r, { mode: 'comment', repoUrl: REPO, sha: SHA });
    expect(bytes(out)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out).toMatch(/^## ❌ maestro-gate: gate failed/);
    expect(out).toContain('**Why it fails:**');
    expect(out).toContain('shortened to fit');
    const summary = renderMarkdown(r, { mode: 'summary', repoUrl: REPO, sha: SHA });
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary.length).toBeGreaterThan(out.length);
    assertMermaidWellFormed(out);
    expect(md.render(out).match(/<details>/g)?.length ?? 0).toBe(md.render(out).match(/<\/details>/g)?.length ?? 0);
  });

  it('never exceeds any cap it is given', () => {
    const r = hugeReport(200);
    fc.assert(
      fc.property(fc.integer({ min: 120, max: 200_000 }), fc.constantFrom('comment' as const, 'summary' as const), (max, mode) => {
        const out = renderMarkdown(r, { mode, maxChars: max, repoUrl: REPO, sha: SHA });
        expect(bytes(out)).toBeLessThanOrEqual(max);
        expect(out).toContain('maestro-gate');
      }),
      { numRuns: 40 },
    );
  });
});

const decode = (html: string) => html.replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)));

function hugeReport(n: number) {
  const comps = [];
  const chains = [];
  for (let i = 0; i < n; i++) {
    const a = component('tool', 'L3', `tool_${i}_${'x'.repeat(40)}`, `src/pkg_${i}/very/long/path/to/the/module_${i}.py`, i + 1, { capabilities: ['shell'] });
    const b = component('document-loader', 'L2', `loader_${i}`, `src/pkg_${i}/ingest_${i}.py`, 3);
    comps.push(a, b);
    chains.push(chain({ key: `c${i}`, title: `Chain number ${i}: untrusted documents reach shell tool ${i} through a very long path of steps`, templateId: `tpl-${i % 7}`, steps: [{ c: b, threatId: 'L2.T5' }, { c: a, threatId: 'L3.T3' }], score: 9 + (i % 8), breaker: { controlId: 'tool-sandbox', c: a } }));
  }
  const r = report({ components: comps, chains, diff: { base: 'a'.repeat(40), head: 'b'.repeat(40), new: { threats: [], chains: chains.map((c) => c.fingerprint).sort() }, resolved: { threats: [], chains: [fp('gone')] }, changed: [] } });
  r.gate = { status: 'fail', reasons: chains.map((c) => ({ code: 'new-chain', fingerprint: c.fingerprint, message: `this change adds an open ${c.risk.level}-risk chain: ${c.title}` })) };
  r.fixes = [{ controlId: 'tool-sandbox', breaks: chains.map((c) => c.fingerprint), riskRemoved: 9 * n, where: comps.slice(0, 3).map((c) => c.evidence[0]) }];
  return r;
}
