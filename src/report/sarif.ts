import { RISK_LEVELS, type Evidence, type RiskLevel } from '../model/types.js';
import type { ChainFinding, ThreatFinding } from '../threats/types.js';
import { byRisk, componentIndex, componentText } from './chain-view.js';
import { encodePath, sarifText, stripControls, truncate } from './escape.js';
import { LAYER_NAMES } from './layer-names.js';
import type { RuleInfo } from './rules.js';
import type { Report } from './types.js';

export type { RuleInfo } from './rules.js';

// GitHub code scanning limits (docs: "SARIF support for code scanning").
export const SARIF_LIMITS = { results: 25_000, rules: 25_000, tagsPerRule: 20, locationsPerResult: 1_000, relatedPerResult: 1_000, notifications: 100 };

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key GitHub reads for stable alert identity across line moves. */
export const FINGERPRINT_KEY = 'maestroFingerprint/v1';

const SEVERITY: Record<RiskLevel, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const LEVEL: Record<RiskLevel, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

export interface SarifOptions {
  /** The scanned directory relative to the repository root, when it is not the root. */
  pathPrefix?: string;
}

/**
 * SARIF 2.1.0 for GitHub code scanning. One rule per threat id and per chain template id (`chain/<id>`); one
 * result per open chain (with a code flow through its steps) and per open threat. Mitigated and accepted
 * findings are left out: code scanning would show them as alerts to dismiss again. Deterministic.
 */
export function renderSarif(report: Report, rules: RuleInfo[] = [], opts: SarifOptions = {}): object {
  const info = new Map(rules.map((r) => [`${r.kind}:${r.id}`, r]));
  const prefix = (opts.pathPrefix ?? '').replace(/^\.?\/+|\/+$/g, '');
  const components = componentIndex(report);
  const uri = (path: string) => encodePath(prefix ? `${prefix}/${path}` : path);
  const location = (ev: Evidence, message?: string) => ({
    physicalLocation: {
      artifactLocation: { uri: uri(ev.path), uriBaseId: '%SRCROOT%' },
      // line 0 means the whole file: code scanning needs a line, so the first one stands for it.
      region: { startLine: Math.max(1, ev.line) },
    },
    ...(message ? { message: { text: sarifText(message) } } : {}),
  });

  const chains = report.chains.filter((c) => c.status === 'open').sort(byRisk);
  const threats = report.threats.filter((t) => t.status === 'open').sort(byThreatRisk);

  // Rules in a stable order: chain templates, then threats, each sorted by id; worst level seen sets severity.
  const ruleLevel = new Map<string, RiskLevel>();
  const raise = (key: string, level: RiskLevel) => {
    const was = ruleLevel.get(key);
    if (!was || RISK_LEVELS.indexOf(level) > RISK_LEVELS.indexOf(was)) ruleLevel.set(key, level);
  };
  for (const c of chains) raise(`chain:${c.templateId}`, c.risk.level);
  for (const t of threats) raise(`threat:${t.threatId}`, t.risk.level);
  const keys = [...ruleLevel.keys()].sort((a, b) => (a.startsWith('chain:') === b.startsWith('chain:') ? (a < b ? -1 : a > b ? 1 : 0) : a.startsWith('chain:') ? -1 : 1));
  const ruleIndex = new Map(keys.map((k, i) => [k, i]));
  const sarifRules = keys.map((key) => {
    const [kind, ...rest] = key.split(':');
    const id = rest.join(':');
    const example = kind === 'chain' ? chains.find((c) => c.templateId === id) : undefined;
    return rule(kind as 'chain' | 'threat', id, info.get(key), ruleLevel.get(key)!, example);
  });

  const results: object[] = [];
  for (const c of chains) {
    if (results.length >= SARIF_LIMITS.results) break;
    const steps = c.steps.filter((s) => s.evidence.length);
    const primary = steps[0]?.evidence[0];
    if (!primary) continue; // code scanning rejects a result without a location
    const stepText = (s: (typeof steps)[number], i: number) => `step ${i + 1}: ${s.layer} ${componentText(components, s.componentId)} (${s.threatId})`;
    const related = steps.flatMap((s, i) => s.evidence.slice(0, 5).map((e) => ({ e, text: stepText(s, i) }))).slice(0, SARIF_LIMITS.relatedPerResult);
    const breaker = c.breakers[0];
    const message = `${c.title} (${c.layers.join(' -> ')}), ${c.risk.level} risk ${c.risk.score}. Path: ${steps.map((s) => componentText(components, s.componentId)).join(' -> ')}.${breaker ? ` Break it with ${breaker.controlId}${breaker.where ? ` at ${breaker.where.path}:${breaker.where.line}` : ''}.` : ''}`;
    results.push({
      ruleId: `chain/${c.templateId}`,
      ruleIndex: ruleIndex.get(`chain:${c.templateId}`),
      kind: 'fail',
      level: LEVEL[c.risk.level],
      message: { text: sarifText(truncate(message, 2000)) },
      locations: [location(primary)],
      relatedLocations: related.map((r, i) => ({ id: i + 1, ...location(r.e, r.text) })),
      codeFlows: [
        {
          message: { text: sarifText(truncate(c.title, 300)) },
          threadFlows: [{ locations: steps.slice(0, SARIF_LIMITS.locationsPerResult).map((s, i) => ({ location: location(s.evidence[0], stepText(s, i)), nestingLevel: 0, executionOrder: i + 1 })) }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: c.fingerprint },
      properties: { 'maestro/layers': c.layers, 'maestro/risk': c.risk.score, 'maestro/breakers': [...new Set(c.breakers.map((b) => b.controlId))] },
    });
  }
  for (const t of threats) {
    if (results.length >= SARIF_LIMITS.results) break;
    const evidence = t.evidence.slice(0, SARIF_LIMITS.locationsPerResult);
    if (!evidence.length) continue;
    const name = info.get(`threat:${t.threatId}`)?.name;
    const message = `${t.threatId}${name ? ` ${name}` : ''} on ${componentText(components, t.componentId)} (${t.layer} ${LAYER_NAMES[t.layer]}), ${t.risk.level} risk ${t.risk.score}.`;
    results.push({
      ruleId: t.threatId,
      ruleIndex: ruleIndex.get(`threat:${t.threatId}`),
      kind: 'fail',
      level: LEVEL[t.risk.level],
      message: { text: sarifText(truncate(message, 2000)) },
      locations: [location(evidence[0])],
      ...(evidence.length > 1 ? { relatedLocations: evidence.slice(1).map((e, i) => ({ id: i + 1, ...location(e) })) } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: t.fingerprint },
      properties: { 'maestro/layer': t.layer, 'maestro/risk': t.risk.score },
    });
  }

  const notifications = report.diagnostics.slice(0, SARIF_LIMITS.notifications).map((d) => ({
    level: 'warning',
    message: { text: sarifText(truncate(`${d.code}: ${d.message}`, 500)) },
    locations: [location({ path: d.path, line: d.line ?? 0 })],
    descriptor: { id: stripControls(d.code) },
  }));

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'maestro-gate',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: sarifRules,
            properties: { catalogVersion: report.tool.catalogVersion },
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { mode: report.target.mode, gate: report.gate.status },
      },
    ],
  };
}

