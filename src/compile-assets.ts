import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { compiledPolicyText, COMPILED_POLICY } from './policy/compiled.js';
import { defaultPolicyFile, parsePolicy } from './policy/load.js';
import { compiledText, COMPILED_NAME } from './threats/compiled.js';
import { loadChecked } from './threats/load.js';

/**
 * Build step (scripts/build.mjs): checks the shipped catalogs in `catalogDir` and the default policy in full, and
 * writes the results into `outDir`, beside the bundle, for runs to use instead of checking them again.
 */
export function compileAssets(catalogDir: string, outDir: string): void {
  const { catalog, key } = loadChecked(catalogDir, { useCompiled: false });
  writeFileSync(path.join(outDir, COMPILED_NAME), compiledText(key, catalog));
  const { text, name } = defaultPolicyFile();
  writeFileSync(path.join(outDir, COMPILED_POLICY), compiledPolicyText(text, parsePolicy(text, name)));
}
