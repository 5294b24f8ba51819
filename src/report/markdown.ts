import type { DiffSection } from '../diff/types.js';
import { LAYERS, type Evidence, type RiskLevel } from '../model/types.js';
import type { ChainFinding } from '../threats/types.js';
import { chainsOfInterest, componentIndex, componentText, preexistingOpen, type ChainRow, type ChainTag } from './chain-view.js';
import { splitDiagnostics } from './diagnostic-groups.js';
import { encodePath, escapeMarkdown, isCommitId, truncate } from './escape.js';
import { LAYER_NAMES } from './layer-names.js';
import { renderChainDiagram } from './mermaid.js';
import type { RuleInfo } from './rules.js';
import type { Report } from './types.js';

/** GitHub's limit for an issue or pull-request comment body. */
export const COMMENT_LIMIT = 65_536;
/** GitHub's limit for one step's job summary (1 MiB). */
export const SUMMARY_LIMIT = 1_048_576;

export interface MarkdownOptions {
  /** Size cap, measured in UTF-8 bytes (never fewer than GitHub's character count). Default by mode. */
  maxChars?: number;
  /** `https://github.com/owner/repo`; with `sha`, evidence becomes links to file:line at that commit. */
  repoUrl?: string;
  sha?: string;
  /** `comment`: what a reviewer needs; `summary`: the same plus the rest of the audit. Default `comment`. */
  mode?: 'comment' | 'summary';
  /** The scanned directory relative to the repository root, when it is not the root (evidence paths are relative to it). */
  pathPrefix?: string;
  /** Catalog names for threat and chain template ids. */
  rules?: RuleInfo[];
  /** A scheduled audit compared with the previous one (see compareReports). */
  drift?: DiffSection;
}

interface Caps {
  rows: number;
  diagram: number;
  details: number;
  others: number;
  fixes: number;
  reasons: number;
  diagnostics: number;
  components: boolean;
}

// Successively shorter renderings; the first that fits wins. The last is the short fallback.
const LEVELS: Record<'comment' | 'summary', Caps[]> = {
  comment: [
    { rows: 50, diagram: 8, details: 20, others: 50, fixes: 5, reasons: 20, diagnostics: 0, components: false },
    { rows: 30, diagram: 6, details: 8, others: 15, fixes: 5, reasons: 15, diagnostics: 0, components: false },
    { rows: 15, diagram: 4, details: 0, others: 0, fixes: 3, reasons: 10, diagnostics: 0, components: false },
    { rows: 8, diagram: 0, details: 0, others: 0, fixes: 3, reasons: 8, diagnostics: 0, components: false },
    { rows: 0, diagram: 0, details: 0, others: 0, fixes: 0, reasons: 5, diagnostics: 0, components: false },
  ],
  summary: [
    { rows: 500, diagram: 10, details: 200, others: 1000, fixes: 20, reasons: 200, diagnostics: 500, components: true },
    { rows: 200, diagram: 8, details: 50, others: 200, fixes: 10, reasons: 50, diagnostics: 100, components: true },
    { rows: 50, diagram: 5, details: 0, others: 0, fixes: 5, reasons: 20, diagnostics: 0, components: true },
    { rows: 10, diagram: 0, details: 0, others: 0, fixes: 3, reasons: 10, diagnostics: 0, components: false },
    { rows: 0, diagram: 0, details: 0, others: 0, fixes: 0, reasons: 5, diagnostics: 0, components: false },
  ],
};

const LEVEL_ICON: Record<RiskLevel, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦' };
const TAG_TEXT: Record<ChainTag, string> = { new: '🆕 new', changed: '↗️ changed', gating: 'open', open: 'open' };

/**
 * The report as GitHub markdown for a PR comment or a job summary. Pure: same report and options, same text.
 * Every repository string is escaped (escape.ts). The result never exceeds `maxChars` UTF-8 bytes: it drops
 * detail level by level and ends with a short fallback that still carries the verdict and its reasons.
 */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const mode = opts.mode ?? 'comment';
  const max = opts.maxChars ?? (mode === 'comment' ? COMMENT_LIMIT : SUMMARY_LIMIT);
  const ctx = new Ctx(report, opts);
  const levels = LEVELS[mode];
  for (let i = 0; i < levels.length; i++) {
    const text = render(ctx, levels[i], mode, i > 0);
    if (bytes(text) <= max) return text;
  }
  return hardCap(render(ctx, levels[levels.length - 1], mode, true), max);
}

