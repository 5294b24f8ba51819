import { LAYERS, type Component } from '../model/types.js';
import { groupVariants } from './chain-view.js';
import { splitDiagnostics } from './diagnostic-groups.js';
import { stripControls } from './escape.js';
import { LAYER_NAMES } from './layer-names.js';
import type { Report } from './types.js';


/** Terminal rendering. Repository strings are stripped of control characters so a file name cannot drive the terminal. */
export function renderText(report: Report, opts: { color?: boolean } = {}): string {
  const c = palette(opts.color ?? false);
  const out: string[] = [];
  const s = report.summary;
  out.push(c.bold(`maestro-gate ${report.tool.version}`) + ` — ${report.target.mode} of ${safe(report.target.path)}${report.target.rev ? ` @ ${safe(report.target.rev.slice(0, 12))}` : ''}`);
  out.push(`frameworks: ${s.frameworks.length ? s.frameworks.join(', ') : 'none found in code'}`);
  out.push('');
  out.push(c.bold('Components by MAESTRO layer'));
  const byLayer = new Map<string, Component[]>();
  for (const comp of report.components) byLayer.set(comp.layer, [...(byLayer.get(comp.layer) ?? []), comp]);
  for (const l of LAYERS) {
    const list = byLayer.get(l) ?? [];
    if (!list.length) continue;
    out.push(`  ${l} ${LAYER_NAMES[l]} (${list.length})`);
    for (const comp of list) {
      const caps = comp.capabilities?.length ? ` [${comp.capabilities.join(', ')}]` : '';
      const ev = comp.evidence[0] ? c.dim(`  ${safe(comp.evidence[0].path)}:${comp.evidence[0].line}`) : '';
      out.push(`    - ${comp.kind} ${safe(comp.name)}${caps}${ev}`);
    }
  }
  if (!report.components.length) out.push('  (no agent-system components found)');
  out.push('');
  // The list below shows every chain, so the headline counts the mitigated and accepted ones it shows too.
  const byStatus = (st: string) => report.chains.filter((ch) => ch.status === st).length;
  const others = (['mitigated', 'accepted'] as const).filter((st) => byStatus(st) > 0).map((st) => `, ${byStatus(st)} ${st}`).join('');
  out.push(c.bold(`Cross-layer chains: ${byStatus('open')} open${others}`) + ` (critical ${s.chains.critical}, high ${s.chains.high}, medium ${s.chains.medium}, low ${s.chains.low})`);
  const isNew = new Set(report.diff?.new.chains ?? []);
  // Chains that differ in one step (the same path to two tools) print once, with the step's alternatives.
  for (const g of groupVariants(report.chains, (ch) => `${ch.status}\0${isNew.has(ch.fingerprint)}`)) {
    const ch = g.chains[0]!;
    const tag = isNew.has(ch.fingerprint) ? c.red(' NEW') : '';
    const count = g.chains.length > 1 ? ` ×${g.chains.length}` : '';
    out.push(`  ${levelColor(c, ch.risk.level)} ${safe(ch.title)} [${ch.layers.join(' → ')}] ${ch.status}${tag}${count} ${c.dim(g.chains.map((x) => x.fingerprint).join(' '))}`);
    ch.steps.forEach((st, i) => {
      if (i !== g.varies) {
        const ev = st.evidence[0];
        out.push(`      ${st.layer} ${safe(st.componentId)} — ${st.threatId}${ev ? c.dim(`  ${safe(ev.path)}:${ev.line}`) : ''}`);
        return;
      }
      out.push(`      ${st.layer} one of ${g.chains.length}:`);
      for (const x of g.chains) {
        const alt = x.steps[i]!;
        const ev = alt.evidence[0];
        const level = x.risk.level === ch.risk.level ? '' : ` (${x.risk.level})`;
        out.push(`        ${safe(alt.componentId)} — ${alt.threatId}${level}${ev ? c.dim(`  ${safe(ev.path)}:${ev.line}`) : ''}`);
      }
    });
    const breakers = [...new Set(g.chains.flatMap((x) => x.breakers.map((b) => b.controlId)))];
    if (breakers.length) out.push(`      break it with: ${breakers.join(', ')}`);
  }
  if (report.fixes.length) {
    out.push('');
    out.push(c.bold('Fix first'));
    for (const f of report.fixes.slice(0, 5)) {
      const more = f.where.length > 1 ? ` and ${f.where.length - 1} more place(s)` : '';
      const where = f.where[0] ? ` at ${safe(f.where[0].path)}:${f.where[0].line}${more}` : '';
      out.push(`  - ${f.controlId}: breaks ${f.breaks.length} chain(s)${where}`);
    }
  }
  if (report.diff) {
    const d = report.diff;
    out.push('');
    out.push(c.bold('Diff') + ` ${safe(d.base.slice(0, 12))} → ${safe(d.head.slice(0, 12))}: ${d.new.chains.length} new chain(s), ${d.resolved.chains.length} resolved, ${d.changed.length} changed; ${d.new.threats.length} new threat(s), ${d.resolved.threats.length} resolved`);
  }
  out.push('');
  const th = s.threats;
  out.push(`threats: ${th.open} open, ${th.mitigated} mitigated, ${th.accepted} accepted`);
  const { secrets, notes } = splitDiagnostics(report.diagnostics);
  if (secrets.length) {
    out.push(c.bold(`literal credentials: ${secrets.length} (values withheld)`));
    for (const d of secrets.slice(0, SECRETS_SHOWN)) out.push(`  - ${safe(d.path)}:${d.line ?? 0} ${safe(d.message)}`);
    if (secrets.length > SECRETS_SHOWN) out.push(c.dim(`  ... ${secrets.length - SECRETS_SHOWN} more; --format json lists them`));
  }
  if (notes.length) out.push(c.dim(`${notes.length} file note(s) (skipped or not parsed); --format json lists them`));
  const g = report.gate;
  const verdict = g.status === 'pass' ? c.green(g.warnOnly ? 'PASS (warn-only)' : 'PASS') : c.red('FAIL');
  out.push(`gate: ${verdict}`);
  for (const r of g.reasons) out.push(`  - [${r.code}] ${safe(r.message)}`);
  return out.join('\n') + '\n';
}

const SECRETS_SHOWN = 10;

/** Repository text on a terminal: no ANSI escapes, no line breaks, no bidi tricks. */
const safe = stripControls;

type Paint = (s: string) => string;
function palette(on: boolean): { bold: Paint; dim: Paint; red: Paint; green: Paint; yellow: Paint } {
  const wrap = (a: number, b: number): Paint => (s) => (on ? `\u001b[${a}m${s}\u001b[${b}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}

function levelColor(c: ReturnType<typeof palette>, level: string): string {
  const label = level.toUpperCase().padEnd(8);
  return level === 'critical' || level === 'high' ? c.red(label) : level === 'medium' ? c.yellow(label) : label;
}
