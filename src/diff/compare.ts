import { RISK_LEVELS } from '../model/types.js';
import type { ChainFinding, ThreatFinding } from '../threats/types.js';
import type { ChangedFinding, DiffSection } from './types.js';

/** What comparing reads of a finding: a stored base is read back as only this (see analysis-cache.ts). */
export type FindingSummary = Pick<ThreatFinding | ChainFinding, 'fingerprint' | 'status'> & {
  risk: Pick<ThreatFinding['risk'], 'level' | 'score'>;
  mitigations: { controlId: string }[];
};

export interface Side {
  threats: FindingSummary[];
  chains: FindingSummary[];
}

/** The summary of each finding, field for field what `compare` reads. */
export function summarize(side: Side): Side {
  const one = (f: FindingSummary): FindingSummary => ({
    fingerprint: f.fingerprint,
    status: f.status,
    risk: { level: f.risk.level, score: f.risk.score },
    mitigations: f.mitigations.map((m) => ({ controlId: m.controlId })),
  });
  return { threats: side.threats.map(one), chains: side.chains.map(one) };
}

/** What the head adds, resolves and changes relative to the base, matched by fingerprint. */
export function compare(base: Side, head: Side, labels: { base: string; head: string }): DiffSection {
  const t = compareList(base.threats, head.threats, 'threat');
  const c = compareList(base.chains, head.chains, 'chain');
  return {
    base: labels.base,
    head: labels.head,
    new: { threats: t.added, chains: c.added },
    resolved: { threats: t.removed, chains: c.removed },
    changed: [...c.changed, ...t.changed],
  };
}

type Finding = FindingSummary;

function compareList<F extends Finding>(base: F[], head: F[], kind: 'threat' | 'chain') {
  const b = new Map(base.map((f) => [f.fingerprint, f]));
  const h = new Map(head.map((f) => [f.fingerprint, f]));
  // The head's fingerprints sorted once: what is new keeps that order when filtered out of it.
  const headKeys = [...h.keys()].sort();
  const added = headKeys.filter((k) => !b.has(k));
  const removed = [...b.keys()].filter((k) => !h.has(k)).sort();
  const changed: ChangedFinding[] = [];
  for (const fp of headKeys) {
    const before = b.get(fp);
    const after = h.get(fp)!;
    if (!before) continue;
    const changes = changesBetween(before, after);
    if (changes.length) {
      changed.push({
        fingerprint: fp,
        kind,
        changes,
        before: { level: before.risk.level, status: before.status },
        after: { level: after.risk.level, status: after.status },
      });
    }
  }
  return { added, removed, changed };
}

function changesBetween(a: Finding, b: Finding): string[] {
  const out: string[] = [];
  const ra = RISK_LEVELS.indexOf(a.risk.level);
  const rb = RISK_LEVELS.indexOf(b.risk.level);
  if (rb > ra || (rb === ra && b.risk.score > a.risk.score)) out.push('risk-raised');
  if (rb < ra || (rb === ra && b.risk.score < a.risk.score)) out.push('risk-lowered');
  // Most findings on both sides have no mitigation at all: nothing to gain or lose, no sets to build.
  if (a.mitigations.length || b.mitigations.length) {
    const ma = new Set(a.mitigations.map((m) => m.controlId));
    const mb = new Set(b.mitigations.map((m) => m.controlId));
    if ([...mb].some((m) => !ma.has(m))) out.push('mitigation-gained');
    if ([...ma].some((m) => !mb.has(m))) out.push('mitigation-lost');
  }
  if (a.status !== b.status) out.push('status-changed');
  return out;
}
