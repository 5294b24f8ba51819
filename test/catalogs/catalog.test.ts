import { readFileSync, readdirSync, mkdtempSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CatalogError, findCatalogDir, loadCatalog, validateCatalogFile, type CatalogFileType } from '../../src/threats/index.js';
import { checkReferences } from '../../src/threats/catalog-check.js';
import { evaluate } from '../../src/threats/evaluate.js';
import { applyVariant, buildModel } from '../threats/build-model.js';

const dir = findCatalogDir();
const catalog = loadCatalog();
const ctx = { today: '2026-01-01' };

function filesOf(type: CatalogFileType): string[] {
  if (type === 'threats') return readdirSync(path.join(dir, 'threats')).map((f) => `threats/${f}`);
  if (type === 'chain') return readdirSync(path.join(dir, 'chains')).map((f) => `chains/${f}`);
  return [`${type}.yaml`];
}

describe('catalog files', () => {
  for (const type of ['layers', 'kinds', 'vocabulary', 'taxonomies', 'controls', 'threats', 'chain'] as const)
    for (const rel of filesOf(type))
      it(`${rel} validates against its schema`, () => {
        expect(validateCatalogFile(type, parse(readFileSync(path.join(dir, rel), 'utf8')))).toEqual([]);
      });

  it('schemas reject what they should (unknown field, bad threat id, likelihood out of range)', () => {
    const t = parse(readFileSync(path.join(dir, 'threats/L1.yaml'), 'utf8'));
    expect(validateCatalogFile('threats', { ...t, extra: 1 }).join()).toMatch(/additional/);
    const bad = structuredClone(t);
    bad.threats[0].id = 'L1-1';
    bad.threats[1].likelihood = 5;
    const errs = validateCatalogFile('threats', bad);
    expect(errs.some((e) => e.startsWith('/threats/0/id'))).toBe(true);
    expect(errs.some((e) => e.startsWith('/threats/1/likelihood'))).toBe(true);
  });

  it('loads with a short content hash as catalogVersion', () => {
    expect(catalog.catalogVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(loadCatalog(dir).catalogVersion).toBe(catalog.catalogVersion);
  });

  it('is counted as it is in the README', () => {
    const readme = readFileSync(path.join(dir, '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`the ${catalog.threats.length} canonical per-layer threats`);
    expect(readme).toContain(`${catalog.controls.length} controls and how each is evidenced; ${catalog.chains.length} cross-layer chain templates`);
  });

  it('holds all 50 canonical MAESTRO threats, per layer as published', () => {
    const per: Record<string, number> = {};
    for (const t of catalog.threats) per[t.layer] = (per[t.layer] ?? 0) + 1;
    expect(per).toEqual({ L1: 7, L2: 5, L3: 6, L4: 6, L5: 6, L6: 7, L7: 13 });
    const names = catalog.threats.map((t) => t.name);
    for (const n of ['Adversarial Examples', 'Compromised RAG Pipelines', 'Framework Evasion', 'Lateral Movement', 'Poisoning Observability Data', 'Lack of Explainability', 'Inaccurate Agent Capability Description'])
      expect(names).toContain(n);
  });

  it('ids are unique and every reference resolves', () => {
    expect(checkReferences(catalog)).toEqual([]);
    for (const list of [catalog.threats, catalog.controls, catalog.chains]) expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
  });

  it('maps threats to both OWASP LLM editions and to the agentic lists', () => {
    const llm = catalog.threats.flatMap((t) => t.mappings.owaspLlm ?? []);
    expect(new Set(llm.map((x) => x.edition))).toEqual(new Set(['2025', '2026']));
    for (const t of catalog.threats) {
      const eds = new Set((t.mappings.owaspLlm ?? []).map((x) => x.edition));
      expect(eds.size === 0 || eds.size === 2, `${t.id} maps one OWASP LLM edition only`).toBe(true);
    }
    expect(catalog.threats.some((t) => t.mappings.owaspAsi?.length)).toBe(true);
    expect(catalog.controls.filter((c) => c.atlas?.length).length).toBeGreaterThan(10);
  });

  it('keeps broad threats quiet: a condition on kind alone never scores above medium', () => {
    for (const t of catalog.threats) {
      const keys = Object.keys(t.appliesTo);
      if (keys.length === 1 && keys[0] === 'kind') expect(t.likelihood * t.impact, t.id).toBeLessThanOrEqual(6);
    }
  });

  it('has at least 16 chain templates that each cross two layers', () => {
    expect(catalog.chains.length).toBeGreaterThanOrEqual(16);
    const required = [
      'rag-injection-side-effect',
      'mcp-tool-poisoning-credentials',
      'memory-poisoning-persistent-goal',
      'code-exec-container-escape',
      'exposed-endpoint-tool-control',
      'unpinned-framework-agent-compromise',
      'observability-prompt-leakage',
      'delegation-without-identity',
      'runaway-tool-loop-exhaustion',
      'hub-model-backdoor',
    ];
    for (const id of required) expect(catalog.chains.map((c) => c.id)).toContain(id);
  });

  it('reports every broken reference of a user catalog at once', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'cat-'));
    cpSync(dir, tmp, { recursive: true });
    const chain = path.join(tmp, 'chains', 'hub-model-backdoor.yaml');
    writeFileSync(chain, readFileSync(chain, 'utf8').replace('threat: L1.T3', 'threat: L1.T99').replace('kind: [agent, tool]', 'kind: [agent, robot]'));
    let err: unknown;
    try {
      loadCatalog(tmp);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CatalogError);
    const problems = (err as CatalogError).problems.join('\n');
    expect(problems).toMatch(/unknown threat L1\.T99/);
    expect(problems).toMatch(/unknown kind robot/);
  });

  it('refuses a control that cites what is not a string attribute of the component it matches', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'cat-'));
    cpSync(dir, tmp, { recursive: true });
    const controls = path.join(tmp, 'controls.yaml');
    writeFileSync(controls, readFileSync(controls, 'utf8').replace('cite: lockfilePath', 'cite: lockfile'));
    expect(() => loadCatalog(tmp)).toThrow(CatalogError);
    try {
      loadCatalog(tmp);
    } catch (e) {
      expect((e as CatalogError).problems.join('\n')).toMatch(/dependency-pinning: cite lockfile is not a string attribute declared for dependency-manifest/);
    }
  });

  it('MAESTRO_CATALOGS points the loader at another directory', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'cat-'));
    cpSync(dir, tmp, { recursive: true });
    writeFileSync(path.join(tmp, 'controls.yaml'), readFileSync(path.join(tmp, 'controls.yaml'), 'utf8') + '\n# changed\n');
    process.env.MAESTRO_CATALOGS = tmp;
    try {
      const other = loadCatalog();
      expect(other.dir).toBe(tmp);
      expect(other.catalogVersion).not.toBe(catalog.catalogVersion);
    } finally {
      delete process.env.MAESTRO_CATALOGS;
    }
  });
});

