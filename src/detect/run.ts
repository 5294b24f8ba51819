import type { Diagnostic } from '../model/types.js';
import type { PathTest } from '../source/path-list.js';
import { presentPaths } from '../source/listing.js';
import type { Source, SourceEntry, SourceFile } from '../source/types.js';
import type { BlobCache } from './cache.js';
import { isEmpty } from './cache.js';
import { greppable, needleTest } from './needles.js';
import { isTestCode } from './test-paths.js';
import { DetectPool, workerCount, type PoolOptions } from './pool.js';
import { runOne } from './run-one.js';
import { selectDetectors } from './select.js';
import type { Detector, Findings } from './types.js';
import { emptyFindings, TEST_CODE_MARK } from './types.js';
import { cmp } from '../model/order.js';

export interface FileFindings {
  path: string;
  blobId: string;
  detectorId: string;
  findings: Findings;
}

export interface DetectStats {
  filesListed: number;
  filesRead: number;
  /** Detector runs that actually parsed (cache misses that passed the needles). */
  analysed: number;
  cacheHits: number;
  /** Parses done by worker threads (answered by a thread, not failed over); absent without a pool. */
  threadJobs?: number;
  /** The whole analysis came from the `--cache` directory (the counts above are then this run's: zero). */
  analysisCached?: boolean;
  /** Files taken unchanged from the previous analysis (`Reuse`) without a look. */
  reused?: number;
  /** The findings were the previous analysis's: its model and manifest came out the same. */
  evaluationReused?: boolean;
  /** The model was the previous analysis's too, not built: the change edited only files that hold no findings. */
  modelReused?: boolean;
}

/** What detection found in one tree: what `Reuse` needs to serve a later tree from it. */
export interface Detected {
  /** Non-empty findings, sorted by path then detector. */
  files: FileFindings[];
  /** Diagnostics from reading files (binary, unreadable), apart from the listing's. */
  readDiagnostics: Diagnostic[];
}

/**
 * Detection of an earlier tree and the paths that differ from it. Detectors are pure functions of a file's path
 * and bytes, so a file at an unchanged path has the findings it had: only changed paths are looked at. The caller
 * must not reuse across a change to what is listed (a `.maestroignore` edit).
 */
export interface Reuse extends Detected {
  changed: Set<string>;
}

/**
 * Which detectors want each listed entry, aligned with the listing: worked out once per listing, by whichever of
 * `startPool` and `runDetectors` looks first (a path's selection depends on the path alone).
 */
const selections = new WeakMap<SourceEntry[], { detectors: Detector[]; of: (readonly Detector[])[] }>();

function selectionsOf(entries: SourceEntry[], detectors: Detector[]): (readonly Detector[])[] {
  const known = selections.get(entries);
  if (known?.detectors === detectors) return known.of;
  const select = selectDetectors(detectors);
  const of = new Array<readonly Detector[]>(entries.length);
  for (let i = 0; i < entries.length; i++) of[i] = select(entries[i]!.path);
  selections.set(entries, { detectors, of });
  return of;
}

/** Whether the prefilter may ask git about a file these detectors want: all of them have greppable needles. */
function gatedBy(): (ds: readonly Detector[]) => boolean {
  // Selections are a few shared arrays (select.ts), so the answer is worked out once per array.
  const memo = new Map<readonly Detector[], boolean>();
  return (ds) => {
    let g = memo.get(ds);
    if (g === undefined) memo.set(ds, (g = ds.every(greppable)));
    return g;
  };
}

/**
 * Runs every detector that wants a file over that file. Results are keyed by (detector, version, path, blob id),
 * so a file that is the same in base and head, or in a previous run with `--cache`, is analysed once. The path is
 * in the key because findings carry it (ids, evidence, paths relative to the file); a renamed file is re-read.
 * Files no detector wants are never read; a detector whose needles a file lacks never sees it. Only non-empty
 * findings are returned (an empty result adds nothing to a model), sorted by path then detector.
 */
