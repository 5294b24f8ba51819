import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { formatManifestError, loadManifest, MANIFEST_NAMES, renderStarterManifest } from '../model/manifest/index.js';
import { runScan } from '../run.js';
import { loadEngine } from '../threats/engine.js';
import type { Io } from './main.js';

/** `validate [FILE]`: every error at once as FILE:LINE:COL, exit 2 when there is any. Evidence paths are relative to the file's folder. */
export async function runValidate(file: string | undefined, io: Io): Promise<number> {
  const target = file ?? MANIFEST_NAMES.find((n) => existsSync(n)) ?? 'maestro.yaml';
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch {
    throw new UserError('manifest file not found', target);
  }
  const root = path.dirname(path.resolve(target));
  const { errors } = await loadManifest({
    text,
    file: target,
    exists: async (p) => !path.isAbsolute(p) && !path.relative(root, path.resolve(root, p)).startsWith('..') && existsSync(path.resolve(root, p)),
    known: loadEngine().known,
  });
  for (const e of errors) io.stderr(`${formatManifestError(e)}\n`);
  if (errors.length) return 2;
  io.stdout(`${target}: valid\n`);
  return 0;
}

/** `init [PATH]`: a starter maestro.yaml from what the scan infers; never overwrites without --force. */
export async function runInit(dir: string | undefined, force: boolean, io: Io): Promise<number> {
  const root = dir ?? '.';
  const target = path.join(root, 'maestro.yaml');
  if (existsSync(target) && !force) throw new UserError('already exists; use --force to overwrite', target);
  const { report } = await runScan({ path: root });
  const text = renderStarterManifest({ components: report.components, chains: report.chains, name: path.basename(path.resolve(root)), today: new Date().toISOString().slice(0, 10) });
  writeFileSync(target, text);
  const open = report.chains.filter((c) => c.status === 'open').length;
  io.stdout(`wrote ${target}: ${report.components.length} inferred component(s) listed, ${open} open chain(s) noted; edit it, then run maestro-gate validate ${target}\n`);
  return 0;
}
