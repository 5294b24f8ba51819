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

/** Chains of one template that differ in a single step: one story with several variants (two tools, two images). */
export interface ChainGroup {
  /** Worst first; the first is the group's face. */
  chains: ChainFinding[];
  /** Index of the step that differs, when there is more than one chain. */
  varies?: number;
}

/**
 * Groups chains that share a template, a length, a tag (`key`) and every step but one. Greedy and deterministic:
 * chains are taken worst first, and each takes with it the largest set of still-ungrouped chains that differ from
 * it at one position (the earliest position on a tie).
 */
export function groupVariants(chains: ChainFinding[], key: (c: ChainFinding) => string = () => ''): ChainGroup[] {
  const sorted = [...chains].sort(byRisk);
  const bucketKey = (c: ChainFinding, at: number) =>
    [key(c), c.templateId, c.steps.length, at, ...c.steps.map((s, i) => (i === at ? '*' : s.componentId))].join('\0');
  const buckets = new Map<string, ChainFinding[]>();
  for (const c of sorted) {
    for (let at = 0; at < c.steps.length; at++) {
      const k = bucketKey(c, at);
      const list = buckets.get(k);
      if (list) list.push(c);
      else buckets.set(k, [c]);
    }
  }
  const taken = new Set<ChainFinding>();
  const out: ChainGroup[] = [];
  for (const c of sorted) {
    if (taken.has(c)) continue;
    let best: { at: number; members: ChainFinding[] } | undefined;
    for (let at = 0; at < c.steps.length; at++) {
      const members = buckets.get(bucketKey(c, at))!.filter((m) => !taken.has(m));
      if (members.length > 1 && (!best || members.length > best.members.length)) best = { at, members };
    }
    const members = best?.members ?? [c];
    members.forEach((m) => taken.add(m));
    out.push(best ? { chains: members, varies: best.at } : { chains: members });
  }
  return out;
}
