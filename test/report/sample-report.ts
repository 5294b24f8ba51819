import { createHash } from 'node:crypto';
import type { Component, Layer, RiskLevel } from '../../src/model/types.js';
import type { RuleInfo } from '../../src/report/rules.js';
import type { Report } from '../../src/report/types.js';
import type { ChainFinding, ThreatFinding } from '../../src/threats/types.js';

// Hand-built reports with the chains the catalog's templates describe (the engine is not in main yet).

export const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

const LEVEL_OF = (score: number): RiskLevel => (score >= 13 ? 'critical' : score >= 9 ? 'high' : score >= 4 ? 'medium' : 'low');

export function component(kind: string, layer: Layer, name: string, path: string, line: number, extra: Partial<Component> = {}): Component {
  return { id: `${kind}:${path}#${name}`, kind, layer, name, source: 'inferred', evidence: [{ path, line }], ...extra };
}

export interface ChainSpec {
  key: string;
  title: string;
  templateId: string;
  steps: { c: Component; threatId: string; line?: number }[];
  score: number;
  status?: ChainFinding['status'];
  breaker?: { controlId: string; c?: Component };
}

export function chain(spec: ChainSpec): ChainFinding {
  const likelihood = Math.min(4, Math.ceil(spec.score / 4));
  return {
    fingerprint: fp(spec.key),
    templateId: spec.templateId,
    title: spec.title,
    layers: [...new Set(spec.steps.map((s) => s.c.layer))],
    steps: spec.steps.map((s) => ({ componentId: s.c.id, layer: s.c.layer, threatId: s.threatId, evidence: [{ path: s.c.evidence[0].path, line: s.line ?? s.c.evidence[0].line }] })),
    risk: { likelihood, severity: Math.min(4, Math.ceil(spec.score / likelihood)), score: spec.score, level: LEVEL_OF(spec.score), derivation: [{ factor: 'template', value: spec.score }] },
    status: spec.status ?? 'open',
    breakers: spec.breaker ? [{ controlId: spec.breaker.controlId, componentId: spec.breaker.c?.id, where: spec.breaker.c?.evidence[0] }] : [],
    mitigations: [],
  };
}

export function threat(c: Component, threatId: string, score: number, status: ThreatFinding['status'] = 'open'): ThreatFinding {
  return {
    fingerprint: fp(`${threatId}|${c.id}`),
    threatId,
    layer: c.layer,
    componentId: c.id,
    risk: { likelihood: 2, severity: 2, score, level: LEVEL_OF(score) },
    status,
    mitigations: [],
    evidence: c.evidence,
  };
}

/** Wraps findings in a report with consistent summary counts. */
export function report(parts: { components: Component[]; chains: ChainFinding[]; threats?: ThreatFinding[]; diff?: Report['diff']; gate?: Report['gate']; mode?: 'scan' | 'diff' }): Report {
  const layers = { L1: 0, L2: 0, L3: 0, L4: 0, L5: 0, L6: 0, L7: 0 };
  for (const c of parts.components) layers[c.layer]++;
  const chains = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const c of parts.chains) if (c.status === 'open') chains[c.risk.level]++;
  const threats = parts.threats ?? [];
  return {
    schemaVersion: 1,
    tool: { name: 'maestro-gate', version: '0.1.0', catalogVersion: '1' },
    target: { path: '.', mode: parts.mode ?? (parts.diff ? 'diff' : 'scan') },
    summary: {
      frameworks: ['langchain'],
      layers,
      chains,
      threats: { open: threats.filter((t) => t.status === 'open').length, mitigated: threats.filter((t) => t.status === 'mitigated').length, accepted: threats.filter((t) => t.status === 'accepted').length },
    },
    components: parts.components,
    edges: [],
    threats,
    chains: parts.chains,
    fixes: [],
    ...(parts.diff ? { diff: parts.diff } : {}),
    gate: parts.gate ?? { status: 'pass', reasons: [] },
    diagnostics: [],
  };
}

