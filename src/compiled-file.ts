import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Results the build computes once from shipped data (checked catalogs, the default policy) and writes beside the
// bundle, each under a key made of everything it depends on. A run whose inputs give the same key uses the result;
// any other input is checked in full, as if no file were there.

/** Where a build put `name`: beside the bundle (dist/), or in dist/ when running from src/. */
export function besideBundle(name: string): string[] {
  if (typeof __dirname === 'undefined') return [];
  return [path.join(__dirname, name), path.join(__dirname, '..', 'dist', name)];
}

/** The value stored under `key` in the first of `files` that has it; never throws. */
export function readKeyed<T>(files: string[], key: string): T | undefined {
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; value?: T };
      if (data.key === key) return data.value;
    } catch {
      // A damaged file is no worse than a missing one: the input is checked in full.
    }
  }
  return undefined;
}

/** The text the build writes for `value` under `key`. */
export function keyedText(key: string, value: unknown): string {
  return JSON.stringify({ key, value }) + '\n';
}
