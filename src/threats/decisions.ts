import type { RiskDecision, RiskOverride } from './context.js';
import type { RiskBuilder } from './risk.js';
import { type FindingView, selects } from './selectors.js';
import type { FindingStatus } from './types.js';

/** Team overrides replace the likelihood/severity the engine derived (after context, before mitigations). */
export function applyOverrides(rb: RiskBuilder, overrides: readonly RiskOverride[], view: FindingView): void {
  for (const o of overrides) {
    if (!selects(o.match, view)) continue;
    rb.set('override', o.entry, o.likelihood, o.severity);
  }
}

export interface Decision {
  status: FindingStatus;
  decidedBy?: string;
  expired?: string;
  /** A false-positive decision: the finding is dropped from the results and listed as suppressed. */
  suppressedBy?: RiskDecision;
}

/**
 * The manifest's word on a finding. Precedence: false-positive (drop) > a current acceptance > mitigated >
 * an expired acceptance (stays open, `expired` names the date). A finding already mitigated by evidenced
 * controls stays mitigated: an acceptance adds nothing to it and its expiry is moot.
 */
export function decide(computed: FindingStatus, decisions: readonly RiskDecision[], view: FindingView, today: string, rb: RiskBuilder): Decision {
  const hits = decisions.filter((d) => selects(d.match, view));
  const fp = hits.find((d) => d.status === 'false-positive');
  if (fp) return { status: computed, decidedBy: fp.entry, suppressedBy: fp };
  const accepted = hits.filter((d) => d.status === 'accepted');
  const current = accepted.find((d) => d.expires !== undefined && d.expires >= today);
  if (computed === 'mitigated') return { status: computed };
  if (current) {
    rb.note('accepted', current.entry);
    return { status: 'accepted', decidedBy: current.entry };
  }
  const mitigated = hits.find((d) => d.status === 'mitigated');
  if (mitigated) {
    rb.set('decision-mitigated', mitigated.entry, 1);
    return { status: 'mitigated', decidedBy: mitigated.entry };
  }
  const expired = accepted[0];
  if (expired) {
    rb.note('acceptance-expired', expired.expires ?? 'no expiry date');
    return { status: 'open', decidedBy: expired.entry, expired: expired.expires ?? 'missing' };
  }
  return { status: computed };
}
