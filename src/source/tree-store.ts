import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEntry, touch, writeEntry } from '../cache-files.js';

/** One commit's kept listing (`encodeKept`): what a later commit's listing is derived from when this one is not listed. */
export interface KeptTree {
  /** Whether an entry is stored (it may still turn out unreadable), without reading it. */
  has(): boolean;
  /** The stored bytes, or undefined when absent or damaged. */
  get(): Buffer | undefined;
  set(out: Buffer): void;
}

/** Listings kept; the oldest (by last use) go first, as analyses do. */
const KEEP = 8;
const PREFIX = 'tree-';
const SUFFIX = '.ls';
const MAGIC = 'maestro-gate listing 3';

/**
 * Commits' listings (`KeptListing`) in the `--cache` directory, beside their analyses. A PR's base is a commit a run
 * on the default branch listed; its analysis is read back, and with its listing kept too, the head is listed from it
 * and the few changed paths (`deriveFromKept`) instead of a walk of the whole tree. A commit's tree never changes,
 * so its listing from a scanned folder is a pure function of the two (and of the code, which names the cache
 * folder). Each entry starts with a header naming both, the byte length and the sha256 of what follows, so a
 * damaged or misplaced entry reads as absent and git is asked. (A hash does not stop someone who can write the
 * cache from planting a listing, as they could plant an analysis; what a planted listing can do is bounded where it
 * is used: object ids go to git only when they are full ids, see `catBlobs`.)
 */
export class TreeStore {
  constructor(private readonly dir: string | undefined) {}

  /** The entry for `commit` listed from the folder `prefix` (`git rev-parse --show-prefix`) of its repository. */
  entry(commit: string, prefix: string): KeptTree | undefined {
    if (!this.dir) return undefined;
    const file = path.join(this.dir, `${PREFIX}${sha256(Buffer.from(`${commit}\0${prefix}`)).slice(0, 32)}${SUFFIX}`);
    const header = `${MAGIC} ${commit} ${JSON.stringify(prefix)}`;
    return {
      has: () => existsSync(file),
      get: () => read(file, header),
      set: (out) => void writeEntry(file, [`${header} ${out.length} ${sha256(out)}\n`, out], { match: (f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX), keep: KEEP }),
    };
  }
}

function read(file: string, header: string): Buffer | undefined {
  const data = readEntry(file);
  if (!data) return undefined;
  const nl = data.indexOf(10);
  if (nl < 0) return undefined;
  const head = data.subarray(0, nl).toString('utf8');
  if (!head.startsWith(`${header} `)) return undefined;
  const [length, hash] = head.slice(header.length + 1).split(' ');
  const body = data.subarray(nl + 1);
  if (Number(length) !== body.length || hash !== sha256(body)) return undefined;
  touch(file);
  return body;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
