import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HostileCase } from './types.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** The good files every hostile repository also holds: the two example agent systems, as they are. */
export const GOOD_ROOTS = ['good/rag-shell-agent', 'good/mcp-ts-agent'];

export function writeGoodFiles(dir: string): void {
  for (const root of GOOD_ROOTS) cpSync(path.join(REPO_ROOT, 'examples', path.basename(root)), path.join(dir, root), { recursive: true });
}

/** Writes one case's files, raw-named files and links under `dir` (a repository root). */
export function writeCase(dir: string, c: HostileCase, files: Record<string, string | Buffer> | undefined = c.files): void {
  for (const [rel, content] of Object.entries(files ?? {})) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  for (const raw of c.rawNames ?? []) {
    const slash = raw.path.lastIndexOf('/');
    mkdirSync(path.join(dir, raw.path.subarray(0, slash).toString('utf8')), { recursive: true });
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), raw.path]), raw.content);
  }
  for (const [rel, target] of Object.entries(c.links ?? {})) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    symlinkSync(target, abs);
  }
}
