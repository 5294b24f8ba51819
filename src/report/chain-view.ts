import { RISK_LEVELS, type Component } from '../model/types.js';
import type { ChainFinding } from '../threats/types.js';
import type { Report } from './types.js';

/** Worst first: level, then score, then fingerprint so equal chains keep one order. */
export function byRisk(a: ChainFinding, b: ChainFinding): number {
  return (
    RISK_LEVELS.indexOf(b.risk.level) - RISK_LEVELS.indexOf(a.risk.level) ||
    b.risk.score - a.risk.score ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}

export type ChainTag = 'new' | 'changed' | 'gating' | 'open';

export interface ChainRow {
  chain: ChainFinding;
  tag: ChainTag;
  /** 1-based number shared by the table, the diagram edges and the details. */
  n: number;
}

/**
 * The chains a reader of this report must look at. On a diff: the new and changed ones, and any chain a gate reason
 * names (scope `all`). On a scan: every open chain. Worst first.
 */
export function chainsOfInterest(report: Report): ChainRow[] {
  const byFp = new Map(report.chains.map((c) => [c.fingerprint, c]));
  const tags = new Map<string, ChainTag>();
  if (report.diff) {
    for (const fp of report.diff.new.chains) if (byFp.has(fp)) tags.set(fp, 'new');
    for (const ch of report.diff.changed) if (ch.kind === 'chain' && byFp.has(ch.fingerprint) && !tags.has(ch.fingerprint)) tags.set(ch.fingerprint, 'changed');
    for (const r of report.gate.reasons) if (r.fingerprint && byFp.has(r.fingerprint) && !tags.has(r.fingerprint)) tags.set(r.fingerprint, 'gating');
  } else {
    for (const c of report.chains) if (c.status === 'open') tags.set(c.fingerprint, 'open');
    for (const r of report.gate.reasons) if (r.fingerprint && byFp.has(r.fingerprint) && !tags.has(r.fingerprint)) tags.set(r.fingerprint, 'gating');
  }
  const rank: Record<ChainTag, number> = { new: 0, changed: 1, gating: 2, open: 3 };
  return [...tags.entries()]
    .map(([fp, tag]) => ({ chain: byFp.get(fp)!, tag }))
    .sort((a, b) => rank[a.tag] - rank[b.tag] || byRisk(a.chain, b.chain))
    .map((r, i) => ({ ...r, n: i + 1 }));
}

/** Open chains that are neither new nor changed: what the repository already carried. */
export function preexistingOpen(report: Report, shown: ChainRow[]): ChainFinding[] {
  const seen = new Set(shown.map((r) => r.chain.fingerprint));
  return report.chains.filter((c) => c.status === 'open' && !seen.has(c.fingerprint)).sort(byRisk);
}

export function componentIndex(report: Report): Map<string, Component> {
  return new Map(report.components.map((c) => [c.id, c]));
}

/** `kind name` for a component id, falling back to the id itself when the component is not in the report. */
export function componentText(index: Map<string, Component>, id: string): string {
  const c = index.get(id);
  return c ? `${c.kind} ${c.name}` : id;
}