export async function runDetectors(
  source: Source,
  detectors: Detector[],
  cache: BlobCache,
  onProgress?: (done: number, total: number) => void,
  opts: PoolOptions = {},
  reuse?: Reuse,
): Promise<Detected & { diagnostics: Diagnostic[]; stats: DetectStats; entries: SourceEntry[]; paths: string[] }> {
  const early = prefetched.get(source);
  prefetched.delete(source);
  let listed = await (early?.list ?? source.list());
  // A partial listing serves only a caller that takes the unchanged files' findings from elsewhere.
  if (listed.partial && !reuse) listed = await source.listAll!();
  const select = selectDetectors(detectors);
  // A file over the size cap that no detector would read (an image, a source map, an archive) lost nothing: a
  // note on it is noise (9 of awesome-llm-apps' 12 notes were pictures).
  const diagnostics: Diagnostic[] = listed.diagnostics.filter((d) => d.code !== 'skipped-size' || select(d.path).length > 0);
  const listedEntries = listed.partial?.entries ?? listed.entries.length;
  const stats: DetectStats = { filesListed: listedEntries, filesRead: 0, analysed: 0, cacheHits: 0 };
  const files: FileFindings[] = [];
  const keep = (path: string, blobId: string, d: Detector, findings: Findings) => {
    if (!isEmpty(findings)) files.push({ path, blobId, detectorId: d.id, findings });
  };

  const readDiagnostics: Diagnostic[] = [];
  const entries = listed.entries;
  // A few changed files cost less to parse than loading a cache pack of every file's findings to look them up.
  const lookup = (!reuse || reuse.changed.size > SMALL_CHANGE) && !cache.empty;
  // Entries to read, with the detectors that want each. One whose every wanting detector is cached is not read.
  const toRead: SourceEntry[] = [];
  const toReadWants: (readonly Detector[])[] = [];
  const consider = (e: SourceEntry, ds: readonly Detector[]) => {
    const hits = lookup && e.blobId ? ds.map((d) => cache.get(d, e.blobId!, e.path)) : undefined;
    if (hits?.every((h) => h !== undefined)) {
      ds.forEach((d, j) => keep(e.path, e.blobId!, d, hits[j]!));
      stats.cacheHits += ds.length;
    } else toRead.push(e), toReadWants.push(ds);
  };
  if (reuse) {
    // An unchanged path was listed (or not) in the earlier tree as in this one, as the ignore rules are the same.
    const same = (path: string) => !reuse.changed.has(path);
    files.push(...reuse.files.filter((f) => same(f.path)));
    readDiagnostics.push(...reuse.readDiagnostics.filter((d) => same(d.path)));
    let changedListed = 0;
    for (const e of entries) {
      if (!reuse.changed.has(e.path)) continue;
      changedListed++;
      const ds = select(e.path);
      if (ds.length) consider(e, ds);
    }
    stats.reused = listedEntries - changedListed;
  } else {
    const of = selectionsOf(entries, detectors);
    for (let i = 0; i < entries.length; i++) if (of[i]!.length) consider(entries[i]!, of[i]!);
  }

  const split = prefilter(source, detectors, toRead, toReadWants, early?.grep, (e, ds) => {
    // No needle in the file: every wanting detector would have found nothing, as if it had read it. Only a
    // persisted cache gains from recording that: in memory alone, the next look at the file (a diff's head)
    // asks git again. Recording it for the ~48,000 such files of a large tree cost a quarter second.
    if (!cache.folder) return;
    for (const d of ds) {
      const cached = e.blobId ? cache.get(d, e.blobId, e.path) : undefined;
      if (cached) {
        stats.cacheHits++;
        keep(e.path, e.blobId!, d, cached);
      } else if (e.blobId) cache.set(d, e.blobId, e.path, emptyFindings());
    }
  });

  const started = await early?.pool;
  // Threads not started ahead are sized by what the needles leave to read, so that search comes first; a pool
  // started ahead lets the files read whatever git says be read and parsed while the search runs.
  const after = started ? undefined : await split.later;
  let total = split.now.length + (after?.length ?? 0);
  const threads = started ? 0 : workerCount(total, detectors, opts);
  const pool = started ?? (threads > 0 ? new DetectPool(threads, opts.entry, runOne, opts.threadHeapMb) : undefined);
  pool?.hold(true);
  const jobs: Promise<void>[] = [];
  const record = (file: SourceFile, d: Detector, findings: Findings) => {
    cache.set(d, file.blobId, file.path, findings);
    keep(file.path, file.blobId, d, findings);
  };

  const onFile = async (file: SourceFile) => {
    stats.filesRead++;
    if (onProgress && stats.filesRead % 500 === 0) onProgress(stats.filesRead, total);
    const parse: Detector[] = [];
    for (const d of select(file.path)) {
      const cached = lookup ? cache.get(d, file.blobId, file.path) : undefined;
      if (cached) {
        stats.cacheHits++;
        keep(file.path, file.blobId, d, cached);
      } else if (!needleTest(d)(file.text)) cache.set(d, file.blobId, file.path, emptyFindings());
      else if (d.marksTests && isTestCode(file.path)) record(file, d, testCodeMark());
      else parse.push(d);
    }
    if (parse.length === 0) return;
    stats.analysed += parse.length;
    if (!pool) {
      for (const d of parse) record(file, d, await runOne(d, file));
      return;
    }
    jobs.push(pool.submit(parse, file).then((results) => parse.forEach((d, i) => record(file, d, results[i]))));
    // The main thread parses too, when the queue grows faster than the threads empty it.
    while (pool.backlogged && (await pool.help()));
  };
  try {
    readDiagnostics.push(...(await source.read(split.now, onFile)));
    // Parse what is queued while git is still searching, rather than wait for it idle.
    let searched = false;
    void split.later.then(() => (searched = true), () => (searched = true));
    while (!after && pool && !searched && (await pool.help()));
    const rest = after ?? (await split.later);
    if (!after) total += rest.length;
    readDiagnostics.push(...(await source.read(rest, onFile)));
    onProgress?.(stats.filesRead, total);
    // Two reads in a row: their diagnostics are put back in path order, whichever was read first.
    readDiagnostics.sort((a, b) => cmp(a.path, b.path));
    await pool?.drain();
    await Promise.all(jobs);
    if (pool) stats.threadJobs = pool.answered;
  } finally {
    await pool?.close();
  }
  files.sort((a, b) => (a.path === b.path ? cmp(a.detectorId, b.detectorId) : cmp(a.path, b.path)));
  return { files, readDiagnostics, diagnostics: [...diagnostics, ...readDiagnostics], stats, entries: listed.entries, paths: presentPaths(listed) };
}

