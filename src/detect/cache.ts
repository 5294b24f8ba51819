import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { appendEntry, readEntry, writeEntry } from '../cache-files.js';
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

/** A JSON pack line: blob id, path, detector@version, findings. */
type PackLine = [string, string, string, Findings];

interface Entry {
  findings: Findings;
  /** Read or written in this run: a rewrite keeps these first. */
  used: boolean;
}

/**
 * Findings per (detector, version, path, blob). Always memoised for the run; with a directory, persisted so a
 * later run analyses only content it has not seen. Entries live under a folder named by the tool and catalog
 * version, so an upgrade never reads stale results. On disk they form one pack of lines (tens of thousands of
 * small files would cost more to open than to re-analyse): `E<tab>blob<tab>detector<tab>path` for the common
 * "found nothing", a JSON array otherwise. New entries are appended; the pack is rewritten only when most of it is
 * stale. A corrupt line is treated as absent.
 */
export class BlobCache {
  /** `blob\0path` -> `detector@version` -> entry. */
  private readonly mem = new Map<string, Map<string, Entry>>();
  /** The folder for this tool and catalog version (undefined without a cache directory). */
  readonly folder?: string;
  private loaded = false;
  private packLines = 0;
  private used = 0;
  /** Entries set since the last flush, to append. */
  private pending: [string, string, Findings][] = [];

  constructor(opts: { dir?: string; toolVersion: string; catalogVersion: string }) {
    if (opts.dir) this.folder = path.join(opts.dir, `v${opts.toolVersion}-${opts.catalogVersion}`);
  }

  get(d: Detector, blobId: string, file: string): Findings | undefined {
    if (!this.loaded) this.load();
    // Without a pack, a scan asks about every wanted file of a large tree: no key need be built to learn nothing.
    if (this.mem.size === 0) return undefined;
    const e = this.mem.get(fileKey(blobId, file))?.get(detKey(d));
    if (!e) return undefined;
    if (!e.used) (e.used = true), this.used++;
    return e.findings;
  }

  /** Nothing cached in memory or on disk: every `get` would miss. */
  get empty(): boolean {
    if (!this.loaded) this.load();
    return this.mem.size === 0;
  }

  has(d: Detector, blobId: string, file: string): boolean {
    return this.get(d, blobId, file) !== undefined;
  }

  /** Does not load the pack: a run that only adds (a diff's few changed files) never reads it. */
  set(d: Detector, blobId: string, file: string, findings: Findings): void {
    const fk = fileKey(blobId, file);
    let m = this.mem.get(fk);
    if (!m) this.mem.set(fk, (m = new Map()));
    const f = isEmpty(findings) ? EMPTY : findings;
    const had = m.get(detKey(d));
    if (!had?.used) this.used++;
    m.set(detKey(d), { findings: f, used: true });
    if (this.folder) this.pending.push([fk, detKey(d), f]);
  }

  /** Persists what this run added: appended to the pack, or a rewrite when the pack is mostly stale or absent. */
  flush(): void {
    if (!this.folder) return;
    const stale = this.packLines - this.used;
    // A pack never loaded is only appended to: what it holds is unknown here, and must not be lost.
    const rewrite = this.loaded && (this.packLines === 0 || stale > this.used + 20_000);
    if (this.pending.length === 0 && (!rewrite || this.used === 0)) return;
    try {
      mkdirSync(this.folder, { recursive: true });
      const target = path.join(this.folder, PACK);
      if (rewrite) {
        const lines = this.lines();
        const pieces: string[] = [];
        for (const l of lines) pieces.push(l, '\n');
        if (writeEntry(target, pieces)) this.packLines = lines.length;
      } else {
        appendEntry(target, this.pending.map(([fk, dk, f]) => line(fk, dk, f)).join('\n') + '\n');
        this.packLines += this.pending.length;
      }
      this.pending = [];
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }

  /** Used entries first, then what earlier runs left, up to a bound so the pack cannot grow without limit. */
  private lines(): string[] {
    const out: string[] = [];
    for (const pass of [true, false]) {
      for (const [fk, m] of this.mem) {
        for (const [dk, e] of m) {
          if (e.used !== pass) continue;
          if (out.length >= MAX_PACK_LINES) return out;
          out.push(line(fk, dk, e.findings));
        }
      }
    }
    return out;
  }

  private load(): void {
    this.loaded = true;
    if (!this.folder) return;
    const bytes = readEntry(path.join(this.folder, PACK));
    if (!bytes) return;
    const text = bytes.toString('utf8');
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      const parsed = parseLine(raw);
      this.packLines++;
      if (!parsed) continue;
      const [blob, file, dk, f] = parsed;
      const fk = fileKey(blob, file);
      let m = this.mem.get(fk);
      if (!m) this.mem.set(fk, (m = new Map()));
      // A later line is newer than an earlier one; what this run set before loading (used) is newer than both.
      if (!m.get(dk)?.used) m.set(dk, { findings: f, used: false });
    }
  }
}

function fileKey(blobId: string, file: string): string {
  return `${blobId}\0${file}`;
}

function detKey(d: Detector): string {
  return `${d.id}@${d.version}`;
}

const BLOB = /^[0-9a-f]{40,64}$/;

function line(fk: string, dk: string, f: Findings): string {
  const sep = fk.indexOf('\0');
  const blob = fk.slice(0, sep);
  const file = fk.slice(sep + 1);
  if (f === EMPTY && !/[\n\r]/.test(file)) return `E\t${blob}\t${dk}\t${file}`;
  const l: PackLine = [blob, file, dk, f];
  return JSON.stringify(l);
}

function parseLine(raw: string): [string, string, string, Findings] | undefined {
  if (raw.startsWith('E\t')) {
    const a = raw.indexOf('\t', 2);
    const b = a < 0 ? -1 : raw.indexOf('\t', a + 1);
    if (b < 0) return undefined;
    const blob = raw.slice(2, a);
    const dk = raw.slice(a + 1, b);
    const file = raw.slice(b + 1);
    return BLOB.test(blob) && dk.includes('@') && file ? [blob, file, dk, EMPTY] : undefined;
  }
  let x: unknown;
  try {
    x = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return validLine(x) ? [x[0], x[1], x[2], isEmpty(x[3]) ? EMPTY : x[3]] : undefined;
}

function validLine(x: unknown): x is PackLine {
  if (!Array.isArray(x) || x.length !== 4 || typeof x[0] !== 'string' || typeof x[1] !== 'string' || typeof x[2] !== 'string') return false;
  return isFindings(x[3]);
}

/** The shape of findings read back from disk (a pack line, a stored analysis). */
export function isFindings(x: unknown): x is Findings {
  const f = x as Findings;
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
    f === EMPTY ||
    (f.components.length === 0 &&
      f.edges.length === 0 &&
      f.refs.length === 0 &&
      f.frameworks.length === 0 &&
      f.diagnostics.length === 0 &&
      Object.keys(f.facts).length === 0)
  );
}
