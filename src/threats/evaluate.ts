import type { Component, Diagnostic, Evidence, Layer, Model } from '../model/types.js';
import type { Catalog, ControlDef, Matcher, ThreatDef } from './catalog-types.js';
import { type ChainLimits, DEFAULT_CHAIN_LIMITS, enumerateChains, type ChainInstance } from './chains.js';
import type { EvalContext, SystemContext } from './context.js';
import { declaredCredits, detectControl, entryEvidence } from './controls.js';
import { applyOverrides, decide } from './decisions.js';
import { chainFingerprint, identities, threatFingerprint } from './fingerprint.js';
import { rankFixes } from './fixes.js';
import { cmp, sortEvidence } from '../model/order.js';
import { type ComponentContext, Graph } from './graph.js';
import { chainStepSites, SiteFolders } from './step-evidence.js';
import { EvidenceUnion } from './evidence-union.js';
import { Matching, mentions } from './match.js';
import { LEVEL_RANK, RiskBuilder } from './risk.js';
import type { FindingView } from './selectors.js';
import type { ChainFinding, FindingStatus, FixItem, MitigationCredit, ThreatFinding } from './types.js';

export interface EvalOptions {
  limits?: Partial<ChainLimits>;
}

/** A finding the manifest marked false-positive: dropped from `threats`/`chains`, kept here for the record. */
export interface Suppressed {
  kind: 'threat' | 'chain';
  fingerprint: string;
  entry: string;
  reason?: string;
}

export interface EvalResult {
  threats: ThreatFinding[];
  chains: ChainFinding[];
  fixes: FixItem[];
  diagnostics: Diagnostic[];
  suppressed: Suppressed[];
}

const PRIVILEGE_ATTRS = ['privileged', 'hostPath', 'hostPID', 'hostNetwork', 'dockerSocket', 'allowPrivilegeEscalation', 'runsAsRoot'];
const layerSort = (ls: Iterable<Layer>) => [...new Set(ls)].sort();
/** `layerSort([a, b])` without a set, for the two layers of every threat finding. */
const twoLayers = (a: Layer, b: Layer): Layer[] => (a === b ? [a] : a < b ? [a, b] : [b, a]);

/**
 * MAESTRO steps 2-5 over one model: per-component threats, cross-layer chains, risk with context, credited
 * mitigations, the manifest's decisions, and the ranked fix list. Pure: same inputs, same output.
 */
