import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { decide } from '../../src/policy/gate.js';
import { defaultPolicy, parsePolicy, resolvePolicy } from '../../src/policy/load.js';
import type { ChainFinding } from '../../src/threats/types.js';

function chain(fp: string, level: ChainFinding['risk']['level'], extra: Partial<ChainFinding> = {}): ChainFinding {
  return {
    fingerprint: fp,
    templateId: 'rag-to-shell',
    title: 'Untrusted content drives a shell tool',
    layers: ['L2', 'L3'],
    steps: [
      { componentId: 'a', layer: 'L2', threatId: 'L2.T1', evidence: [{ path: 'src/a.py', line: 1 }] },
      { componentId: 'b', layer: 'L3', threatId: 'L3.T3', evidence: [{ path: 'src/b.py', line: 2 }] },
    ],
    risk: { likelihood: 4, severity: 4, score: 16, level },
    status: 'open',
    breakers: [],
    mitigations: [],
    ...extra,
  };
}

const diff = (newChains: string[]) => ({ base: 'b', head: 'h', new: { threats: [], chains: newChains }, resolved: { threats: [], chains: [] }, changed: [] });

describe('policy', () => {
  it('loads the default policy with schema defaults', () => {
    const p = defaultPolicy();
    expect(p).toMatchObject({ failOn: 'high', scope: 'new', warnOnly: false, rules: { newChain: true } });
  });

  it('names file:line:col for a bad key or value', () => {
    try {
      parsePolicy('version: 1\nfailOn: severe\n', 'p.yaml');
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).format()).toMatch(/^p\.yaml:2:9: .*must be equal to one of the allowed values/);
    }
    expect(() => parsePolicy('version: 1\nexclude:\n  colours: []\n', 'p.yaml')).toThrow(/unknown key 'colours'/);
    try {
      parsePolicy('version: 1\nexclude:\n  colours: []\n', 'p.yaml');
    } catch (e) {
      expect((e as UserError).line).toBe(3);
    }
  });

  it('flags override the file', () => {
    expect(resolvePolicy({ repoPolicyText: 'failOn: critical\n', overrides: { failOn: 'low', warnOnly: undefined } }).failOn).toBe('low');
    expect(resolvePolicy({ repoPolicyText: 'failOn: critical\n' }).failOn).toBe('critical');
  });

  it('on a diff fails only for new open chains at or above the threshold', () => {
    const p = defaultPolicy();
    const chains = [chain('aaaaaaaa', 'critical'), chain('bbbbbbbb', 'medium'), chain('cccccccc', 'high', { status: 'mitigated' })];
    const base = { mode: 'diff' as const, chains, threats: [], manifestErrors: [], manifestFound: false };
    expect(decide({ ...base, diff: diff([]) }, p).status).toBe('pass');
    expect(decide({ ...base, diff: diff(['bbbbbbbb', 'cccccccc']) }, p).status).toBe('pass');
    const g = decide({ ...base, diff: diff(['aaaaaaaa']) }, p);
    expect(g.status).toBe('fail');
    expect(g.reasons).toEqual([expect.objectContaining({ code: 'new-chain', fingerprint: 'aaaaaaaa' })]);
    expect(decide({ ...base, diff: diff(['aaaaaaaa']) }, { ...p, warnOnly: true })).toMatchObject({ status: 'pass', warnOnly: true });
    expect(decide({ ...base, diff: diff([]) }, { ...p, scope: 'all' }).status).toBe('fail');
  });

  it('an audit fails on any open chain over the threshold, unless excluded', () => {
    const p = defaultPolicy();
    const input = { mode: 'scan' as const, chains: [chain('aaaaaaaa', 'high')], threats: [], manifestErrors: [], manifestFound: false };
    expect(decide(input, p).reasons.map((r) => r.code)).toEqual(['open-chain']);
    // Each reason says where its chain enters: one template's chains across a monorepo are otherwise one line, repeated.
    const two = decide({ ...input, chains: [chain('aaaaaaaa', 'high'), chain('dddddddd', 'high', { steps: [{ componentId: 'c', layer: 'L2', threatId: 'L2.T1', evidence: [{ path: 'svc/c.py', line: 7 }] }, { componentId: 'd', layer: 'L3', threatId: 'L3.T3', evidence: [] }] })] }, p);
    expect(two.reasons.map((r) => r.message)).toEqual([
      'open high-risk chain: Untrusted content drives a shell tool (L2 -> L3), entering at src/a.py:1',
      'open high-risk chain: Untrusted content drives a shell tool (L2 -> L3), entering at svc/c.py:7',
    ]);
    expect(decide(input, { ...p, failOn: 'critical' }).status).toBe('pass');
    expect(decide(input, { ...p, failOn: 'never' }).status).toBe('pass');
    expect(decide(input, { ...p, exclude: { ...p.exclude, paths: ['src/**'] } }).status).toBe('pass');
    expect(decide(input, { ...p, exclude: { ...p.exclude, layers: ['L2'] } }).status).toBe('fail');
    expect(decide(input, { ...p, exclude: { ...p.exclude, templates: ['rag-to-shell'] } }).status).toBe('pass');
  });

  it('fails on expired acceptances, invalid and required manifests', () => {
    const p = defaultPolicy();
    const expired = chain('dddddddd', 'low', { expired: '2026-01-01' });
    const g = decide({ mode: 'diff', chains: [expired], threats: [], diff: diff([]), manifestErrors: ['maestro.yaml:3:1: bad'], manifestFound: true }, { ...p, requireManifest: true });
    expect(g.reasons.map((r) => r.code)).toEqual(['manifest-invalid', 'acceptance-expired']);
    expect(g.reasons[1].message).toContain('expired');
    expect(decide({ mode: 'scan', chains: [], threats: [], manifestErrors: [], manifestFound: false }, { ...p, requireManifest: true }).reasons[0].code).toBe('manifest-missing');
  });
});

describe('policy file safety', () => {
  it('refuses hostile nesting and alias bombs with a located error instead of crashing', () => {
    expect(() => parsePolicy('failOn: ' + '['.repeat(5000), 'deep.yaml')).toThrow(/nests more than/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(() => parsePolicy(bomb, 'bomb.yaml')).toThrow(UserError);
    expect(() => parsePolicy('failOn: !!js/function "x"\n', 'tag.yaml')).toThrow(UserError);
  });
});

describe('gate reasons', () => {
  it('names chains that share every step but the last once, with their end points', () => {
    const twin = (fp: string, tool: string) =>
      chain(fp, 'high', {
        steps: [
          { componentId: 'document-loader:a.py#web', layer: 'L2', threatId: 'L2.T1', evidence: [{ path: 'a.py', line: 1 }] },
          { componentId: `tool:b.py#${tool}`, layer: 'L3', threatId: 'L3.T3', evidence: [{ path: 'b.py', line: 2 }] },
        ],
      });
    const g = decide({ mode: 'scan', chains: [twin('aaaaaaaa', 'run'), twin('bbbbbbbb', 'save'), chain('cccccccc', 'high')], threats: [], manifestErrors: [], manifestFound: false }, defaultPolicy());
    expect(g.reasons).toHaveLength(2);
    expect(g.reasons[0].message).toContain('2 chains along the same path, ending at run, save');
  });
});
