import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../src/model/types.js';
import type { Catalog, Matcher } from '../../src/threats/catalog-types.js';
import { ContainsIndex } from '../../src/threats/chains.js';
import { Graph } from '../../src/threats/graph.js';
import { Matching } from '../../src/threats/match.js';

// The all-pairs `contains` test the chain walker used before the folder index, kept as the oracle: a path below the
// folder of one of `from`'s evidence paths, and, when that path is a dependency manifest, code of its language.
const MANIFEST_LANGUAGE: Record<string, string> = { 'requirements.txt': 'python', 'package.json': 'js' };
const codeLanguage = (p: string) => (p.endsWith('.py') ? 'python' : p.endsWith('.ts') ? 'js' : undefined);

function containsOracle(m: Matching, match: Matcher, from: Component): Component[] {
  const scopes = from.evidence.map((e) => ({ dir: path.posix.dirname(e.path), lang: MANIFEST_LANGUAGE[e.path.slice(e.path.lastIndexOf('/') + 1)] }));
  const inside = (p: string) => scopes.some((s) => (s.dir === '.' || s.dir === '' || p.startsWith(`${s.dir}/`)) && (!s.lang || codeLanguage(p) === s.lang));
  return m.pool(match).filter((c) => c.evidence.some((e) => inside(e.path)));
}

const KINDS = ['agent', 'mcp-client', 'dependency-manifest', 'tool'] as const;
// Few names, so folders are shared, nested and prefixes of each other ('a' and 'ab'); odd shapes included.
const segment = fc.constantFrom('a', 'ab', 'b', 'a.b', 'src');
const file = fc.constantFrom('requirements.txt', 'package.json', 'agent.py', 'index.ts');
const repoPath = fc.oneof(
  fc.tuple(fc.array(segment, { maxLength: 3 }), file).map(([dirs, f]) => [...dirs, f].join('/')),
  fc.constantFrom('a//agent.py', './a/agent.py', 'a/', '/a/b.py', 'ab', 'a/b'),
);
const component = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.constantFrom('x', 'y', 'z'),
  paths: fc.array(repoPath, { maxLength: 3 }),
});
const matchers: Matcher[] = [{ kind: 'agent' }, { kind: ['tool', 'agent'] }, { kind: 'mcp-client' }, {}];

function graphOf(specs: { kind: string; name: string; paths: string[] }[]): Graph {
  const components: Component[] = specs.map((s, i) => ({
    id: `${s.kind}:${s.paths[0] ?? 'none'}#${s.name}${i}`,
    kind: s.kind,
    layer: 'L3',
    name: s.name,
    source: 'inferred',
    evidence: s.paths.map((p, k) => ({ path: p, line: k + 1 })),
  }));
  return new Graph(components, [], { capabilities: [] } as unknown as Catalog);
}

describe('the contains relation of the chain walker', () => {
  it('finds, through its folder index, exactly the candidates the all-pairs test finds, in the same order', () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 25 }), (specs) => {
        const g = graphOf(specs);
        const m = new Matching(g);
        const index = new ContainsIndex(m);
        for (const from of g.components)
          for (const match of matchers) {
            const got = index.inside(match, from);
            const want = containsOracle(m, match, from);
            expect(got.map((c) => c.id)).toEqual(want.map((c) => c.id));
            got.forEach((c, k) => expect(c).toBe(want[k]));
          }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a candidate two folders down and drops one in a sibling folder whose name starts the same', () => {
    const g = graphOf([
      { kind: 'dependency-manifest', name: 'm', paths: ['svc/a/requirements.txt'] },
      { kind: 'agent', name: 'deep', paths: ['svc/a/x/y/agent.py'] },
      { kind: 'agent', name: 'sibling', paths: ['svc/ab/agent.py'] },
    ]);
    const from = g.components.find((c) => c.kind === 'dependency-manifest')!;
    expect(new ContainsIndex(new Matching(g)).inside({ kind: 'agent' }, from).map((c) => c.name)).toEqual(['deep']);
  });

  it("takes a manifest for its own language's code only: a root package.json does not install a Python agent", () => {
    const g = graphOf([
      { kind: 'dependency-manifest', name: 'npm', paths: ['package.json'] },
      { kind: 'dependency-manifest', name: 'pip', paths: ['requirements.txt'] },
      { kind: 'agent', name: 'py', paths: ['examples/desktop.py'] },
      { kind: 'agent', name: 'ts', paths: ['web/route.ts'] },
    ]);
    const index = new ContainsIndex(new Matching(g));
    const inside = (name: string) => index.inside({ kind: 'agent' }, g.components.find((c) => c.name === name)!).map((c) => c.name);
    expect(inside('npm')).toEqual(['ts']);
    expect(inside('pip')).toEqual(['py']);
  });
});