export function evaluate(model: Model, catalog: Catalog, ctx: EvalContext, opts: EvalOptions = {}): EvalResult {
  const g = new Graph(model.components, model.edges, catalog, ctx.system);
  const m = new Matching(g);
  const ids = identities(g.components);
  const controls = new Map(catalog.controls.map((c) => [c.id, c]));
  const threatDefs = new Map(catalog.threats.map((t) => [t.id, t]));
  const declared = ctx.mitigations ?? [];
  const used = new Set<(typeof declared)[number]>();
  const diagnostics: Diagnostic[] = [];
  const suppressed: Suppressed[] = [];
  const union = new EvidenceUnion();
  const said = mentionsOf();
  const siteFolders = new SiteFolders();

  // What a control's detection rules find depends only on the control and the component, which many findings share
  // (every threat on an agent asks about the same guardrails): each pair is looked at once. A credit's copy per
  // finding keeps findings from sharing one object.
  const detected = new Map<ControlDef, Map<Component, MitigationCredit | undefined>>();
  const detect = (def: ControlDef, c: Component): MitigationCredit | undefined => {
    let byComponent = detected.get(def);
    if (!byComponent) detected.set(def, (byComponent = new Map()));
    if (byComponent.has(c)) return byComponent.get(c);
    const hit = detectControl(m, def, c, union);
    byComponent.set(c, hit);
    return hit;
  };
  const credit = (controlIds: readonly string[], c: Component, view: FindingView): MitigationCredit[] => {
    const out: MitigationCredit[] = [];
    for (const id of controlIds) {
      const def = controls.get(id);
      if (!def) continue;
      const hit = detect(def, c);
      if (hit) out.push({ ...hit });
      out.push(...declaredCredits(declared, id, view, used));
    }
    return out;
  };

  // Per-component threats.
  const threats: ThreatFinding[] = [];
  const seen = new Set<string>();
  for (const t of catalog.threats) {
    for (const c of m.candidates(t.appliesTo)) {
      const extra = m.match(c, t.appliesTo);
      if (!extra) continue;
      const evidence = union.of(c.evidence, extra);
      if (!evidence.length) continue;
      const fingerprint = threatFingerprint(t.id, ids.get(c.id)!);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const view = findingView({ fingerprint, threatIds: [t.id], componentIds: [c.id], layers: twoLayers(t.layer, c.layer) }, () => [evidence]);
      const rb = new RiskBuilder(t.likelihood, t.impact, [{ factor: 'threat', value: t.id }]);
      threatContext(rb, t, g.context(c.id), said, ctx.system);
      applyOverrides(rb, ctx.overrides ?? [], view);
      const mitigations = credit(t.controls, c, view);
      const status = applyCredits(rb, mitigations, controls);
      const d = decide(status, ctx.decisions ?? [], view, ctx.today, rb);
      if (d.suppressedBy) {
        suppressed.push({ kind: 'threat', fingerprint, entry: d.suppressedBy.entry, reason: d.suppressedBy.reason });
        continue;
      }
      threats.push({
        fingerprint,
        threatId: t.id,
        layer: t.layer,
        componentId: c.id,
        risk: rb.finish(),
        status: d.status,
        mitigations: sortCredits(mitigations),
        evidence,
        ...(d.decidedBy ? { decidedBy: d.decidedBy } : {}),
        ...(d.expired ? { expired: d.expired } : {}),
      });
    }
  }

  // Cross-layer chains.
  const limits = { ...DEFAULT_CHAIN_LIMITS, ...opts.limits };
  const instances = dropSubsumed(enumerateChains(m, catalog.chains, limits, diagnostics));
  const chains: ChainFinding[] = [];
  const seenChains = new Set<string>();
  for (const inst of instances) {
    const t = inst.template;
    const fingerprint = chainFingerprint(t.id, inst.steps.map((s) => ({ identity: ids.get(s.component.id)!, threatId: s.def.threat })));
    if (seenChains.has(fingerprint)) continue;
    seenChains.add(fingerprint);
    const sites = chainStepSites(union, inst.steps, siteFolders);
    const steps = inst.steps.map((s, k) => ({
      componentId: s.component.id,
      layer: s.component.layer,
      threatId: s.def.threat,
      evidence: sites[k]!.evidence,
    }));
    const layers = layerSort(inst.steps.flatMap((s) => [s.component.layer, threatDefs.get(s.def.threat)!.layer]));
    // Manifest selectors see every site of each component, as before sites were narrowed for the report.
    const view = findingView(
      { fingerprint, threatIds: [...new Set(steps.map((s) => s.threatId))], templateId: t.id, componentIds: steps.map((s) => s.componentId), layers },
      () => inst.steps.map((s) => union.of(s.component.evidence, s.linkEvidence)),
    );
    const rb = chainRisk(g, inst, threatDefs, said, ctx.system);
    applyOverrides(rb, ctx.overrides ?? [], view);
    const breakers: ChainFinding['breakers'] = [];
    const mitigations: MitigationCredit[] = [];
    inst.steps.forEach((s, k) => {
      for (const b of s.def.breakers ?? []) {
        breakers.push({ controlId: b, componentId: s.component.id, where: sites[k]!.sites[0] });
        mitigations.push(...credit([b], s.component, view));
      }
    });
    const status = applyCredits(rb, mitigations, controls);
    const d = decide(status, ctx.decisions ?? [], view, ctx.today, rb);
    if (d.suppressedBy) {
      suppressed.push({ kind: 'chain', fingerprint, entry: d.suppressedBy.entry, reason: d.suppressedBy.reason });
      continue;
    }
    chains.push({
      fingerprint,
      templateId: t.id,
      title: t.title,
      layers,
      steps,
      risk: rb.finish(),
      status: d.status,
      breakers,
      mitigations: sortCredits(mitigations),
      ...(d.decidedBy ? { decidedBy: d.decidedBy } : {}),
      ...(d.expired ? { expired: d.expired } : {}),
    });
  }

  for (const d of declared)
    if (!used.has(d)) {
      const at = entryEvidence(d.entry)[0];
      diagnostics.push({ path: at?.path ?? 'maestro.yaml', line: at?.line, code: 'mitigation-unused', message: `declared control ${d.controlId} covers no finding it mitigates` });
    }

  const byRisk = <T extends { risk: { level: keyof typeof LEVEL_RANK; score: number } }>(a: T, b: T) =>
    LEVEL_RANK[b.risk.level] - LEVEL_RANK[a.risk.level] || b.risk.score - a.risk.score;
  threats.sort((a, b) => byRisk(a, b) || cmp(a.threatId, b.threatId) || cmp(a.componentId, b.componentId) || cmp(a.fingerprint, b.fingerprint));
  chains.sort((a, b) => byRisk(a, b) || cmp(a.templateId, b.templateId) || cmp(a.fingerprint, b.fingerprint));
  suppressed.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.fingerprint, b.fingerprint));
  diagnostics.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.code, b.code) || cmp(a.message, b.message));
  return { threats, chains, fixes: rankFixes(chains, controls), diagnostics, suppressed };
}


