import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Detector, Findings } from './types.js';

/** Lines kept in a pack beyond the ones this run used, so a cache shared by a few scans of one repo stays warm. */
const MAX_PACK_LINES = 250_000;
const PACK = 'findings.jsonl';

/** Stands for every empty result; cached findings are shared (base and head, runs) and never mutated. */
const EMPTY = Object.freeze({
  components: Object.freeze([]),
  edges: Object.freeze([]),
  refs: Object.freeze([]),
  frameworks: Object.freeze([]),
  diagnostics: Object.freeze([]),
  facts: Object.freeze({}),
}) as unknown as Findings;

/** A pack line: blob id, path, detector@version, findings (0 for "found nothing", the common case). */
type PackLine = [string, string, string, Findings | 0];

/**
 * Findings per (detector, version, path, blob). Always memoised for the run; with a directory, persisted so a
 * later run analyses only content it has not seen. Entries live under a folder named by the tool and catalog
 * version, so an upgrade never reads stale results. On disk they form one JSON-lines pack (tens of thousands of
 * small files would cost more to open than to re-analyse); a corrupt line is treated as absent.
 */
export class BlobCache {
  /** `blob\0path` -> `detector@version` -> findings. */
  private readonly mem = new Map<string, Map<string, Findings>>();
  /** Keys (`blob\0path\0det`) read or written in this run: what a flush keeps first. */
  private readonly touched = new Set<string>();
  private readonly dir?: string;
  private loaded = false;
  private loadedLines = 0;
  private dirty = false;

  constructor(opts: { dir?: string; toolVersion: string; catalogVersion: string }) {
    if (opts.dir) this.dir = path.join(opts.dir, `v${opts.toolVersion}-${opts.catalogVersion}`);
  }

  get(d: Detector, blobId: string, file: string): Findings | undefined {
    this.load();
    const fk = fileKey(blobId, file);
    const hit = this.mem.get(fk)?.get(detKey(d));
    if (hit && this.dir) this.touched.add(`${fk}\0${detKey(d)}`);
    return hit;
  }

  has(d: Detector, blobId: string, file: string): boolean {
    return this.get(d, blobId, file) !== undefined;
  }

  set(d: Detector, blobId: string, file: string, findings: Findings): void {
    this.load();
    const fk = fileKey(blobId, file);
    let m = this.mem.get(fk);
    if (!m) this.mem.set(fk, (m = new Map()));
    m.set(detKey(d), isEmpty(findings) ? EMPTY : findings);
    if (!this.dir) return;
    this.touched.add(`${fk}\0${detKey(d)}`);
    this.dirty = true;
  }

  /** Rewrites the pack when this run added or used a different set of entries; atomic (write then rename). */
  flush(): void {
    if (!this.dir || (!this.dirty && this.touched.size === this.loadedLines)) return;
    const lines: string[] = [];
    const emit = (fk: string, dk: string, f: Findings) => {
      const sep = fk.indexOf('\0');
      const line: PackLine = [fk.slice(0, sep), fk.slice(sep + 1), dk, isEmpty(f) ? 0 : f];
      lines.push(JSON.stringify(line));
    };
    for (const key of this.touched) {
      const sep = key.lastIndexOf('\0');
      const f = this.mem.get(key.slice(0, sep))?.get(key.slice(sep + 1));
      if (f) emit(key.slice(0, sep), key.slice(sep + 1), f);
    }
    // Then what earlier runs left, up to a bound, so the pack cannot grow without limit.
    outer: for (const [fk, m] of this.mem) {
      for (const [dk, f] of m) {
        if (lines.length >= MAX_PACK_LINES) break outer;
        if (!this.touched.has(`${fk}\0${dk}`)) emit(fk, dk, f);
      }
    }
    try {
      mkdirSync(this.dir, { recursive: true });
      const target = path.join(this.dir, PACK);
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, lines.join('\n') + '\n');
      renameSync(tmp, target);
      this.dirty = false;
      this.loadedLines = this.touched.size;
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.dir) return;
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, PACK), 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: unknown;
      try {
        line = JSON.parse(raw);
      } catch {
        continue;
      }
      if (!validLine(line)) continue;
      const [blob, file, dk, f] = line;
      const fk = fileKey(blob, file);
      let m = this.mem.get(fk);
      if (!m) this.mem.set(fk, (m = new Map()));
      m.set(dk, f === 0 ? EMPTY : f);
      this.loadedLines++;
    }
  }
}

function fileKey(blobId: string, file: string): string {
  return `${blobId}\0${file}`;
}

function detKey(d: Detector): string {
  return `${d.id}@${d.version}`;
}

function validLine(x: unknown): x is PackLine {
  if (!Array.isArray(x) || x.length !== 4 || typeof x[0] !== 'string' || typeof x[1] !== 'string' || typeof x[2] !== 'string') return false;
  const f = x[3] as Findings | 0;
  if (f === 0) return true;
  return (
    typeof f === 'object' &&
    f !== null &&
    Array.isArray(f.components) &&
    Array.isArray(f.edges) &&
    Array.isArray(f.refs) &&
    Array.isArray(f.frameworks) &&
    Array.isArray(f.diagnostics) &&
    typeof f.facts === 'object' &&
    f.facts !== null
  );
}

export function isEmpty(f: Findings): boolean {
  return (
    f.components.length === 0 &&
    f.edges.length === 0 &&
    f.refs.length === 0 &&
    f.frameworks.length === 0 &&
    f.diagnostics.length === 0 &&
    Object.keys(f.facts).length === 0
  );
}
