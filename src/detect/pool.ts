import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { detectors as registry } from './registry.js';
import type { Detector, FileInput, Findings } from './types.js';
import type { DetectJob, DetectReply } from './worker.js';
import { DETECT_WORKER_ROLE } from './worker-role.js';

/** Below this many files to read, starting threads (each loads the bundle and its parsers) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 2000;
/** Jobs handed out but not answered: bounds the file texts held in messages. */
const MAX_IN_FLIGHT_PER_WORKER = 32;
/**
 * Detectors whose parser is costly to load (the JS detector loads ts-morph, a 13 MB chunk): their jobs always go
 * to threads, so the main thread never loads that parser. Other jobs run on the main thread between reads unless
 * a thread is idle, so the main thread and the threads both stay busy.
 */
const THREAD_AFFINE = new Set(['js-agent-stack']);

export interface PoolOptions {
  /** Threads to start; 0 disables. Default: $MAESTRO_WORKERS, else available cores - 1 (at least 1). */
  workers?: number;
  /** Script a worker runs (it must call runDetectWorker); default: the running bundle, re-launched in a worker role. */
  entry?: string;
}

/** How many worker threads a run over `filesToRead` files should use: 0 means detect on the main thread. */
export function workerCount(filesToRead: number, detectors: Detector[], opts: PoolOptions = {}): number {
  // Workers know the registry's detectors only; a caller's own detectors run on the main thread.
  if (!detectors.every((d) => registry.includes(d))) return 0;
  const env = process.env.MAESTRO_WORKERS;
  if (opts.workers !== undefined) return Math.max(0, opts.workers);
  if (env !== undefined && env !== '' && /^\d+$/.test(env)) return Number(env);
  if (filesToRead < MIN_FILES_FOR_WORKERS) return 0;
  return Math.max(1, availableParallelism() - 1);
}

interface Pending {
  job: DetectJob;
  resolve: (f: Findings[]) => void;
  reject: (e: Error) => void;
  worker: Slot;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  dead: boolean;
  /** The thread has loaded the bundle and listens. */
  booted: boolean;
}

/**
 * A few worker threads that run detectors over file texts. Callers `run` jobs and await findings; `run` waits for
 * a free slot first, so at most workers x MAX_IN_FLIGHT texts are held. A worker that dies fails over: its pending
 * jobs run on the main thread, so a broken thread costs speed, never results.
 */
export class DetectPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly waiters: (() => void)[] = [];
  private nextId = 1;
  /** Jobs a thread answered (the rest, if any, ran here after a thread failed). */
  answered = 0;
  private readonly byId = new Map(registry.map((d) => [d.id, d]));

  constructor(size: number, entry: string | undefined, private readonly inline: (d: Detector, f: FileInput) => Promise<Findings>) {
    const file = entry ?? bundleFile();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, { workerData: { role: DETECT_WORKER_ROLE } });
      const slot: Slot = { worker, inFlight: 0, dead: false, booted: false };
      worker.on('message', (m: DetectReply | 'ready') => (m === 'ready' ? (slot.booted = true) : this.reply(m)));
      worker.on('error', () => this.lose(slot));
      worker.on('exit', () => this.lose(slot));
      this.slots.push(slot);
    }
  }

  /** True when these detectors should run in a thread: always for costly-to-load parsers, else when a thread idles. */
  offload(ds: readonly Detector[]): boolean {
    return ds.some((d) => THREAD_AFFINE.has(d.id)) || this.slots.some((s) => s.booted && !s.dead && s.inFlight < 2);
  }

  /** Resolves when a thread can take a job (at once while any queue has room). */
  async ready(): Promise<void> {
    while (this.free() === 'full') await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Runs the detectors over the file on the least busy thread (or here, when every thread is gone). */
  run(ds: readonly Detector[], file: FileInput): Promise<Findings[]> {
    const slot = this.free();
    if (slot === undefined) return this.runInline(ds.map((d) => d.id), file);
    if (slot === 'full') return this.ready().then(() => this.run(ds, file));
    return this.send(slot, ds, file);
  }

  private free(): Slot | 'full' | undefined {
    const live = this.slots.filter((s) => !s.dead);
    if (live.length === 0) return undefined;
    const slot = live.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    return slot.inFlight < MAX_IN_FLIGHT_PER_WORKER ? slot : 'full';
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const s of slots) s.dead = true;
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private send(slot: Slot, ds: readonly Detector[], file: FileInput): Promise<Findings[]> {
    const job: DetectJob = { id: this.nextId++, detectorIds: ds.map((d) => d.id), file: { path: file.path, blobId: file.blobId, text: file.text } };
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { job, resolve, reject, worker: slot });
      slot.worker.postMessage(job);
    });
  }

  private reply(m: DetectReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    this.release(p.worker);
    if ('error' in m) this.runInline(p.job.detectorIds, p.job.file).then(p.resolve, p.reject);
    else {
      this.answered++;
      p.resolve(m.results);
    }
  }

  /** A thread that failed or exited: what it still owed runs here instead. */
  private lose(slot: Slot): void {
    if (slot.dead && !this.slots.includes(slot)) return;
    slot.dead = true;
    for (const [id, p] of [...this.pending]) {
      if (p.worker !== slot) continue;
      this.pending.delete(id);
      this.runInline(p.job.detectorIds, p.job.file).then(p.resolve, p.reject);
    }
    slot.inFlight = 0;
    this.waiters.splice(0).forEach((w) => w());
  }

  private release(slot: Slot): void {
    slot.inFlight--;
    this.waiters.shift()?.();
  }

  private async runInline(ids: string[], file: FileInput): Promise<Findings[]> {
    const out: Findings[] = [];
    for (const id of ids) out.push(await this.inline(this.byId.get(id)!, file));
    return out;
  }
}

/**
 * The file this code was loaded from. In the ncc bundle every module shares the bundle's `__filename`, and
 * src/index.ts dispatches on `workerData.role`, so the bundle re-launched in a thread becomes a detect worker.
 */
function bundleFile(): string {
  if (typeof __filename === 'undefined' || !/\.[cm]?js$/.test(__filename)) throw new Error('detect workers need the bundled build (or an explicit entry)');
  return __filename;
}
