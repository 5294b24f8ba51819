import { writeFileSync } from 'node:fs';
import { compiledText } from './compiled.js';
import { loadChecked } from './load.js';

/** Build step (scripts/build.mjs): checks the catalogs in `dir` in full and writes the result to `out`. */
export function compileCatalog(dir: string, out: string): void {
  const { catalog, key } = loadChecked(dir, { useCompiled: false });
  writeFileSync(out, compiledText(key, catalog));
}
