import fc from 'fast-check';
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadManifest } from '../../src/model/manifest/index.js';
import { fixtureExists, fixtureKnown, readFixture } from './fixture-repo.js';

// Whatever a manifest holds, loading it gives errors with real positions, never a throw.

const lineCount = (text: string) => text.split('\n').length;
const known = fixtureKnown();

async function checkPositions(text: string) {
  const r = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists, known });
  for (const e of r.errors) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lineCount(text));
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message.length).toBeGreaterThan(0);
  }
  if (r.errors.length === 0) expect(r.manifest).toBeDefined();
}

test('arbitrary values in every section load without throwing', async () => {
  const sections = ['version', 'system', 'components', 'ignore', 'layers', 'flows', 'trustBoundaries', 'mitigations', 'risks', 'overrides'];
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.constantFrom(...sections), fc.jsonValue({ maxDepth: 4 })), async (doc) => {
      await checkPositions(stringify({ version: 1, ...doc }));
    }),
    { numRuns: 60, seed: 20251103 },
  );
});

test('random edits of a valid manifest load without throwing', async () => {
  const base = readFixture('valid/full.yaml');
  await fc.assert(
    fc.asyncProperty(fc.nat(base.length), fc.nat(20), fc.string({ maxLength: 12 }), async (at, cut, insert) => {
      await checkPositions(base.slice(0, at) + insert + base.slice(at + cut));
    }),
    { numRuns: 120, seed: 20251103 },
  );
});
