import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { checkReferences } from './catalog-check.js';
import { compiledKey, readCompiled } from './compiled.js';
import type {
  CapabilityDef,
  Catalog,
  ChainTemplate,
  ControlDef,
  EdgeKindDef,
  KindDef,
  LayerDef,
  Taxonomies,
  ThreatDef,
} from './catalog-types.js';
import { type CatalogFileType, validateCatalogFile } from './schemas.js';
import type { Layer } from '../model/types.js';

/** A catalog that does not load: every problem as `file: message`. */
export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid catalog:\n  ${problems.join('\n  ')}`);
    this.name = 'CatalogError';
  }
}

const MARKER = 'layers.yaml';

/**
 * Where the catalogs live: an explicit dir, else $MAESTRO_CATALOGS, else the first `catalogs/` found walking up
 * from this module (src/threats, dist/, dist/cli/ all reach the package root) or from the working directory.
 */
export function findCatalogDir(dir?: string): string {
  if (dir) return path.resolve(dir);
  const env = process.env.MAESTRO_CATALOGS;
  if (env) return path.resolve(env);
  const starts = [typeof __dirname !== 'undefined' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    for (let d = path.resolve(start); ; d = path.dirname(d)) {
      if (existsSync(path.join(d, 'catalogs', MARKER))) return path.join(d, 'catalogs');
      if (path.basename(d) === 'catalogs' && existsSync(path.join(d, MARKER))) return d;
      if (path.dirname(d) === d) break;
    }
  }
  throw new CatalogError([`no catalogs/${MARKER} found above ${starts.filter(Boolean).join(' or ')}; set MAESTRO_CATALOGS`]);
}

interface RawFile {
  rel: string;
  text: string;
}

function listYaml(dir: string, sub: string): RawFile[] {
  const full = path.join(dir, sub);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => ({ rel: path.posix.join(sub, f), text: readFileSync(path.join(full, f), 'utf8') }));
}

function versionOf(files: RawFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.rel < b.rel ? -1 : 1))) h.update(f.rel).update('\0').update(f.text).update('\0');
  return h.digest('hex').slice(0, 12);
}

/**
 * Loads, schema-checks and cross-checks every catalog file, unless the build already did for these exact files.
 * Throws CatalogError listing all problems.
 */
export function loadCatalog(dir?: string): Catalog {
  return loadChecked(dir).catalog;
}

/** The catalog and the key of the files it came from (the build writes both to dist/catalog.json). */
export function loadChecked(dir?: string, opts: { useCompiled?: boolean } = {}): { catalog: Catalog; key: string } {
  const root = findCatalogDir(dir);
  const problems: string[] = [];
  const read = (rel: string): RawFile | undefined => {
    const p = path.join(root, rel);
    if (!existsSync(p)) {
      problems.push(`${rel}: missing`);
      return undefined;
    }
    return { rel, text: readFileSync(p, 'utf8') };
  };
  const parse = <T>(file: RawFile | undefined, type: CatalogFileType): T | undefined => {
    if (!file) return undefined;
    const doc = parseDocument(file.text, { prettyErrors: false });
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push(`${file.rel}:${e.linePos?.[0]?.line ?? 0}: ${e.message.split('\n')[0]}`);
      return undefined;
    }
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    const errs = validateCatalogFile(type, data);
    for (const e of errs) problems.push(`${file.rel}: ${e}`);
    return errs.length ? undefined : (data as T);
  };

  const singles = ['layers.yaml', 'kinds.yaml', 'vocabulary.yaml', 'taxonomies.yaml', 'controls.yaml'].map(read);
  const threatFiles = listYaml(root, 'threats');
  const chainFiles = listYaml(root, 'chains');
  const all = [...singles.filter((f): f is RawFile => !!f), ...threatFiles, ...chainFiles];
  const key = compiledKey(all);
  const compiled = !problems.length && opts.useCompiled !== false ? readCompiled(key, root) : undefined;
  if (compiled) return { catalog: compiled, key };

  const layers = parse<{ layers: LayerDef[] }>(singles[0], 'layers')?.layers ?? [];
  const kinds = parse<{ kinds: KindDef[] }>(singles[1], 'kinds')?.kinds ?? [];
  const vocab = parse<{ capabilities: CapabilityDef[]; edges: EdgeKindDef[] }>(singles[2], 'vocabulary');
  const taxonomies = parse<Taxonomies & { version: number }>(singles[3], 'taxonomies');
  const controls = parse<{ controls: ControlDef[] }>(singles[4], 'controls')?.controls ?? [];
  const threats: ThreatDef[] = [];
  for (const f of threatFiles) {
    const data = parse<{ layer: Layer; threats: Omit<ThreatDef, 'layer'>[] }>(f, 'threats');
    if (!data) continue;
    if (path.posix.basename(f.rel, path.posix.extname(f.rel)) !== data.layer) problems.push(`${f.rel}: layer ${data.layer} does not match the file name`);
    for (const t of data.threats) threats.push({ ...t, layer: data.layer });
  }
  const chains: ChainTemplate[] = [];
  for (const f of chainFiles) {
    const data = parse<Omit<ChainTemplate, 'file'>>(f, 'chain');
    if (data) chains.push({ ...data, file: f.rel });
  }
  if (problems.length) throw new CatalogError(problems);

  const catalog: Catalog = {
    catalogVersion: versionOf(all),
    dir: root,
    layers,
    kinds,
    capabilities: vocab!.capabilities,
    edgeKinds: vocab!.edges,
    taxonomies: taxonomies!,
    threats: threats.sort((a, b) => threatOrder(a.id) - threatOrder(b.id)),
    controls,
    chains: chains.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  const refProblems = checkReferences(catalog);
  if (refProblems.length) throw new CatalogError(refProblems);
  return { catalog, key };
}

function threatOrder(id: string): number {
  const m = /^L(\d)\.T(\d+)$/.exec(id);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 1e9;
}
