import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { infraDetectors } from '../../../src/detect/infra/index.js';
import type { Component, Diagnostic, Edge } from '../../../src/model/types.js';
import { applyInfraFacts, linkInfra } from '../../../src/model/link-infra.js';
import type { FileFacts } from '../../../src/model/link-infra.js';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/infra');

export interface FixtureResult {
  components: Component[];
  edges: Edge[];
  diagnostics: Diagnostic[];
}

function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** Runs every infra detector on a fixture mini-repository, then links, as the pipeline will. */
export async function runFixture(name: string): Promise<FixtureResult> {
  const root = path.join(FIXTURES, name);
  const components: Component[] = [];
  const facts: FileFacts[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const rel of walk(root)) {
    if (rel === 'expected.json' || rel === '_code.json') continue;
    const text = readFileSync(path.join(root, rel), 'utf8');
    for (const d of infraDetectors) {
      if (!d.wants(rel)) continue;
      if (d.needles && !d.needles.some((n) => text.includes(n))) continue;
      const f = await d.detect({ path: rel, text, blobId: 'x' });
      components.push(...f.components);
      diagnostics.push(...f.diagnostics);
      if (Object.keys(f.facts).length) facts.push({ path: rel, detectorId: d.id, facts: JSON.parse(JSON.stringify(f.facts)) });
    }
  }
  try {
    components.push(...(JSON.parse(readFileSync(path.join(root, '_code.json'), 'utf8')) as Component[]));
  } catch {
    // no simulated code components for this fixture
  }
  const all = applyInfraFacts(components, facts);
  const edges = linkInfra(all, facts);
  return { components: all, edges, diagnostics };
}
