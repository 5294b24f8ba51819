import { describe, expect, it } from 'vitest';
import type { Component, Edge, Model } from '../../src/model/types.js';
import { evaluate, loadCatalog } from '../../src/threats/index.js';
import type { EvalContext } from '../../src/threats/context.js';
import { LEVEL_RANK } from '../../src/threats/risk.js';
import { seedModel } from './seed-model.js';

const catalog = loadCatalog();
const ctx: EvalContext = { today: '2026-03-01' };
const SEED = 'rag-poisoning-peer-propagation';

describe('the MAESTRO seed example', () => {
  const result = evaluate(seedModel(), catalog, ctx);
  const chain = result.chains.find((c) => c.templateId === SEED)!;

  it('is found as one chain with a component, threat and evidence at every step', () => {
    expect(chain).toBeDefined();
    expect(chain.steps.map((s) => s.componentId.split(':')[0])).toEqual(['document-loader', 'vector-store', 'agent', 'model', 'tool', 'peer-agent']);
    for (const s of chain.steps) {
      expect(s.evidence.length).toBeGreaterThan(0);
      expect(catalog.threats.some((t) => t.id === s.threatId)).toBe(true);
    }
    // The tool step points at the tool's own line and at the edge that hands it to the agent.
    const tool = chain.steps[4]!;
    expect(tool.evidence).toEqual([{ path: 'agent.py', line: 30 }, { path: 'tools.py', line: 4, note: '@tool subprocess.run' }]);
    expect(chain.layers).toEqual(['L1', 'L2', 'L3', 'L7']);
  });

  it('is open and critical, explains its score, and names where each breaker applies', () => {
    expect(chain.status).toBe('open');
    expect(chain.risk).toMatchObject({ likelihood: 3, severity: 4, score: 12, level: 'critical' });
    const factors = chain.risk.derivation!.map((d) => d.factor);
    expect(factors).toContain('entry-threat');
    expect(factors).toContain('impact');
    const approval = chain.breakers.find((b) => b.controlId === 'human-approval')!;
    expect(approval.componentId).toBe('tool:tools.py#run_shell');
    expect(approval.where).toEqual({ path: 'tools.py', line: 4, note: '@tool subprocess.run' });
  });

  it('hides the shorter chain it subsumes, and keeps per-component threats at medium or below', () => {
    expect(result.chains.filter((c) => c.templateId === 'rag-injection-side-effect')).toEqual([]);
    for (const t of result.threats) expect(LEVEL_RANK[t.risk.level], `${t.threatId} on ${t.componentId}`).toBeLessThanOrEqual(LEVEL_RANK.medium);
  });

  it('turns mitigated when the tool requires human approval', () => {
    const fixed = evaluate(seedModel({ toolAttributes: { humanApproval: true } }), catalog, ctx);
    const c = fixed.chains.find((x) => x.templateId === SEED)!;
    expect(c.fingerprint).toBe(chain.fingerprint);
    expect(c.status).toBe('mitigated');
    expect(c.mitigations).toEqual([{ controlId: 'human-approval', source: 'detected', evidence: [{ path: 'tools.py', line: 4, note: '@tool subprocess.run' }] }]);
    expect(c.risk.likelihood).toBe(1);
    expect(c.risk.derivation).toContainEqual({ factor: 'mitigated-by', value: 'human-approval' });
    expect(fixed.fixes.flatMap((f) => f.breaks)).not.toContain(c.fingerprint);
  });

  it('turns mitigated by a control declared in the manifest, and credits the entry', () => {
    const declared = evaluate(seedModel(), catalog, {
      ...ctx,
      mitigations: [{ controlId: 'content-provenance', covers: [{ templateId: SEED }], evidence: [{ path: 'docs/ingest-policy.md', line: 0 }], entry: 'maestro.yaml:14' }],
    });
    const c = declared.chains.find((x) => x.templateId === SEED)!;
    expect(c.status).toBe('mitigated');
    expect(c.mitigations).toEqual([{ controlId: 'content-provenance', source: 'manifest', evidence: [{ path: 'docs/ingest-policy.md', line: 0 }, { path: 'maestro.yaml', line: 14 }] }]);
  });

  it('flags a declared mitigation that mitigates nothing', () => {
    const r = evaluate(seedModel(), catalog, { ...ctx, mitigations: [{ controlId: 'ci-hardening', covers: [{ templateId: SEED }], evidence: [], entry: 'maestro.yaml:20' }] });
    expect(r.diagnostics).toContainEqual({ path: 'maestro.yaml', line: 20, code: 'mitigation-unused', message: 'declared control ci-hardening covers no finding it mitigates' });
  });
});

