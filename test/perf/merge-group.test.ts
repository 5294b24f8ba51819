import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeGroup, unionEvidence } from '../../src/model/build.js';
import { sortEvidence } from '../../src/model/order.js';
import type { Component } from '../../src/model/types.js';

// The pairwise merge buildModel used to fold over same-id components, kept as the oracle for mergeGroup.
function cloneComponent(c: Component): Component {
  const out: Component = { ...c, evidence: sortEvidence(unionEvidence([], c.evidence)) };
  if (c.capabilities) out.capabilities = [...new Set(c.capabilities)].sort();
  if (c.attributes) out.attributes = { ...c.attributes };
  return out;
}
function mergeComponent(a: Component, b: Component): Component {
  const out = cloneComponent(a);
  out.evidence = sortEvidence(unionEvidence(a.evidence, b.evidence));
  if (b.capabilities) out.capabilities = [...new Set([...(a.capabilities ?? []), ...b.capabilities])].sort();
  if (b.attributes) {
    const attrs = { ...(a.attributes ?? {}) };
    for (const [k, v] of Object.entries(b.attributes)) {
      const had = attrs[k];
      if (typeof v === 'boolean' && typeof had === 'boolean') attrs[k] = had || v;
      else if (Array.isArray(v) && Array.isArray(had)) attrs[k] = [...new Set([...had, ...v])].sort();
      else if (had === undefined) attrs[k] = v;
    }
    out.attributes = attrs;
  }
  if (!out.framework && b.framework) out.framework = b.framework;
  if (out.confidence === 'low' && b.confidence !== 'low') {
    if (b.confidence) out.confidence = b.confidence;
    else delete out.confidence;
  }
  return out;
}

const evidence = fc.record({ path: fc.constantFrom('a.py', 'b/c.ts', 'd.yaml'), line: fc.integer({ min: 1, max: 4 }), note: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }) }).map((e) => {
  const out: { path: string; line: number; note?: string } = { path: e.path, line: e.line };
  if (e.note !== undefined) out.note = e.note;
  return out;
});
const attrValue = fc.oneof(fc.boolean(), fc.constantFrom('s1', 's2', 3), fc.array(fc.constantFrom('p', 'q', 'r'), { maxLength: 3 }));
const component = fc.record(
  {
    evidence: fc.array(evidence, { maxLength: 4 }),
    capabilities: fc.array(fc.constantFrom('code-exec', 'network', 'fs-write'), { maxLength: 3 }),
    attributes: fc.dictionary(fc.constantFrom('k1', 'k2', 'k3', 'k4'), attrValue, { maxKeys: 3 }),
    framework: fc.constantFrom('langchain', 'crewai'),
    confidence: fc.constantFrom('low', 'high', 'medium'),
  },
  { requiredKeys: ['evidence'] },
).map((c) => ({ id: 'agent:x#a', kind: 'agent', layer: 'L3', name: 'a', source: 'inferred', ...c }) as Component);

describe('mergeGroup', () => {
  it('equals folding the pairwise merge over the same components', () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 6 }), (list) => {
        const folded = list.slice(1).reduce((acc, c) => mergeComponent(acc, c), cloneComponent(list[0]));
        expect(JSON.stringify(mergeGroup(list))).toBe(JSON.stringify(folded));
      }),
      { numRuns: 2000 },
    );
  });
});