/** A test file's findings from a detector that does not parse tests: only that it holds code of interest. */
function testCodeMark(): Findings {
  const f = emptyFindings();
  f.facts[TEST_CODE_MARK] = true;
  return f;
}

/** Changed paths up to which a diff's head parses them rather than look them up in the cache. */
export const SMALL_CHANGE = 256;

/** Below this many files the needles could rule out, reading them costs less than one `git grep` of the tree. */
export const GREP_MIN_FILES = 1000;

/**
 * Splits the entries into those to read now, and a promise of the ones still worth reading once the source is
 * asked (`git grep`, many times faster than reading every file here) which hold a needle of a wanting detector.
 * A file some wanting detector takes without needles is read whatever git says, so it is in `now`.
 */
function prefilter(
  source: Source,
  detectors: Detector[],
  entries: SourceEntry[],
  wants: readonly (readonly Detector[])[],
  early: Promise<PathTest | undefined> | undefined,
  onSkip: (e: SourceEntry, wanting: readonly Detector[]) => void,
): { now: SourceEntry[]; later: Promise<SourceEntry[]> } {
  const none = { now: entries, later: Promise.resolve([]) };
  if (!source.grepWithout || entries.length < GREP_MIN_FILES) return none;
  const gated = gatedBy();
  const now: SourceEntry[] = [];
  const asked: SourceEntry[] = [];
  const askedWants: (readonly Detector[])[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (gated(wants[i]!)) asked.push(entries[i]!), askedWants.push(wants[i]!);
    else now.push(entries[i]!);
  }
  if (asked.length < GREP_MIN_FILES) return none;
  const later = (early ?? source.grepWithout(allNeedles(detectors))).then((without) => {
    if (!without) return asked;
    const out: SourceEntry[] = [];
    for (let i = 0; i < asked.length; i++) {
      if (!without.has(asked[i]!.path)) out.push(asked[i]!);
      else onSkip(asked[i]!, askedWants[i]!);
    }
    return out;
  });
  return { now, later };
}

/** Every needle of the detectors the prefilter can ask git about (one search serves them all). */
function allNeedles(detectors: Detector[]): string[] {
  return [...new Set(detectors.filter(greppable).flatMap((d) => d.needles!))].sort();
}

interface Prefetched {
  list: ReturnType<Source['list']>;
  grep?: Promise<PathTest | undefined>;
  pool?: Promise<DetectPool | undefined>;
}

const prefetched = new WeakMap<Source, Prefetched>();

/**
 * Starts listing the source and searching it for needles in git processes, so they run while the caller does
 * something else (loads the catalog); the next `runDetectors` over this source uses the results. On a large tree
 * read without a cache it also starts the worker threads as soon as the listing is in, and has them load the
 * costly parsers the tree will need: a thread takes about a second to load ts-morph, which otherwise came after
 * the needle search and left the main thread waiting for the thread at the end.
 */
export function prefetchDetect(source: Source, detectors: Detector[], opts: { grep: boolean; pool?: PoolOptions }): void {
  const list = source.list();
  // Skipped when most files will come from a cache: then the search would cost more than the reads it saves.
  const grep = opts.grep ? source.grepWithout?.(allNeedles(detectors)) : undefined;
  // A pool that cannot start (no bundle to launch, as under the test runner) is no pool: files are read as before.
  const pool = opts.grep ? list.then((l) => startPool(l.entries, detectors, opts.pool ?? {})).catch(() => undefined) : undefined;
  list.catch(() => {});
  grep?.catch(() => {});
  prefetched.set(source, { list, grep, pool });
}

/** Threads for a tree whose wanted files are enough to need them (before the needle search, which cuts them). */
function startPool(entries: SourceEntry[], detectors: Detector[], opts: PoolOptions): DetectPool | undefined {
  const wanted = new Set<readonly Detector[]>();
  let files = 0;
  for (const ds of selectionsOf(entries, detectors)) {
    if (ds.length === 0) continue;
    files++;
    wanted.add(ds);
  }
  const threads = workerCount(files, detectors, opts);
  if (threads === 0) return undefined;
  const pool = new DetectPool(threads, opts.entry, runOne, opts.threadHeapMb);
  pool.hold(false);
  pool.warm([...new Set([...wanted].flat())]);
  return pool;
}

