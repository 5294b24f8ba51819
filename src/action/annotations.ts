import { byRisk } from '../report/chain-view.js';
import { stripControls, truncate } from '../report/escape.js';
import type { Report } from '../report/types.js';
import type { Evidence } from '../model/types.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/**
 * Line annotations for the top findings. GitHub shows about 10 errors and 10 warnings per step, so: the gate's
 * reasons first (errors, or warnings under warn-only), then the worst other open chains as warnings.
 */
export function annotationsFor(report: Report, opts: { pathPrefix?: string; maxErrors?: number; maxWarnings?: number } = {}): Annotation[] {
  const maxErrors = opts.maxErrors ?? 10;
  const maxWarnings = opts.maxWarnings ?? 10;
  const prefix = (opts.pathPrefix ?? '').replace(/^\.?\/+|\/+$/g, '');
  const chains = new Map(report.chains.map((c) => [c.fingerprint, c]));
  const threats = new Map(report.threats.map((t) => [t.fingerprint, t]));
  const at = (ev: Evidence | undefined) => (ev ? { file: prefix ? `${prefix}/${ev.path}` : ev.path, ...(ev.line > 0 ? { line: ev.line } : {}) } : {});
  const out: Annotation[] = [];
  const reasonLevel = report.gate.status === 'fail' ? 'error' : 'warning';
  const done = new Set<string>();

  for (const r of report.gate.reasons) {
    const c = r.fingerprint ? chains.get(r.fingerprint) : undefined;
    const t = r.fingerprint ? threats.get(r.fingerprint) : undefined;
    const fix = c?.breakers[0] ? ` Break it with ${c.breakers[0].controlId}${c.breakers[0].where ? ` at ${c.breakers[0].where.path}:${c.breakers[0].where.line}` : ''}.` : '';
    out.push({
      level: reasonLevel,
      title: `maestro-gate: ${r.code}`,
      message: clean(`${r.message}.${fix}`),
      ...at(c?.steps[0]?.evidence[0] ?? t?.evidence[0]),
    });
    if (r.fingerprint) done.add(r.fingerprint);
  }
  const others = report.chains.filter((c) => c.status === 'open' && !done.has(c.fingerprint)).sort(byRisk);
  for (const c of others) {
    const fix = c.breakers[0] ? ` Break it with ${c.breakers[0].controlId}.` : '';
    out.push({ level: 'warning', title: `maestro-gate: ${c.risk.level}-risk chain`, message: clean(`${c.title} (${c.layers.join(' -> ')}).${fix}`), ...at(c.steps[0]?.evidence[0]) });
  }
  const errors = out.filter((a) => a.level === 'error').slice(0, maxErrors);
  const warnings = out.filter((a) => a.level === 'warning').slice(0, maxWarnings);
  return [...errors, ...warnings];
}

function clean(s: string): string {
  return truncate(stripControls(s).replace(/\.\.$/, '.'), 1000);
}
