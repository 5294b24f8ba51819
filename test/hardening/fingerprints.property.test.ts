import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../src/model/types.js';
import { loadEngine } from '../../src/threats/engine.js';
import { DETECTORS, scan, TODAY } from './scan-helpers.js';
import { runScan } from '../../src/run.js';

// A fingerprint names a finding across commits: it must not move when lines shift (code added above), when
// the order in which files, components or edges arrive changes, or when evidence is listed differently.

const ROOT = path.resolve(import.meta.dirname, '../..');
const engine = loadEngine();
let model: Model;
let dir: string;

function fingerprints(m: Model): string[] {
  const r = engine.evaluate(m, { today: TODAY });
  return [...r.threats.map((t) => `t ${t.fingerprint} ${t.status}`), ...r.chains.map((c) => `c ${c.fingerprint} ${c.status}`)].sort();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'maestro-fp-'));
  for (const ex of ['rag-shell-agent', 'mcp-ts-agent']) cpSync(path.join(ROOT, 'examples', ex), path.join(dir, ex), { recursive: true });
  model = (await scan(dir)).analyses[0].model;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shuffle<T>(xs: T[], keys: number[]): T[] {
  return xs.map((x, i) => ({ x, k: keys[i % keys.length] ?? 0, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.x);
}

describe('fingerprints', () => {
  it('the examples give findings to fingerprint', () => {
    expect(fingerprints(model).length).toBeGreaterThan(0);
  });

  it('property: stable under evidence line shifts and any order of components, edges and evidence', () => {
    const want = fingerprints(model);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.integer(), { minLength: 1, maxLength: 64 }), fc.boolean(), (shift, keys, reverseEvidence) => {
        const moved: Model = {
          ...model,
          components: shuffle(model.components, keys).map((c) => {
            const ev = c.evidence.map((e) => ({ ...e, line: e.line + shift }));
            return { ...c, evidence: reverseEvidence ? ev.reverse() : ev };
          }),
          edges: shuffle(model.edges, keys.slice().reverse()).map((e) => ({ ...e, evidence: e.evidence.map((x) => ({ ...x, line: x.line + shift })) })),
        };
        expect(fingerprints(moved)).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  it('end to end: lines added at the top of every file keep every fingerprint', async () => {
    const shifted = mkdtempSync(path.join(tmpdir(), 'maestro-fp-shift-'));
    try {
      cpSync(dir, shifted, { recursive: true });
      const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
      for (const f of walk(shifted)) {
        const text = readFileSync(f, 'utf8');
        const pad = f.endsWith('.py') || /Dockerfile|\.ya?ml$|requirements/.test(f) ? '#\n#\n#\n' : f.endsWith('.ts') ? '//\n//\n//\n' : '';
        if (pad) writeFileSync(f, pad + text);
      }
      const a = await runScan({ path: dir, detectors: DETECTORS, today: TODAY });
      const b = await runScan({ path: shifted, detectors: DETECTORS, today: TODAY });
      const fp = (r: typeof a) => [...r.report.chains.map((c) => c.fingerprint), ...r.report.threats.map((t) => t.fingerprint)].sort();
      expect(fp(a).length).toBeGreaterThan(0);
      expect(fp(b)).toEqual(fp(a));
    } finally {
      rmSync(shifted, { recursive: true, force: true });
    }
  });
});