type ContextFlag = 'exposed' | 'untrustedInput' | 'privileged';
/** Whether a condition already asks for a context flag (`mentions`), answered once per condition and flag. */
type Said = (cond: Matcher, flag: ContextFlag) => boolean;
const FLAG_ATTRS: Record<ContextFlag, string[]> = { exposed: ['public'], untrustedInput: ['untrusted'], privileged: PRIVILEGE_ATTRS };

function mentionsOf(): Said {
  const memo = new Map<Matcher, Map<ContextFlag, boolean>>();
  return (cond, flag) => {
    let byFlag = memo.get(cond);
    if (!byFlag) memo.set(cond, (byFlag = new Map()));
    let hit = byFlag.get(flag);
    if (hit === undefined) byFlag.set(flag, (hit = mentions(cond, flag, FLAG_ATTRS[flag])));
    return hit;
  };
}

/** Untrusted content raises the odds of what it can do through the model: tampering and elevation. */
const CONTENT_DRIVEN = ['T', 'E'];

/**
 * Context for one component's threat. Being reachable by outsiders (internet exposure, or untrusted content
 * flowing in for tampering/elevation threats) adds one to likelihood, once; a condition that already requires it
 * is not counted twice.
 */
function threatContext(rb: RiskBuilder, t: ThreatDef, cc: ComponentContext, said: Said, system?: SystemContext): void {
  const cond: Matcher = t.appliesTo;
  if (cc.exposed && !said(cond, 'exposed')) rb.likelihoodBy('internet-exposure', 1);
  else if (cc.untrustedInput && CONTENT_DRIVEN.some((x) => t.stride.includes(x)) && !said(cond, 'untrustedInput')) rb.likelihoodBy('untrusted-input', 1);
  if (cc.privileged && !said(cond, 'privileged')) rb.severityBy('privileged-runtime', 1);
  dataClassification(rb, t.stride, system);
}

/** Disclosure threats weigh more on confidential or restricted data and less on public data. */
function dataClassification(rb: RiskBuilder, stride: readonly string[], system?: SystemContext): void {
  const cls = system?.dataClassification;
  if (!cls || !stride.includes('I')) return;
  if (cls === 'confidential' || cls === 'restricted') rb.severityBy(`data-classification:${cls}`, 1);
  else if (cls === 'public') rb.severityBy('data-classification:public', -1);
}

/**
 * A chain is as likely as its entry step (the attacker's way in) and as severe as the template's impact. One more
 * notch of likelihood when outsiders reach the chain by another way than its entry (an exposed agent in a chain
 * that starts at a loader, untrusted content reaching a chain that starts at a model); one more of severity when
 * a step runs privileged, and data classification as for threats.
 */
function chainRisk(g: Graph, inst: ChainInstance, threats: ReadonlyMap<string, ThreatDef>, said: Said, system?: SystemContext): RiskBuilder {
  const t = inst.template;
  const entry = inst.steps[0]!;
  const entryThreat = threats.get(entry.def.threat)!;
  const rb = new RiskBuilder(entryThreat.likelihood, t.impact, [
    { factor: 'template', value: t.id },
    { factor: 'entry-threat', value: entryThreat.id },
    { factor: 'entry-likelihood', value: entryThreat.likelihood },
    { factor: 'impact', value: t.impact },
  ]);
  const ctxs = inst.steps.map((s) => g.context(s.component.id));
  const entryId = entry.component.id;
  const exposed = (system?.internetExposed || ctxs.some((c) => c.exposed)) && !g.exposedRoots.has(entryId) && !said(entry.def.match, 'exposed');
  const untrusted = ctxs.some((c) => c.untrustedInput) && !g.untrustedRoots.has(entryId) && !said(entry.def.match, 'untrustedInput');
  if (exposed) rb.likelihoodBy('internet-exposure', 1);
  else if (untrusted) rb.likelihoodBy('untrusted-input', 1);
  if (ctxs.some((c) => c.privileged)) rb.severityBy('privileged-runtime', 1);
  const stride = inst.steps.flatMap((s) => threats.get(s.def.threat)?.stride ?? []);
  dataClassification(rb, stride, system);
  rb.note('inherent-score', rb.score);
  return rb;
}

