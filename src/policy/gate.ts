import type { DiffSection } from '../diff/types.js';
import { RISK_LEVELS, type Layer, type RiskLevel } from '../model/types.js';
import type { ChainFinding, ThreatFinding } from '../threats/types.js';
import { globMatch } from './glob.js';
import type { Policy } from './policy.js';
import type { Gate, GateReason } from './types.js';

export interface GateInput {
  mode: 'scan' | 'diff';
  chains: ChainFinding[];
  threats: ThreatFinding[];
  diff?: DiffSection;
  /** Formatted `file:line:col: message` errors from maestro.yaml, if any. */
  manifestErrors: string[];
  manifestFound: boolean;
}

export function atLeast(level: RiskLevel, threshold: Policy['failOn']): boolean {
  return threshold !== 'never' && RISK_LEVELS.indexOf(level) >= RISK_LEVELS.indexOf(threshold);
}

/**
 * `L1 -> L3 -> L4`, in ASCII as the annotations write it, as is the rest of every reason the gate writes itself:
 * reasons go into the JSON report, and one character beyond Latin-1 anywhere in a report makes V8 hold all of its
 * megabytes at two bytes per character.
 */
const layerPath = (c: ChainFinding) => c.layers.join(' -> ');

/**
 * Where a chain starts (its first step's first site): repeated reasons of one template across a monorepo read as
 * one line said twenty times without it.
 */
function entry(c: ChainFinding): string {
  const first = c.steps[0];
  const at = first?.evidence[0];
  return at ? `, entering at ${at.path}${at.line ? `:${at.line}` : ''}` : first ? `, entering at ${shortName(first.componentId)}` : '';
}

/** The verdict, from data only. Reasons are ordered: manifest first, then chains by fingerprint. */
export function decide(input: GateInput, policy: Policy): Gate {
  const reasons: GateReason[] = [];
  const { rules } = policy;

  if (rules.manifestInvalid && input.manifestErrors.length) {
    reasons.push({ code: 'manifest-invalid', message: `maestro.yaml does not validate (${input.manifestErrors.length} error(s)); first: ${input.manifestErrors[0]}` });
  }
  if (policy.requireManifest && !input.manifestFound) {
    reasons.push({ code: 'manifest-missing', message: 'the policy requires a maestro.yaml threat-model manifest and the repository has none' });
  }

  const gated = input.chains.filter((c) => !excluded(c, policy));
  const byFp = new Map(gated.map((c) => [c.fingerprint, c]));
  const fired = new Set<string>();
  const add = (r: GateReason) => {
    if (r.fingerprint && fired.has(r.fingerprint)) return;
    if (r.fingerprint) fired.add(r.fingerprint);
    reasons.push(r);
  };

  if (rules.acceptanceExpired) {
    for (const c of gated) if (c.expired) add({ code: 'acceptance-expired', fingerprint: c.fingerprint, message: `the accepted risk for chain "${c.title}" expired on ${c.expired}; renew the acceptance with a new date or fix the chain` });
    for (const t of input.threats) {
      if (t.expired && !excludedThreat(t, policy)) add({ code: 'acceptance-expired', fingerprint: t.fingerprint, message: `the accepted risk for threat ${t.threatId} on ${t.componentId} expired on ${t.expired}` });
    }
  }

  const isOpenOver = (c: ChainFinding) => c.status === 'open' && atLeast(c.risk.level, policy.failOn);
  const auditAll = input.mode === 'scan' || policy.scope === 'all' || !input.diff;

  if (input.diff && rules.mitigationLost) {
    for (const ch of input.diff.changed) {
      const c = byFp.get(ch.fingerprint);
      if (ch.kind === 'chain' && c && ch.changes.includes('mitigation-lost') && isOpenOver(c)) {
        add({ code: 'mitigation-lost', fingerprint: c.fingerprint, message: `chain "${c.title}" lost the mitigation that covered it and is open at ${c.risk.level} risk${entry(c)}` });
      }
    }
  }
  if (rules.newChain) {
    if (input.diff) {
      for (const fp of input.diff.new.chains) {
        const c = byFp.get(fp);
        if (c && isOpenOver(c)) add({ code: 'new-chain', fingerprint: fp, message: `this change adds an open ${c.risk.level}-risk chain: ${c.title} (${layerPath(c)})${entry(c)}` });
      }
      for (const ch of input.diff.changed) {
        const c = byFp.get(ch.fingerprint);
        if (ch.kind === 'chain' && c && isOpenOver(c) && (ch.changes.includes('risk-raised') || ch.changes.includes('status-changed'))) {
          add({ code: 'changed-chain', fingerprint: c.fingerprint, message: `this change raises chain "${c.title}" to an open ${c.risk.level} risk${entry(c)}` });
        }
      }
    }
    if (auditAll) {
      for (const c of gated) if (isOpenOver(c)) add({ code: 'open-chain', fingerprint: c.fingerprint, message: `open ${c.risk.level}-risk chain: ${c.title} (${layerPath(c)})${entry(c)}` });
    }
  }

  const grouped = groupSiblings(reasons, byFp);
  const failed = grouped.length > 0;
  if (failed && policy.warnOnly) return { status: 'pass', warnOnly: true, reasons: grouped };
  return { status: failed ? 'fail' : 'pass', reasons: grouped };
}