describe('fingerprints', () => {
  const fps = (m: Model) => {
    const r = evaluate(m, catalog, ctx);
    return { threats: r.threats.map((t) => t.fingerprint).sort(), chains: r.chains.map((c) => c.fingerprint).sort() };
  };
  const base = fps(seedModel());

  it('survive moved files and shifted lines', () => {
    expect(fps(seedModel({ dir: 'services/support', lineShift: 17 }))).toEqual(base);
  });

  it('survive unrelated additions and input order', () => {
    const m = seedModel();
    m.components.push({ id: 'evaluation:ragas', kind: 'evaluation', layer: 'L5', name: 'ragas', source: 'inferred', evidence: [{ path: 'eval.py', line: 1 }] });
    m.components.reverse();
    m.edges.reverse();
    const after = fps(m);
    expect(after.chains).toEqual(base.chains);
    expect(base.threats.every((f) => after.threats.includes(f))).toBe(true);
  });

  it('change when a step of the chain is a different component', () => {
    const other = fps(seedModel({ toolName: 'exec_command' }));
    expect(other.chains).not.toEqual(base.chains);
    expect(other.chains.filter((f) => base.chains.includes(f)).length).toBeLessThan(base.chains.length);
  });

  it('do not collide for same-named components in different files', () => {
    const m = seedModel();
    const twin = structuredClone(m.components.find((c) => c.kind === 'tool')!);
    twin.id = 'tool:other/tools.py#run_shell';
    twin.evidence = [{ path: 'other/tools.py', line: 3 }];
    m.components.push(twin);
    m.edges.push({ from: 'agent:agent.py#triage', to: twin.id, kind: 'uses-tool', evidence: [{ path: 'agent.py', line: 31 }] });
    const r = evaluate(m, catalog, ctx);
    const seed = r.chains.filter((c) => c.templateId === SEED);
    expect(seed).toHaveLength(2);
    expect(new Set(seed.map((c) => c.fingerprint)).size).toBe(2);
  });
});

describe('manifest decisions and overrides', () => {
  const fp = evaluate(seedModel(), catalog, ctx).chains.find((c) => c.templateId === SEED)!.fingerprint;
  const run = (c: Partial<EvalContext>) => evaluate(seedModel(), catalog, { ...ctx, ...c }).chains.find((x) => x.templateId === SEED);

  it('an acceptance before its expiry accepts the chain; after it, the chain is open and marked expired', () => {
    const decisions: EvalContext['decisions'] = [{ match: { fingerprint: fp }, status: 'accepted', owner: 'sec', reason: 'pilot', expires: '2026-06-30', entry: 'maestro.yaml:30' }];
    expect(run({ decisions })).toMatchObject({ status: 'accepted', decidedBy: 'maestro.yaml:30' });
    expect(run({ decisions, today: '2026-06-30' })!.status).toBe('accepted');
    const late = run({ decisions, today: '2026-07-01' })!;
    expect(late).toMatchObject({ status: 'open', expired: '2026-06-30', decidedBy: 'maestro.yaml:30' });
  });

  it('a false-positive drops the finding and lists it as suppressed', () => {
    const r = evaluate(seedModel(), catalog, { ...ctx, decisions: [{ match: { fingerprint: fp }, status: 'false-positive', reason: 'test data', entry: 'maestro.yaml:40' }] });
    expect(r.chains.map((c) => c.fingerprint)).not.toContain(fp);
    expect(r.suppressed).toContainEqual({ kind: 'chain', fingerprint: fp, entry: 'maestro.yaml:40', reason: 'test data' });
  });

  it('a mitigated decision mitigates; a selector by path glob reaches threats', () => {
    expect(run({ decisions: [{ match: { templateId: SEED }, status: 'mitigated', entry: 'maestro.yaml:50' }] })).toMatchObject({ status: 'mitigated', decidedBy: 'maestro.yaml:50' });
    const r = evaluate(seedModel(), catalog, { ...ctx, decisions: [{ match: { threatId: 'L2.T5', path: '*.py' }, status: 'mitigated', entry: 'maestro.yaml:51' }] });
    expect(r.threats.find((t) => t.threatId === 'L2.T5')).toMatchObject({ status: 'mitigated', decidedBy: 'maestro.yaml:51' });
  });

  it('an override replaces likelihood or severity with the entry in the derivation', () => {
    const c = run({ overrides: [{ match: { templateId: SEED }, likelihood: 1, reason: 'internal only', entry: 'maestro.yaml:60' }] })!;
    expect(c.risk).toMatchObject({ likelihood: 1, severity: 4, score: 4, level: 'medium' });
    expect(c.risk.derivation).toContainEqual({ factor: 'override', value: 'maestro.yaml:60' });
  });
});

