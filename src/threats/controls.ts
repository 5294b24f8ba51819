import type { Component, Evidence } from '../model/types.js';
import type { ControlDef } from './catalog-types.js';
import type { DeclaredMitigation } from './context.js';
import { sortEvidence } from '../model/order.js';
import type { EvidenceUnion } from './evidence-union.js';
import type { Matching } from './match.js';
import { type FindingView, selects } from './selectors.js';
import type { MitigationCredit } from './types.js';

/**
 * Where a detection rule shows the control holds for component `c`, or undefined. `union` (the evaluation's)
 * merges the few extra items into the component's already sorted evidence instead of sorting it all again.
 */
export function detectControl(m: Matching, control: ControlDef, c: Component, union?: EvidenceUnion): MitigationCredit | undefined {
  for (const rule of control.detected ?? []) {
    let evidence: Evidence[] | undefined;
    if (rule.at === 'self') {
      const hit = m.match(c, rule.match);
      const cited = hit && rule.cite !== undefined ? m.g.attrs(c)[rule.cite] : undefined;
      if (typeof cited === 'string') evidence = sortEvidence([{ path: cited, line: 0 }, ...hit!]);
      else if (hit) evidence = union ? union.of(c.evidence, hit) : sortEvidence([...c.evidence, ...hit]);
    } else if (rule.at === 'neighbor') {
      const hit = m.neighbour(c, { edge: rule.edge ?? [], direction: rule.direction ?? 'any', maxHops: rule.maxHops, match: rule.match });
      if (hit) evidence = sortEvidence(hit);
    } else {
      const found = m.anywhere(rule.match);
      if (found) evidence = union ? union.of(found.evidence) : sortEvidence(found.evidence);
    }
    if (evidence) return { controlId: control.id, evidence, source: 'detected' };
  }
  return undefined;
}

/** `maestro.yaml:12` -> evidence pointing at the manifest entry. */
export function entryEvidence(entry: string): Evidence[] {
  const m = /^(.*):(\d+)(?::\d+)?$/.exec(entry);
  return m ? [{ path: m[1]!, line: Number(m[2]) }] : [];
}

/** Declared mitigations naming `controlId` whose selectors cover the finding. */
export function declaredCredits(declared: readonly DeclaredMitigation[], controlId: string, view: FindingView, used: Set<DeclaredMitigation>): MitigationCredit[] {
  const out: MitigationCredit[] = [];
  for (const d of declared) {
    if (d.controlId !== controlId) continue;
    if (!d.covers.some((s) => selects(s, view))) continue;
    used.add(d);
    const evidence = d.evidence.length ? d.evidence : entryEvidence(d.entry);
    out.push({ controlId, evidence: sortEvidence([...evidence, ...entryEvidence(d.entry)]), source: 'manifest' });
  }
  return out;
}
