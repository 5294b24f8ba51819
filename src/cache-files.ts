import { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import path from 'node:path';
import { writeTextFileSync } from './write-text.js';

/** Larger than any entry a run writes (a 50,000-file tree's analysis is about 5 MB): a bigger file is not ours. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** A temporary file this old was left by a run that was killed while writing. */
const STALE_TMP_MS = 60 * 60 * 1000;

/**
 * A cache entry's bytes, or undefined when it is absent or is not a plain file of a sane size. The cache directory
 * is restored from elsewhere (`actions/cache`), so an entry may be anything: a FIFO would block a plain read for
 * ever (hence non-blocking open), a device or a huge file would exhaust memory, a link would read another file.
 */
export function readEntry(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_ENTRY_BYTES) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes an entry whole or not at all (a temporary file renamed over it), then drops temporary files that killed
 * runs left and, with `prune`, the entries it picks beyond the `keep` most recently used. A cache that cannot be
 * written only costs speed: false, and nothing thrown, when it failed. The content comes in pieces (see writeTextSync).
 */
export function writeEntry(file: string, pieces: Iterable<string | Uint8Array>, prune?: { match: (name: string) => boolean; keep: number }): boolean {
  const dir = path.dirname(file);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    // Created afresh (never opened if something is there already, which could be a FIFO that blocks a writer).
    rmSync(tmp, { force: true });
    writeTextFileSync(tmp, pieces, { flag: 'wx' });
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
  try {
    keepNewest(dir, prune ?? { match: () => false, keep: 0 });
  } catch {
    // pruned next time
  }
  return true;
}

/**
 * Appends to an entry in one write (O_APPEND: a concurrent run's lines never interleave), creating it if absent.
 * Throws if it is not a plain file: opening a planted FIFO for writing would otherwise wait for a reader for ever.
 */
export function appendEntry(file: string, text: string): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK | constants.O_NOFOLLOW, 0o666);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${file} is not a plain file`);
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  } finally {
    closeSync(fd);
  }
}

/** Marks a cache entry used, so pruning keeps what runs still read. */
export function touch(file: string): void {
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // Read-only cache: still usable.
  }
}

/**
 * Removes the files of `dir` that `match` picks beyond the `keep` most recently used (written or touched), and
 * temporary files older than an hour.
 */
export function keepNewest(dir: string, { match, keep }: { match: (name: string) => boolean; keep: number }): void {
  const now = Date.now();
  const files: { f: string; t: number }[] = [];
  for (const f of readdirSync(dir)) {
    const tmp = f.endsWith('.tmp');
    if (!tmp && !match(f)) continue;
    // Another run may remove a file between the listing and this look.
    const st = statSync(path.join(dir, f), { throwIfNoEntry: false });
    if (!st) continue;
    if (tmp) {
      if (now - st.mtimeMs > STALE_TMP_MS) rmSync(path.join(dir, f), { force: true });
    } else files.push({ f, t: st.mtimeMs });
  }
  files.sort((a, b) => b.t - a.t || (a.f < b.f ? -1 : 1));
  for (const { f } of files.slice(keep)) rmSync(path.join(dir, f), { force: true });
}