describe('risk context', () => {
  it('raises chains reached from the internet, run privileged, or touching restricted data', () => {
    const m: Model = {
      components: [
        comp('model', 'gpt', 'L1', {}),
        comp('agent', 'coder', 'L3', {}),
        comp('tool', 'repl', 'L3', {}, ['code-exec']),
        comp('container-image', 'app', 'L4', { runsAsRoot: true }),
      ],
      edges: [edge('agent', 'coder', 'uses-model', 'model', 'gpt'), edge('agent', 'coder', 'uses-tool', 'tool', 'repl'), edge('container-image', 'app', 'runs', 'agent', 'coder')],
      frameworks: [],
      diagnostics: [],
    };
    const plain = evaluate(m, catalog, ctx).chains.find((c) => c.templateId === 'code-exec-container-escape')!;
    expect(plain.risk).toMatchObject({ likelihood: 2, severity: 4 });
    const exposed = evaluate(m, catalog, { ...ctx, system: { internetExposed: true } }).chains.find((c) => c.templateId === 'code-exec-container-escape')!;
    expect(exposed.risk).toMatchObject({ likelihood: 3, severity: 4, level: 'critical' });
    expect(exposed.risk.derivation).toContainEqual({ factor: 'internet-exposure', value: '+1' });

    const obs: Model = {
      components: [comp('agent', 'support', 'L3', {}), comp('database', 'crm', 'L2', {}), comp('observability', 'tracer', 'L5', {})],
      edges: [edge('agent', 'support', 'queries', 'database', 'crm'), edge('observability', 'tracer', 'observes', 'agent', 'support')],
      frameworks: [],
      diagnostics: [],
    };
    const leak = (c?: EvalContext['system']) => evaluate(obs, catalog, { ...ctx, system: c }).chains.find((x) => x.templateId === 'observability-prompt-leakage')!.risk;
    expect(leak().severity).toBe(3);
    expect(leak({ dataClassification: 'restricted' }).severity).toBe(4);
    expect(leak({ dataClassification: 'public' }).severity).toBe(2);
  });

  it('credits a non-root image as a hardened runtime unless its user has passwordless sudo', () => {
    const withImage = (attrs: Record<string, boolean>): Model => ({
      components: [comp('model', 'gpt', 'L1', {}), comp('agent', 'coder', 'L3', {}), comp('tool', 'repl', 'L3', {}, ['code-exec']), comp('container-image', 'app', 'L4', attrs)],
      edges: [edge('agent', 'coder', 'uses-model', 'model', 'gpt'), edge('agent', 'coder', 'uses-tool', 'tool', 'repl'), edge('container-image', 'app', 'runs', 'agent', 'coder')],
      frameworks: [],
      diagnostics: [],
    });
    const credits = (attrs: Record<string, boolean>) =>
      evaluate(withImage(attrs), catalog, ctx)
        .chains.find((c) => c.templateId === 'code-exec-container-escape')!
        .mitigations.map((m) => m.controlId);
    expect(credits({ runsAsRoot: false })).toContain('hardened-runtime');
    expect(credits({ runsAsRoot: false, passwordlessSudo: true })).not.toContain('hardened-runtime');
    expect(credits({ runsAsRoot: true })).not.toContain('hardened-runtime');
  });

  it('credits a partial control as one notch of likelihood, leaving the chain open', () => {
    const m = seedModel();
    m.components.push(comp('guardrail', 'guard', 'L6', { stage: 'input' }));
    m.edges.push(edge('guardrail', 'guard', 'guards', 'agent', 'triage'));
    m.edges[m.edges.length - 1]!.to = 'agent:agent.py#triage';
    const c = evaluate(m, catalog, ctx).chains.find((x) => x.templateId === SEED)!;
    expect(c.status).toBe('open');
    expect(c.risk.likelihood).toBe(2);
    expect(c.risk.derivation).toContainEqual({ factor: 'reduced-by:io-guardrails', value: '-1' });
  });
});