class Ctx {
  readonly components;
  readonly rows: ChainRow[];
  readonly numberOf: Map<string, number>;
  readonly names: Map<string, string>;
  readonly repoUrl?: string;
  readonly sha?: string;
  /** The analysed commit, shown even when no links can be made. */
  readonly headSha?: string;
  readonly prefix: string;

  constructor(
    readonly report: Report,
    readonly opts: MarkdownOptions,
  ) {
    this.components = componentIndex(report);
    this.rows = chainsOfInterest(report);
    this.numberOf = new Map(this.rows.map((r) => [r.chain.fingerprint, r.n]));
    this.names = new Map((opts.rules ?? []).map((r) => [r.id, r.name]));
    const url = opts.repoUrl?.replace(/\/+$/, '');
    if (url && /^https?:\/\/[^\s"'<>()\\`]+$/.test(url) && isCommitId(opts.sha)) {
      this.repoUrl = url;
      this.sha = opts.sha;
    }
    if (isCommitId(opts.sha)) this.headSha = opts.sha.toLowerCase();
    this.prefix = (opts.pathPrefix ?? '').replace(/^\.?\/+|\/+$/g, '');
  }

  /** `path:line`, linked to the line at the analysed commit when we know the repository and commit. */
  evidence(ev: Evidence): string {
    const label = escapeMarkdown(ev.line > 0 ? `${ev.path}:${ev.line}` : ev.path);
    if (!this.repoUrl) return label;
    const full = this.prefix ? `${this.prefix}/${ev.path}` : ev.path;
    return `[${label}](${this.repoUrl}/blob/${this.sha}/${encodePath(full)}${ev.line > 0 ? `#L${ev.line}` : ''})`;
  }

  threatName(id: string): string {
    const name = this.names.get(id);
    return name ? `${id} ${name}` : id;
  }
}

function render(ctx: Ctx, caps: Caps, mode: 'comment' | 'summary', shortened: boolean): string {
  const { report } = ctx;
  const out: string[] = [];
  out.push(...headline(ctx, caps));

  const rows = ctx.rows.slice(0, caps.rows);
  const diagramRows = rows.slice(0, caps.diagram);
  if (diagramRows.length) {
    out.push('', `### ${report.diff ? 'What this change adds' : 'Open chains'} across the MAESTRO layers`, '');
    out.push(renderChainDiagram(diagramRows, ctx.components));
    if (rows.length > diagramRows.length && caps.diagram > 0) out.push('', `<sub>The diagram shows ${diagramRows.length} of ${ctx.rows.length} chains; the table lists them.</sub>`);
  }
  if (rows.length) {
    out.push('', ...chainTable(ctx, rows));
    if (ctx.rows.length > rows.length) out.push('', `… and ${ctx.rows.length - rows.length} more chain(s) in the JSON report.`);
  }
  if (caps.fixes && report.fixes.length) out.push('', ...fixList(ctx, caps.fixes));

  const detailed = rows.slice(0, caps.details);
  if (detailed.length) {
    out.push('');
    for (const row of detailed) out.push(...chainDetails(ctx, row));
  }
  if (ctx.opts.drift) out.push('', ...drift(ctx, ctx.opts.drift, caps));
  if (report.diff && caps.others) {
    const others = preexistingOpen(report, ctx.rows);
    if (others.length) out.push('', ...collapsible(`Open chains already on the base branch (${others.length})`, others.slice(0, caps.others).map((c) => `- ${chainLine(ctx, c)}`), others.length - caps.others));
  }
  if (caps.components && report.components.length) out.push('', ...componentSummary(ctx));
  if (caps.diagnostics && report.diagnostics.length) {
    // A literal credential is a finding, not a note on how a file was read: it gets a list of its own.
    const { secrets, notes } = splitDiagnostics(report.diagnostics);
    const line = (d: Report['diagnostics'][number]) => `- ${ctx.evidence({ path: d.path, line: d.line ?? 0 })} ${escapeMarkdown(d.code)}: ${escapeMarkdown(truncate(d.message, 200))}`;
    if (secrets.length) out.push('', ...collapsible(`Literal credentials in the repository (${secrets.length}, values withheld)`, secrets.slice(0, caps.diagnostics).map(line), secrets.length - caps.diagnostics));
    if (notes.length) out.push('', ...collapsible(`Files skipped or not fully read (${notes.length})`, notes.slice(0, caps.diagnostics).map(line), notes.length - caps.diagnostics));
  }
  out.push('', footer(ctx, mode, shortened));
  return out.join('\n') + '\n';
}

function headline(ctx: Ctx, caps: Caps): string[] {
  const { report } = ctx;
  const g = report.gate;
  const title =
    g.status === 'fail'
      ? '## ❌ maestro-gate: gate failed'
      : g.warnOnly
        ? '## ⚠️ maestro-gate: gate would fail (warn-only)'
        : '## ✅ maestro-gate: gate passed';
  const open = report.chains.filter((c) => c.status === 'open');
  const s = report.summary.chains;
  const levels = `critical ${s.critical} · high ${s.high} · medium ${s.medium} · low ${s.low}`;
  const out = [title, ''];
  if (report.diff) {
    const d = report.diff;
    const newOpen = d.new.chains.filter((fp) => open.some((c) => c.fingerprint === fp)).length;
    const changed = d.changed.filter((c) => c.kind === 'chain').length;
    out.push(`**${newOpen}** new open chain(s) · ${changed} changed · ${d.resolved.chains.length} resolved · ${open.length} open in total (${levels})`);
    const head = d.head === 'working tree' && ctx.headSha ? ctx.headSha : d.head;
    out.push('', `<sub>${rev(d.base)} → ${rev(head)}</sub>`);
  } else {
    out.push(`**${open.length}** open chain(s) (${levels}) · ${report.summary.threats.open} open threat(s) · ${report.components.length} component(s)`);
    const at = report.target.rev ?? ctx.headSha;
    if (at) out.push('', `<sub>at ${rev(at)}</sub>`);
  }
  if (g.reasons.length) {
    out.push('', g.status === 'fail' ? '**Why it fails:**' : '**What would fail it:**');
    for (const r of g.reasons.slice(0, caps.reasons)) {
      const n = r.fingerprint ? ctx.numberOf.get(r.fingerprint) : undefined;
      out.push(`- ${n ? `(${n}) ` : ''}${escapeMarkdown(truncate(r.message, 300))}`);
    }
    if (g.reasons.length > caps.reasons) out.push(`- … and ${g.reasons.length - caps.reasons} more`);
  } else if (report.diff) {
    out.push('', 'No new unmitigated chain at or above the gate threshold.');
  }
  return out;
}

function chainTable(ctx: Ctx, rows: ChainRow[]): string[] {
  const out = ['| # | | Chain | Risk | Layers | Where | Break it with |', '|--:|---|---|---|---|---|---|'];
  for (const { chain: c, tag, n } of rows) {
    const first = c.steps[0]?.evidence[0];
    const last = c.steps.length > 1 ? c.steps[c.steps.length - 1].evidence[0] : undefined;
    const where = [first, last].filter((e): e is Evidence => !!e).map((e) => ctx.evidence(e)).join(' → ') || '—';
    out.push(`| ${n} | ${TAG_TEXT[tag]} | ${escapeMarkdown(truncate(c.title, 120))} | ${risk(c)} | ${c.layers.join(' → ')} | ${where} | ${breaker(ctx, c)} |`);
  }
  return out;
}

function risk(c: ChainFinding): string {
  return `${LEVEL_ICON[c.risk.level]} **${c.risk.level}** ${c.risk.score}${c.status !== 'open' ? ` (${c.status})` : ''}`;
}

function breaker(ctx: Ctx, c: ChainFinding): string {
  const b = c.breakers[0];
  if (!b) return '—';
  const more = new Set(c.breakers.map((x) => x.controlId)).size - 1;
  return `**${escapeMarkdown(b.controlId)}**${b.where ? ` at ${ctx.evidence(b.where)}` : b.componentId ? ` on ${escapeMarkdown(truncate(componentText(ctx.components, b.componentId), 60))}` : ''}${more > 0 ? ` (or ${more} other)` : ''}`;
}

function fixList(ctx: Ctx, max: number): string[] {
  const out = ['### Fix first', ''];
  ctx.report.fixes.slice(0, max).forEach((f, i) => {
    const nums = f.breaks.map((fp) => ctx.numberOf.get(fp)).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const what = nums.length === f.breaks.length && nums.length ? `chain${nums.length > 1 ? 's' : ''} ${nums.join(', ')}` : `${f.breaks.length} chain(s)`;
    const where = f.where.slice(0, 3).map((e) => ctx.evidence(e)).join(', ');
    out.push(`${i + 1}. **${escapeMarkdown(f.controlId)}** breaks ${what} (risk −${f.riskRemoved})${where ? ` — at ${where}` : ''}`);
  });
  if (ctx.report.fixes.length > max) out.push('', `<sub>${ctx.report.fixes.length - max} more fix(es) in the JSON report.</sub>`);
  return out;
}

function chainDetails(ctx: Ctx, row: ChainRow): string[] {
  const c = row.chain;
  const body = ['| Step | Layer | Component | Threat | Evidence |', '|--:|---|---|---|---|'];
  c.steps.forEach((s, i) => {
    const ev = s.evidence.slice(0, 3).map((e) => ctx.evidence(e)).join(', ') || '—';
    body.push(`| ${i + 1} | ${s.layer} | ${escapeMarkdown(truncate(componentText(ctx.components, s.componentId), 80))} | ${escapeMarkdown(truncate(ctx.threatName(s.threatId), 80))} | ${ev} |`);
  });
  if (c.breakers.length) {
    body.push('', '**Break it with:**');
    for (const b of c.breakers.slice(0, 5)) {
      const at = b.where ? ` at ${ctx.evidence(b.where)}` : '';
      const on = b.componentId ? ` on ${escapeMarkdown(truncate(componentText(ctx.components, b.componentId), 80))}` : '';
      body.push(`- **${escapeMarkdown(b.controlId)}**${on}${at}`);
    }
  }
  if (c.mitigations.length) {
    body.push('', `**Controls found:** ${c.mitigations.map((m) => `${escapeMarkdown(m.controlId)} (${m.source}${m.evidence[0] ? `, ${ctx.evidence(m.evidence[0])}` : ''})`).join('; ')}`);
  }
  const r = c.risk;
  const how = r.derivation?.length ? ` — ${r.derivation.map((d) => `${escapeMarkdown(d.factor)} ${escapeMarkdown(String(d.value))}`).join(', ')}` : '';
  body.push('', `**Risk:** likelihood ${r.likelihood} × severity ${r.severity} = ${r.score} (${r.level})${how}`);
  if (c.decidedBy) body.push('', `**Decided by:** ${escapeMarkdown(c.decidedBy)}${c.expired ? `, expired ${escapeMarkdown(c.expired)}` : ''}`);
  body.push('', `<sub>fingerprint ${rev(c.fingerprint, true)} · template ${escapeMarkdown(c.templateId)}</sub>`);
  return collapsible(`${row.n}. ${escapeMarkdown(truncate(c.title, 120))} — ${c.risk.level} ${c.risk.score}`, body, 0);
}

function chainLine(ctx: Ctx, c: ChainFinding): string {
  const ev = c.steps[0]?.evidence[0];
  return `${LEVEL_ICON[c.risk.level]} ${c.risk.level} ${c.risk.score} — ${escapeMarkdown(truncate(c.title, 120))} (${c.layers.join(' → ')})${ev ? ` — ${ctx.evidence(ev)}` : ''}`;
}

function drift(ctx: Ctx, d: DiffSection, caps: Caps): string[] {
  const byFp = new Map(ctx.report.chains.map((c) => [c.fingerprint, c]));
  const changed = d.changed.filter((c) => c.kind === 'chain');
  const out = ['### Drift since the previous audit', ''];
  out.push(`${d.new.chains.length} new chain(s) · ${d.resolved.chains.length} resolved · ${changed.length} changed · ${d.new.threats.length} new threat(s) · ${d.resolved.threats.length} resolved threat(s)`);
  if (!d.new.chains.length && !d.resolved.chains.length && !changed.length) return [...out, '', 'No chain drifted since the previous audit.'];
  const lines: string[] = [];
  for (const fp of d.new.chains) {
    const c = byFp.get(fp);
    lines.push(`- 🆕 ${c ? chainLine(ctx, c) : rev(fp, true)}`);
  }
  for (const ch of changed) {
    const c = byFp.get(ch.fingerprint);
    const was = ch.before ? `${ch.before.level}/${ch.before.status}` : '?';
    const now = ch.after ? `${ch.after.level}/${ch.after.status}` : '?';
    lines.push(`- ↗️ ${c ? escapeMarkdown(truncate(c.title, 120)) : escapeMarkdown(ch.fingerprint)}: ${escapeMarkdown(was)} → ${escapeMarkdown(now)} (${ch.changes.map(escapeMarkdown).join(', ')})`);
  }
  for (const fp of d.resolved.chains) lines.push(`- ✅ resolved ${rev(fp, true)}`);
  const limit = Math.max(caps.others, caps.rows);
  if (!limit) return out;
  return [...out, '', ...collapsible('What drifted', lines.slice(0, limit), lines.length - limit)];
}

function componentSummary(ctx: Ctx): string[] {
  const body = ['| Layer | Components | Examples |', '|---|--:|---|'];
  for (const l of LAYERS) {
    const list = ctx.report.components.filter((c) => c.layer === l);
    if (!list.length) continue;
    const examples = list.slice(0, 5).map((c) => escapeMarkdown(truncate(`${c.kind} ${c.name}`, 60))).join(', ');
    body.push(`| ${l} ${escapeMarkdown(LAYER_NAMES[l])} | ${list.length} | ${examples}${list.length > 5 ? ', …' : ''} |`);
  }
  const fw = ctx.report.summary.frameworks;
  if (fw.length) body.push('', `Frameworks: ${fw.map(escapeMarkdown).join(', ')}`);
  return collapsible(`Components by MAESTRO layer (${ctx.report.components.length})`, body, 0);
}

/** A <details> section; the blank line after <summary> lets GitHub render markdown inside. */
function collapsible(summary: string, body: string[], more: number): string[] {
  const tail = more > 0 ? ['', `… and ${more} more in the JSON report.`] : [];
  return [`<details><summary>${summary}</summary>`, '', ...body, ...tail, '', '</details>'];
}

function footer(ctx: Ctx, mode: 'comment' | 'summary', shortForm: boolean): string {
  const t = ctx.report.tool;
  const note = shortForm
    ? mode === 'comment'
      ? ' · shortened to fit; the job summary and the JSON report have the rest'
      : ' · shortened to fit; the JSON report has the rest'
    : '';
  return `<sub>maestro-gate ${escapeMarkdown(t.version)} · catalog ${escapeMarkdown(t.catalogVersion)} · ${ctx.report.target.mode}${note}</sub>`;
}

/** A commit id or fingerprint as a code span (copyable, never autolinked); anything else as escaped text. */
function rev(s: string, full = false): string {
  if (!/^[0-9a-f]{1,64}$/.test(s)) return escapeMarkdown(s);
  return '`' + (full ? s : s.slice(0, 12)) + '`';
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Last resort for a tiny cap: whole lines while they fit, then a note. Never cuts inside a line. */
function hardCap(text: string, max: number): string {
  const note = '\n… shortened to fit; see the job summary or the JSON report.\n';
  const budget = max - bytes(note);
  const out: string[] = [];
  let used = 0;
  for (const line of text.split('\n')) {
    const b = bytes(line) + 1;
    if (used + b > budget) break;
    out.push(line);
    used += b;
  }
  const result = out.join('\n') + note;
  return bytes(result) <= max ? result : '';
}

