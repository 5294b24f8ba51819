import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Detector, Findings } from '../../../src/detect/types.js';

/** Files of a fixture mini-repository, repository-relative and sorted (expected.json excluded). */
export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (relative(dir, full) !== 'expected.json') out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

function isEmpty(f: Findings): boolean {
  return !f.components.length && !f.edges.length && !f.refs.length && !f.frameworks.length && !f.diagnostics.length && !Object.keys(f.facts).length;
}

/**
 * Runs every detector that wants a file (honouring needles, as the scanner does) and returns, per file with
 * something to say, each detector's findings. Files and detectors are in sorted order.
 */
export async function runFixture(dir: string, detectors: Detector[]): Promise<Record<string, Record<string, Findings>>> {
  const result: Record<string, Record<string, Findings>> = {};
  for (const path of fixtureFiles(dir)) {
    const text = readFileSync(join(dir, path), 'utf8');
    for (const d of detectors) {
      if (!d.wants(path)) continue;
      if (d.needles && !d.needles.some((n) => text.includes(n))) continue;
      const f = await d.detect({ path, text, blobId: 'fixture' });
      if (isEmpty(f)) continue;
      (result[path] ??= {})[d.id] = JSON.parse(JSON.stringify(f)) as Findings;
    }
  }
  return result;
}

/** Fixture directories under a root; `UPDATE_FIXTURES=1` rewrites expected.json (review the diff before committing). */
export function fixtureDirs(root: string): string[] {
  return readdirSync(root)
    .filter((n) => statSync(join(root, n)).isDirectory())
    .sort();
}

export function readExpected(dir: string): unknown {
  const p = join(dir, 'expected.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
}

export function writeExpected(dir: string, value: unknown): void {
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(value, null, 2)}\n`);
}