describe('L6 is cross-cutting', () => {
  it('attaches to missing audit logging of side-effect agents and to guardrails, not to every component', () => {
    const r = evaluate(seedModel(), catalog, ctx);
    const l6 = r.threats.filter((t) => t.layer === 'L6');
    expect(l6.map((t) => [t.threatId, t.componentId])).toEqual([['L6.T4', 'agent:agent.py#triage']]);

    const m = seedModel();
    m.components.push(comp('audit-log', 'actions', 'L6', {}), comp('guardrail', 'guard', 'L6', { stage: 'both' }));
    m.edges.push({ from: 'guardrail:app.py#guard', to: 'agent:agent.py#triage', kind: 'guards', evidence: [{ path: 'app.py', line: 2 }] });
    const withAudit = evaluate(m, catalog, ctx).threats.filter((t) => t.layer === 'L6');
    expect(withAudit.map((t) => t.threatId).sort()).toEqual(['L6.T2']);
    expect(withAudit[0]!.componentId).toBe('guardrail:app.py#guard');
  });
});

describe('fix list', () => {
  it('ranks controls by open high/critical risk removed, greedily, each chain counted once', () => {
    const m = seedModel();
    // A second agent exposed on a public endpoint with its own tools multiplies chains through the same tool.
    m.components.push(
      comp('agent-endpoint', 'chat', 'L4', { public: true }),
      comp('agent', 'helper', 'L3', {}),
      comp('tool', 'send_mail', 'L3', {}, ['email']),
    );
    m.edges.push(
      edge('agent-endpoint', 'chat', 'exposes', 'agent', 'helper'),
      edge('agent', 'helper', 'uses-tool', 'tool', 'send_mail'),
      { from: 'agent:app.py#helper', to: 'tool:tools.py#run_shell', kind: 'uses-tool', evidence: [{ path: 'app.py', line: 9 }] },
    );
    const r = evaluate(m, catalog, ctx);
    const targets = r.chains.filter((c) => c.status === 'open' && LEVEL_RANK[c.risk.level] >= LEVEL_RANK.high);
    expect(targets.length).toBeGreaterThan(2);
    expect(r.fixes.length).toBeGreaterThan(0);
    const strong = new Set(catalog.controls.filter((c) => c.strength === 'strong').map((c) => c.id));
    const potential = (id: string) => targets.filter((c) => c.breakers.some((b) => b.controlId === id)).reduce((s, c) => s + c.risk.score, 0);
    const best = Math.max(...[...strong].map(potential));
    expect(r.fixes[0]!.riskRemoved).toBe(best);
    expect(r.fixes[0]!.where.length).toBeGreaterThan(0);
    // Each chain is broken by exactly one fix entry, and every broken chain is a target.
    const broken = r.fixes.flatMap((f) => f.breaks);
    expect(new Set(broken).size).toBe(broken.length);
    for (const fp of broken) expect(targets.map((t) => t.fingerprint)).toContain(fp);
    for (let i = 1; i < r.fixes.length; i++) expect(r.fixes[i]!.riskRemoved).toBeLessThanOrEqual(r.fixes[i - 1]!.riskRemoved);
  });
});

describe('bounded enumeration', () => {
  it('cuts a dense synthetic graph at the limits, says so, and stays deterministic', () => {
    const components: Component[] = [];
    const edges: Edge[] = [];
    for (let i = 0; i < 60; i++) components.push(comp('document-loader', `l${i}`, 'L2', { untrusted: true }));
    for (let i = 0; i < 20; i++) components.push(comp('vector-store', `s${i}`, 'L2', {}));
    for (let i = 0; i < 400; i++) components.push(comp('agent', `a${i}`, 'L3', {}));
    for (let i = 0; i < 400; i++) components.push(comp('tool', `t${i}`, 'L3', {}, ['shell']));
    components.push(comp('model', 'm', 'L1', {}));
    for (let i = 0; i < 60; i++) for (let j = 0; j < 20; j++) edges.push(edge('document-loader', `l${i}`, 'ingests', 'vector-store', `s${j}`));
    for (let i = 0; i < 400; i++) {
      edges.push(edge('agent', `a${i}`, 'retrieves', 'vector-store', `s${i % 20}`), edge('agent', `a${i}`, 'uses-model', 'model', 'm'));
      for (let k = 0; k < 5; k++) edges.push(edge('agent', `a${i}`, 'uses-tool', 'tool', `t${(i + k) % 400}`));
    }
    const model: Model = { components, edges, frameworks: [], diagnostics: [] };
    const limits = { perTemplate: 100, total: 300 };
    const a = evaluate(model, catalog, ctx, { limits });
    expect(a.chains.length).toBeLessThanOrEqual(300);
    expect(a.chains.filter((c) => c.templateId === 'rag-injection-side-effect').length).toBeLessThanOrEqual(100);
    expect(a.diagnostics.some((d) => d.code === 'bound-reached' && d.message.includes('rag-injection-side-effect'))).toBe(true);
    const b = evaluate(model, catalog, ctx, { limits });
    expect(b.chains.map((c) => c.fingerprint)).toEqual(a.chains.map((c) => c.fingerprint));
  });
});

