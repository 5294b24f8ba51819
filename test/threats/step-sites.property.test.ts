import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortEvidence } from '../../src/model/order.js';
import type { Component, Evidence } from '../../src/model/types.js';
import { EvidenceUnion } from '../../src/threats/evidence-union.js';
import { chainStepSites, SiteFolders, STEP_SITES } from '../../src/threats/step-evidence.js';

// The scoring as first written: each site's folder against every anchor folder, counting the slashes of the
// longest common prefix (and a site in an anchor's own file one more than its folders). chainStepSites now scores by a set of anchor prefixes and remembers each list's folders.
function folderOf(p: string): string {
  const cut = p.lastIndexOf('/');
  return cut < 0 ? '' : p.slice(0, cut + 1);
}
function shared(a: string, b: string): number {
  let n = 0;
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    if (a[k] !== b[k]) break;
    if (a[k] === '/') n++;
  }
  return n;
}
function reference(steps: readonly { component: Component; linkEvidence: Evidence[] }[]): { sites: Evidence[]; evidence: Evidence[] }[] {
  const sorted = steps.map((s) => sortEvidence(s.component.evidence));
  const anchors = new Set<string>();
  const files = new Set<string>();
  steps.forEach((s, i) => {
    for (const e of [...s.linkEvidence, ...(sorted[i]!.length <= STEP_SITES ? sorted[i]! : [])]) anchors.add(folderOf(e.path)), files.add(e.path);
  });
  const folders = [...anchors];
  // A site in an anchor's own file scores one more than the folders of that file.
  const slashes = (p: string) => p.split('/').length - 1;
  return steps.map((s, i) => {
    const all = sorted[i]!;
    let sites = all;
    if (all.length > STEP_SITES) {
      const score = (p: string) => Math.max(0, ...folders.map((a) => shared(folderOf(p), a)), files.has(p) ? slashes(p) + 1 : 0);
      const best = Math.max(0, ...all.map((e) => score(e.path)));
      sites = (best === 0 ? all : all.filter((e) => score(e.path) === best)).slice(0, STEP_SITES);
    }
    return { sites, evidence: sortEvidence([...sites, ...s.linkEvidence]) };
  });
}

// Paths over few folder names, so prefixes like `a/b/` and `a/bc/` and deep shared runs are common.
const segment = fc.constantFrom('a', 'b', 'ab', 'svc-1', 'svc-10', 'x');
const path = fc.array(segment, { minLength: 0, maxLength: 4 }).chain((dirs) => fc.constantFrom('f.py', 'g.ts').map((f) => [...dirs, f].join('/')));
const evidence: fc.Arbitrary<Evidence> = fc.record({ path, line: fc.integer({ min: 1, max: 3 }) });
const component = (evidence: Evidence[], k: number): Component => ({ id: `c${k}`, kind: 'tool', layer: 'L3', name: `c${k}`, source: 'inferred', evidence });
const steps = fc.array(
  fc.record({
    // Short lists are anchors; long ones (above STEP_SITES) are narrowed.
    evidence: fc.oneof(fc.array(evidence, { maxLength: 4 }), fc.array(evidence, { minLength: STEP_SITES + 1, maxLength: 40 })),
    linkEvidence: fc.array(evidence, { maxLength: 3 }),
    presort: fc.boolean(),
  }),
  { minLength: 1, maxLength: 5 },
);

describe('chain step sites', () => {
  it('are what scoring each site against every anchor folder picks, with lists remembered across chains', () => {
    fc.assert(
      fc.property(fc.array(steps, { minLength: 1, maxLength: 3 }), (chains) => {
        const union = new EvidenceUnion();
        const folders = new SiteFolders();
        // The same component objects recur across chains, as a shared model does.
        const pool = chains.flat().map((s, k) => component(s.presort ? sortEvidence(s.evidence) : s.evidence, k));
        let k = 0;
        for (const chain of chains) {
          const input = chain.map((s) => ({ component: pool[k++ % pool.length]!, linkEvidence: s.linkEvidence }));
          const got = chainStepSites(union, input, folders);
          const want = reference(input);
          expect(got.map((g) => ({ sites: [...g.sites], evidence: g.evidence }))).toStrictEqual(want);
        }
      }),
      { numRuns: 500 },
    );
  });
});