/** Partial controls take a notch of likelihood each; any strong control mitigates (likelihood to 1). */
function applyCredits(rb: RiskBuilder, credits: readonly MitigationCredit[], controls: ReadonlyMap<string, ControlDef>): FindingStatus {
  const ids = [...new Set(credits.map((c) => c.controlId))].sort();
  for (const id of ids) if (controls.get(id)?.strength === 'partial') rb.likelihoodBy(`reduced-by:${id}`, -1);
  const strong = ids.find((id) => controls.get(id)?.strength === 'strong');
  if (!strong) return 'open';
  rb.set('mitigated-by', strong, 1);
  return 'mitigated';
}

function sortCredits(list: MitigationCredit[]): MitigationCredit[] {
  // Most findings have no credit, or one: nothing to merge or order.
  if (list.length < 2) return [...list];
  const seen = new Map<string, MitigationCredit>();
  for (const c of list) {
    const key = `${c.controlId}\0${c.source}`;
    const prev = seen.get(key);
    seen.set(key, prev ? { ...prev, evidence: sortEvidence([...prev.evidence, ...c.evidence]) } : c);
  }
  return [...seen.values()].sort((a, b) => cmp(a.controlId, b.controlId) || cmp(a.source, b.source));
}

/**
 * Only a manifest selector by path reads a finding's paths (a chain's run to hundreds): they are listed, and the
 * evidence they come from merged, when asked.
 */
function findingView(v: Omit<FindingView, 'paths'>, evidence: () => readonly (readonly Evidence[])[]): FindingView {
  return new LazyView(v, evidence);
}

/** A class rather than an object literal with a getter, which costs a property definition per finding. */
class LazyView implements FindingView {
  readonly fingerprint: string;
  readonly threatIds: string[];
  readonly templateId?: string;
  readonly componentIds: string[];
  readonly layers: Layer[];
  private listed: string[] | undefined;

  constructor(
    v: Omit<FindingView, 'paths'>,
    private readonly evidence: () => readonly (readonly Evidence[])[],
  ) {
    this.fingerprint = v.fingerprint;
    this.threatIds = v.threatIds;
    if (v.templateId !== undefined) this.templateId = v.templateId;
    this.componentIds = v.componentIds;
    this.layers = v.layers;
  }

  get paths(): string[] {
    return (this.listed ??= distinctPaths(this.evidence()));
  }
}

/**
 * `[...new Set(lists.flat().map((e) => e.path))]` for lists that are mostly sorted by path (a model's evidence in
 * every chain through it runs to hundreds of items): a path repeating the one before it needs no lookup.
 */
function distinctPaths(lists: readonly (readonly Evidence[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) {
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k]!.path !== list[k - 1]!.path) seen.add(list[k]!.path);
  }
  return [...seen];
}

/** A template that `subsumes` another hides that one's instances whose components it already covers. */
function dropSubsumed(instances: ChainInstance[]): ChainInstance[] {
  const sets = new Map<string, Set<string>[]>();
  for (const i of instances) {
    const list = sets.get(i.template.id) ?? [];
    list.push(new Set(i.steps.map((s) => s.component.id)));
    sets.set(i.template.id, list);
  }
  const subsumers = new Map<string, string[]>();
  for (const i of instances) for (const s of i.template.subsumes ?? []) subsumers.set(s, [...new Set([...(subsumers.get(s) ?? []), i.template.id])]);
  return instances.filter((i) => {
    const bigger = subsumers.get(i.template.id);
    if (!bigger) return true;
    const mine = i.steps.map((s) => s.component.id);
    return !bigger.some((b) => (sets.get(b) ?? []).some((set) => mine.every((id) => set.has(id))));
  });
}