function comp(kind: string, name: string, layer: Component['layer'], attributes: Component['attributes'], capabilities?: string[]): Component {
  return { id: `${kind}:app.py#${name}`, kind, layer, name, attributes, ...(capabilities ? { capabilities } : {}), source: 'inferred', evidence: [{ path: 'app.py', line: 1 }] };
}

function edge(fromKind: string, from: string, kind: string, toKind: string, to: string): Edge {
  return { from: `${fromKind}:app.py#${from}`, to: `${toKind}:app.py#${to}`, kind, evidence: [{ path: 'app.py', line: 2 }] };
}

describe('fix list ties', () => {
  it('prefer a control the scanner can verify in code over one that can only be declared', () => {
    const r = evaluate(seedModel(), catalog, ctx);
    // content-provenance (declared only) and human-approval (detectable) each break the one critical chain.
    expect(r.fixes.map((f) => f.controlId)).toEqual(['human-approval']);
    expect(r.fixes[0]!.where).toEqual([{ path: 'tools.py', line: 4, note: '@tool subprocess.run' }]);
  });
});

describe('robustness', () => {
  it('handles an empty model, dangling edges and components without evidence', () => {
    expect(evaluate({ components: [], edges: [], frameworks: [], diagnostics: [] }, catalog, ctx)).toEqual({ threats: [], chains: [], fixes: [], diagnostics: [], suppressed: [] });
    const m = seedModel();
    m.edges.push({ from: 'agent:agent.py#triage', to: 'tool:gone.py#missing', kind: 'uses-tool', evidence: [] });
    m.components.find((c) => c.kind === 'peer-agent')!.evidence = [];
    const r = evaluate(m, catalog, ctx);
    expect(r.chains.find((c) => c.templateId === SEED)).toBeUndefined();
    expect(r.chains.find((c) => c.templateId === 'rag-injection-side-effect')).toBeDefined();
    expect(r.threats.some((t) => t.componentId.startsWith('peer-agent:'))).toBe(false);
  });

  it('the pipeline seam loads the catalog once and evaluates with it', async () => {
    const { loadEngine } = await import('../../src/threats/engine.js');
    const engine = loadEngine();
    expect(engine.catalogVersion).toBe(catalog.catalogVersion);
    expect(engine.evaluate(seedModel(), ctx).chains.map((c) => c.templateId)).toContain(SEED);
  });
});

describe('an MCP server whose address the code computes', () => {
  const server = (attributes: Component['attributes']): Model => ({
    components: [{ id: 'mcp-server:app.py#os.environ["MCP_URL"]', kind: 'mcp-server', layer: 'L7', name: 'os.environ["MCP_URL"]', attributes, source: 'inferred', evidence: [{ path: 'app.py', line: 3 }] }],
    edges: [],
    frameworks: [],
    diagnostics: [],
  });
  const integration = (m: Model) => evaluate(m, catalog, ctx).threats.filter((t) => t.threatId === 'L7.T7');

  it('carries the integration risk of a remote one, as it can be pointed anywhere', () => {
    expect(integration(server({ addressComputed: true, transport: 'http' })).map((t) => t.componentId)).toEqual(['mcp-server:app.py#os.environ["MCP_URL"]']);
  });

  it('does not when it is a known server on this machine', () => {
    expect(integration(server({ remote: false, transport: 'http', url: 'http://localhost:8000/mcp' }))).toEqual([]);
  });
});
