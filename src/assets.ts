import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds a data folder shipped beside the code (catalogs/, policies/). The same walk works from src/ under
 * vitest, from dist/index.js in the Action checkout and from dist/cli/index.js in the npm package.
 */
export function assetDir(name: 'catalogs' | 'policies' | 'schemas', marker: string): string {
  const envDir = process.env[`MAESTRO_${name.toUpperCase()}`];
  if (envDir) return envDir;
  const starts = [typeof __dirname !== 'undefined' ? __dirname : undefined, process.argv[1] && path.dirname(process.argv[1]), process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, name, marker))) return path.join(dir, name);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`cannot find the ${name}/ folder shipped with maestro-gate (looked for ${name}/${marker})`);
}
