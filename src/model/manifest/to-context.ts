import type { Evidence } from '../types.js';
import type {
  DeclaredMitigation,
  EvalContext,
  FindingSelector,
  RiskDecision,
  RiskOverride,
  SystemContext,
  TrustBoundary,
} from '../../threats/context.js';
import { splitEvidencePath } from './references.js';
import type { Manifest, ManifestCovers, ManifestEvidence, ManifestSelector } from './types.js';

// The manifest, said the way the threat engine reads it. Every entry carries `FILE:LINE` so a report can
// name the manifest entry that decided a finding.

export type ManifestContext = Omit<EvalContext, 'today'>;

/**
 * `explicitSystem` lists the system keys written in the file: schema defaults (dataClassification) fill the
 * manifest for readers, but the engine must not mistake a default for the team's word over what it infers.
 */
export function manifestToContext(manifest: Manifest, file: string, explicitSystem?: ReadonlySet<string>): ManifestContext {
  const ctx: ManifestContext = {};
  const at = (line: number) => `${file}:${line}`;
  if (manifest.system) {
    const s = manifest.system;
    const given = (k: string) => explicitSystem === undefined || explicitSystem.has(k);
    const system: SystemContext = { name: s.name };
    if (s.internetExposed !== undefined && given('internetExposed')) system.internetExposed = s.internetExposed;
    if (given('dataClassification')) system.dataClassification = s.dataClassification;
    ctx.system = system;
  }
  ctx.mitigations = manifest.mitigations.map((m): DeclaredMitigation => {
    const out: DeclaredMitigation = {
      controlId: m.control,
      covers: coversToSelectors(m.covers),
      evidence: evidencePaths(m.evidence, at(m.line)),
      entry: at(m.line),
    };
    const ref = externalRef(m.evidence);
    if (ref) out.externalRef = ref;
    return out;
  });
  ctx.decisions = manifest.risks.map((r): RiskDecision => {
    const out: RiskDecision = {
      match: r.fingerprint !== undefined ? { fingerprint: r.fingerprint } : toSelector(r.selector ?? {}),
      status: r.status,
      entry: at(r.line),
    };
    if (r.owner !== undefined) out.owner = r.owner;
    if (r.reason !== undefined) out.reason = r.reason;
    if (r.expires !== undefined) out.expires = r.expires;
    if (r.evidence) {
      out.evidence = evidencePaths(r.evidence, at(r.line));
      const ref = externalRef(r.evidence);
      if (ref) out.externalRef = ref;
    }
    return out;
  });
  ctx.overrides = manifest.overrides.map((o): RiskOverride => {
    const out: RiskOverride = {
      match: o.fingerprint !== undefined ? { fingerprint: o.fingerprint } : toSelector(o.selector ?? {}),
      reason: o.reason,
      entry: at(o.line),
    };
    if (o.likelihood !== undefined) out.likelihood = o.likelihood;
    if (o.impact !== undefined) out.severity = o.impact;
    return out;
  });
  ctx.trustBoundaries = manifest.trustBoundaries.map(
    (b): TrustBoundary => ({ id: b.id, name: b.name, components: [...b.components].sort(), entry: at(b.line) }),
  );
  return ctx;
}

export function toSelector(s: ManifestSelector): FindingSelector {
  const out: FindingSelector = {};
  if (s.threat !== undefined) out.threatId = s.threat;
  if (s.chain !== undefined) out.templateId = s.chain;
  if (s.component !== undefined) out.componentId = s.component;
  if (s.layer !== undefined) out.layer = s.layer;
  if (s.path !== undefined) out.path = s.path;
  return out;
}

/**
 * Threats and chains are scoped to the listed components when both are given (a control applied to these
 * components covers these threats there); with no components they apply everywhere. Components alone cover
 * every finding on them. Fingerprints and selectors stand alone.
 */
export function coversToSelectors(c: ManifestCovers): FindingSelector[] {
  const out: FindingSelector[] = [];
  const scopes: (string | undefined)[] = c.components?.length ? c.components : [undefined];
  const scoped = (sel: FindingSelector, componentId: string | undefined): FindingSelector =>
    componentId === undefined ? sel : { ...sel, componentId };
  for (const threatId of c.threats ?? []) for (const k of scopes) out.push(scoped({ threatId }, k));
  for (const templateId of c.chains ?? []) for (const k of scopes) out.push(scoped({ templateId }, k));
  if (!c.threats?.length && !c.chains?.length) for (const componentId of c.components ?? []) out.push({ componentId });
  for (const fingerprint of c.fingerprints ?? []) out.push({ fingerprint });
  for (const s of c.selectors ?? []) out.push(toSelector(s));
  return out;
}

function evidencePaths(e: ManifestEvidence, entry: string): Evidence[] {
  return (e.paths ?? [])
    .map((p) => ({ ...splitEvidencePath(p), note: `declared in ${entry}` }))
    .map(({ file, line, note }) => ({ path: file, line, note }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}

function externalRef(e: ManifestEvidence): string | undefined {
  const parts = [e.ticket, e.url].filter((x): x is string => x !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