/** A RAG agent with a shell tool: the seed's chain (poisoned document -> model -> shell -> peer agent) and two more. */
export function ragShellReport(opts: { loaderName?: string; loaderPath?: string } = {}): Report {
  const loaderPath = opts.loaderPath ?? 'app/ingest.py';
  const loader = component('document-loader', 'L2', opts.loaderName ?? 'WebBaseLoader', loaderPath, 12);
  const store = component('vector-store', 'L2', 'chroma', 'app/ingest.py', 20);
  const model = { ...component('model', 'L1', 'openai/gpt-4o', 'app/agent.py', 8), id: 'model:openai/gpt-4o' };
  const agent = component('agent', 'L3', 'support_agent', 'app/agent.py', 30, { framework: 'langchain' });
  const shell = component('tool', 'L3', 'run_shell', 'app/tools.py', 5, { capabilities: ['shell'] });
  const image = component('container-image', 'L4', 'python:3.12', 'Dockerfile', 1, { attributes: { runsAsRoot: true } });
  const peer = component('peer-agent', 'L7', 'billing-agent', 'app/agent.py', 44);
  const mcp = { ...component('mcp-server', 'L7', 'https://mcp.example.test/sse', 'app/agent.py', 50), id: 'mcp-server:https://mcp.example.test/sse' };
  const components = [loader, store, model, agent, shell, image, peer, mcp];
  const rag = chain({
    key: 'rag-to-shell',
    title: 'Indirect prompt injection through retrieved documents reaches a shell tool',
    templateId: 'rag-injection-to-tool',
    steps: [
      { c: loader, threatId: 'L2.T5' },
      { c: store, threatId: 'L2.T1' },
      { c: model, threatId: 'L1.T1' },
      { c: shell, threatId: 'L3.T3' },
      { c: peer, threatId: 'L7.T4' },
    ],
    score: 12,
    breaker: { controlId: 'tool-sandbox', c: shell },
  });
  const escape = chain({
    key: 'shell-to-host',
    title: 'Code-execution tool in a root container: escape to host',
    templateId: 'tool-to-host',
    steps: [
      { c: model, threatId: 'L1.T1' },
      { c: shell, threatId: 'L3.T3' },
      { c: image, threatId: 'L4.T1' },
    ],
    score: 16,
    breaker: { controlId: 'non-root-container', c: image },
  });
  const mcpChain = chain({
    key: 'mcp-rug-pull',
    title: 'Remote MCP server tool descriptions steer the agent',
    templateId: 'mcp-tool-poisoning',
    steps: [
      { c: mcp, threatId: 'L7.T7' },
      { c: agent, threatId: 'L3.T1' },
    ],
    score: 6,
  });
  const chains = [rag, escape, mcpChain];
  const r = report({
    components,
    chains,
    threats: [threat(shell, 'L3.T3', 9), threat(loader, 'L2.T5', 6), threat(image, 'L4.T1', 8)],
    diff: { base: 'a'.repeat(40), head: 'b'.repeat(40), new: { threats: [], chains: [rag.fingerprint, escape.fingerprint] }, resolved: { threats: [], chains: [fp('old-chain')] }, changed: [] },
    gate: {
      status: 'fail',
      reasons: [
        { code: 'new-chain', fingerprint: escape.fingerprint, message: `this change adds an open critical-risk chain: ${escape.title} (L1 → L3 → L4)` },
        { code: 'new-chain', fingerprint: rag.fingerprint, message: `this change adds an open high-risk chain: ${rag.title} (L2 → L1 → L3 → L7)` },
      ],
    },
  });
  r.fixes = [
    { controlId: 'tool-sandbox', breaks: [rag.fingerprint, escape.fingerprint], riskRemoved: 28, where: [shell.evidence[0]] },
    { controlId: 'non-root-container', breaks: [escape.fingerprint], riskRemoved: 16, where: [image.evidence[0]] },
  ];
  return r;
}

export const SAMPLE_RULES: RuleInfo[] = [
  { id: 'L3.T3', kind: 'threat', name: 'Input Validation Attacks', description: 'Tool arguments produced by the model reach a shell.', layers: ['L3'], mappings: { 'owasp-llm-2025': ['LLM05'], atlas: ['AML.T0050', 'AML.T0053'] }, controls: ['tool-sandbox'] },
  { id: 'L2.T5', kind: 'threat', name: 'Compromised RAG Pipelines', layers: ['L2'], mappings: { atlas: ['AML.T0070'] } },
  { id: 'rag-injection-to-tool', kind: 'chain', name: 'RAG injection to tool', description: 'Retrieved content steers a side-effect tool.', layers: ['L2', 'L1', 'L3', 'L7'], mappings: { atlas: ['AML.T0051.001', 'AML.T0053'] } },
];