describe('chain template examples', () => {
  for (const t of catalog.chains) {
    const of = (m: ReturnType<typeof evaluate>) => m.chains.filter((c) => c.templateId === t.id);
    it(`${t.id}: the positive example matches with evidence at every step`, () => {
      const found = of(evaluate(buildModel(catalog, t.examples.positive), catalog, ctx));
      expect(found).toHaveLength(1);
      expect(found[0]!.steps).toHaveLength(t.steps.length);
      for (const s of found[0]!.steps) expect(s.evidence.length).toBeGreaterThan(0);
      expect(found[0]!.status).toBe('open');
      expect(new Set(found[0]!.layers).size).toBeGreaterThanOrEqual(2);
    });
    it(`${t.id}: the negative example does not match`, () => {
      expect(of(evaluate(buildModel(catalog, applyVariant(t.examples.positive, t.examples.negative)), catalog, ctx))).toEqual([]);
    });
    if (t.examples.mitigated)
      it(`${t.id}: the mitigated example is mitigated by a breaker`, () => {
        const found = of(evaluate(buildModel(catalog, applyVariant(t.examples.positive, t.examples.mitigated!)), catalog, ctx));
        expect(found).toHaveLength(1);
        expect(found[0]!.status).toBe('mitigated');
        const breakers = new Set(found[0]!.breakers.map((b) => b.controlId));
        expect(found[0]!.mitigations.some((c) => breakers.has(c.controlId))).toBe(true);
      });
  }
});
