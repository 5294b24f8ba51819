import { createHash } from 'node:crypto';
import { besideBundle, keyedText, readKeyed } from '../compiled-file.js';
import type { Catalog } from './catalog-types.js';
import { schemaText } from './schemas.js';
import { TOOL_VERSION } from '../version.js';

// Parsing the YAML catalogs and compiling their schemas with ajv took about 650 ms of every run, a seventh of a
// 50,000-file scan. The build loads the shipped catalogs once, fully checked, and writes the result next to the
// bundle (dist/catalog.json) under a key made of everything the check depends on: the tool version, the schemas
// and every catalog file's name and text. A run whose catalog files give the same key uses that result; any edit
// to a catalog file (or a user catalog directory) changes the key and is checked in full, as before.

export const COMPILED_NAME = 'catalog.json';

export function compiledKey(files: { rel: string; text: string }[]): string {
  const h = createHash('sha256').update(TOOL_VERSION).update('\0').update(schemaText()).update('\0');
  for (const f of [...files].sort((a, b) => (a.rel < b.rel ? -1 : 1))) h.update(f.rel).update('\0').update(f.text).update('\0');
  return h.digest('hex');
}

/** The compiled catalog for these files, if a build left one with the same key; never throws. */
export function readCompiled(key: string, dir: string, files = besideBundle(COMPILED_NAME)): Catalog | undefined {
  const catalog = readKeyed<Omit<Catalog, 'dir'>>(files, key);
  return catalog && { ...catalog, dir };
}

/** What the build writes: the checked catalog, without the machine-specific directory. */
export function compiledText(key: string, catalog: Catalog): string {
  const { dir: _dir, ...rest } = catalog;
  return keyedText(key, rest);
}