/**
 * Chains of one template that share every step but the last are one story with several end points (the same
 * untrusted path reaching two tools). The gate names it once, with the count, so a reviewer reads one reason per
 * story; each chain keeps its own fingerprint in the report.
 */
function groupSiblings(reasons: GateReason[], byFp: Map<string, ChainFinding>): GateReason[] {
  const out: GateReason[] = [];
  const groups = new Map<string, { reason: GateReason; ends: string[] }>();
  for (const r of reasons) {
    const c = r.fingerprint ? byFp.get(r.fingerprint) : undefined;
    if (!c) {
      out.push(r);
      continue;
    }
    const key = [r.code, c.templateId, ...c.steps.slice(0, -1).map((s) => s.componentId)].join('\0');
    const end = c.steps[c.steps.length - 1].componentId;
    const g = groups.get(key);
    if (g) g.ends.push(end);
    else {
      const entry = { reason: { ...r }, ends: [end] };
      groups.set(key, entry);
      out.push(entry.reason);
    }
  }
  for (const { reason, ends } of groups.values()) {
    if (ends.length > 1) reason.message += `; ${ends.length} chains along the same path, ending at ${ends.map(shortName).join(', ')}`;
  }
  return out;
}

/** `tool:lib/tools.ts#saveNote` reads as `saveNote`. */
function shortName(id: string): string {
  const hash = id.lastIndexOf('#');
  return hash >= 0 ? id.slice(hash + 1) : id.slice(id.indexOf(':') + 1);
}

function excluded(c: ChainFinding, p: Policy): boolean {
  if (p.exclude.templates.includes(c.templateId)) return true;
  // A cross-layer chain is ignored by layer only when every layer it touches is ignored: it would hide too much.
  if (p.exclude.layers.length && c.layers.every((l: Layer) => p.exclude.layers.includes(l))) return true;
  const paths = c.steps.flatMap((s) => s.evidence.map((e) => e.path));
  return p.exclude.paths.length > 0 && paths.length > 0 && paths.every((x) => p.exclude.paths.some((g) => globMatch(g, x)));
}

function excludedThreat(t: ThreatFinding, p: Policy): boolean {
  if (p.exclude.layers.includes(t.layer)) return true;
  const paths = t.evidence.map((e) => e.path);
  return p.exclude.paths.length > 0 && paths.length > 0 && paths.every((x) => p.exclude.paths.some((g) => globMatch(g, x)));
}