function rule(kind: 'chain' | 'threat', id: string, info: RuleInfo | undefined, level: RiskLevel, example?: ChainFinding): object {
  const name = info?.name ?? (kind === 'chain' ? (example?.title ?? id) : id);
  const layers = info?.layers ?? (example ? example.layers : /^L[1-7]\./.test(id) ? [id.slice(0, 2)] : []);
  const mappings = Object.entries(info?.mappings ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([tax, ids]) => ids.map((x) => `${tax}/${x}`));
  const tags = [...new Set(['security', 'maestro', kind === 'chain' ? 'cross-layer-chain' : 'layer-threat', ...layers.map((l) => `maestro/${l}`), ...mappings])].slice(0, SARIF_LIMITS.tagsPerRule);
  const description = info?.description ?? (kind === 'chain' ? `Cross-layer chain template ${id}.` : `MAESTRO threat ${id}.`);
  const lines = [
    description,
    '',
    `MAESTRO layers: ${layers.map((l) => `${l} ${LAYER_NAMES[l as keyof typeof LAYER_NAMES] ?? ''}`.trim()).join(', ') || 'n/a'}.`,
  ];
  if (info?.controls?.length) lines.push(`Controls that mitigate it: ${info.controls.join(', ')}.`);
  if (mappings.length) lines.push(`Mappings: ${mappings.join(', ')}.`);
  const text = lines.map(stripControls).join('\n');
  return {
    id: kind === 'chain' ? `chain/${id}` : id,
    name: ruleName(name),
    shortDescription: { text: truncate(stripControls(name), 1000) },
    fullDescription: { text: truncate(stripControls(description), 1000) },
    help: { text, markdown: lines.map((l) => l.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&')).join('\n') },
    ...(info?.helpUri && /^https:\/\/\S+$/.test(info.helpUri) ? { helpUri: info.helpUri } : {}),
    defaultConfiguration: { level: LEVEL[level] },
    properties: { tags, precision: 'medium', 'security-severity': SEVERITY[level], 'problem.severity': LEVEL[level] === 'note' ? 'recommendation' : LEVEL[level] },
  };
}

/** SARIF rule names are identifiers (`InputValidationAttacks`). */
function ruleName(s: string): string {
  const words = stripControls(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Finding';
}

function byThreatRisk(a: ThreatFinding, b: ThreatFinding): number {
  return (
    RISK_LEVELS.indexOf(b.risk.level) - RISK_LEVELS.indexOf(a.risk.level) ||
    b.risk.score - a.risk.score ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}
