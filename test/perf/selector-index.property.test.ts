import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSet } from '../../src/detect/infra/k8s.js';
import { selects } from '../../src/model/link-infra.js';
import { PolicyIndex, SelectorIndex } from '../../src/model/link-infra-select.js';

// Few label names and values, so selectors and pods overlap often; templates stand for Helm include selectors.
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'component', 'constructor'), fc.constantFrom('api', 'web', '1', ''), { maxKeys: 3 });
const labelSet: fc.Arbitrary<LabelSet> = fc.oneof(
  labels.map((l) => ({ labels: l })),
  fc.tuple(labels, fc.constantFrom('app.labels', 'app.selectorLabels')).map(([l, template]) => ({ labels: l, template })),
);

describe('the label selector index of the infra linker', () => {
  it('selects exactly the workloads testing every workload selects, in the order given', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ pod: labelSet }), { maxLength: 20 }), fc.array(labelSet, { minLength: 1, maxLength: 8 }), (workloads, selectors) => {
        const index = new SelectorIndex(workloads, (w) => w.pod);
        for (const sel of selectors) {
          const got = index.candidates(sel).filter((w) => selects(sel, w.pod));
          const want = workloads.filter((w) => selects(sel, w.pod));
          expect(got.length).toBe(want.length);
          got.forEach((w, k) => expect(w).toBe(want[k]));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('narrows a two-label selector by its rarer label', () => {
    const workloads = [1, 2, 3].map((i) => ({ pod: { labels: { tier: 'web', app: `svc-${i}` } } }));
    const index = new SelectorIndex(workloads, (w) => w.pod);
    expect(index.candidates({ labels: { tier: 'web', app: 'svc-2' } })).toEqual([workloads[1]]);
    expect(index.candidates({ labels: { tier: 'web', app: 'svc-9' } })).toEqual([]);
  });

  it('finds for each pod exactly the first NetworkPolicy that testing every policy finds', () => {
    // The rule applyInfraFacts applies: a policy selecting nothing in particular takes every pod, even one without facts.
    const applies = (sel: LabelSet, pod: LabelSet | undefined) => (Object.keys(sel.labels).length === 0 && sel.template === undefined ? true : pod ? selects(sel, pod) : false);
    fc.assert(
      fc.property(
        fc.array(fc.record({ sel: labelSet, ns: fc.constantFrom(undefined, 'a', 'b') }), { maxLength: 20 }),
        fc.array(fc.record({ pod: fc.option(labelSet, { nil: undefined }), ns: fc.constantFrom(undefined, 'a', 'b') }), { minLength: 1, maxLength: 8 }),
        (policies, pods) => {
          const index = new PolicyIndex(policies, (p) => p.sel);
          for (const { pod, ns } of pods) {
            const fits = (p: (typeof policies)[number]) => (p.ns === undefined || ns === undefined || p.ns === ns) && applies(p.sel, pod);
            expect(index.candidates(pod).find(fits)).toBe(policies.find(fits));
            const all = index.candidates(pod);
            for (const p of policies.filter(fits)) expect(all).toContain(p);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
