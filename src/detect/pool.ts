import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { detectors as registry } from './registry.js';
import type { Detector, FileInput, Findings } from './types.js';
import type { DetectJob, DetectReply, WarmJob } from './worker.js';
import { DETECT_WORKER_ROLE } from './worker-role.js';
import { launcher } from '../launch/launcher-info.js';

/**
 * Below this many files to read (after the needle prefilter, so most of them get parsed), starting threads (each
 * loads the bundle and its parsers) costs more than it saves.
 */
export const MIN_FILES_FOR_WORKERS = 300;
/**
 * Jobs sent to one thread and not yet answered. Small, so most jobs wait in the shared queue where whichever side
 * is free (a thread, or the main thread between reads) takes them.
 */
const IN_FLIGHT_PER_WORKER = 3;
/** Jobs queued beyond this make the main thread parse one before it reads on: bounds the texts held. */
const MAX_QUEUED = 256;
/**
 * Detectors whose parser is costly to load (the JS detector loads ts-morph, a 13 MB chunk): while a thread lives,
 * only threads take their jobs, so the main thread never loads that parser.
 */
const THREAD_AFFINE = new Set(['js-agent-stack']);
/**
 * Each thread's heap, at most (MB): its old generation, and its young one (where a parse's short-lived trees die).
 * Uncapped, a thread's heap grows as the main thread's does before V8 collects, and every thread adds that much:
 * pydantic-ai (1,400 YAML cassettes, 700 Python files) peaked at 527-569 MB with one thread and 319-355 MB with
 * none; capped, at 425-461 MB in the same time, byte-identical. A thread that needs more (no single file should:
 * files are capped at 1-2 MB) is stopped, and its jobs fail over to the main thread.
 */
export const THREAD_HEAP_MB = 256;
const THREAD_YOUNG_MB = 16;

export interface PoolOptions {
  /** Threads to start; 0 disables. Default: $MAESTRO_WORKERS, else available cores - 1 (at least 1). */
  workers?: number;
  /** Script a worker runs (it must call runDetectWorker); default: the running bundle, re-launched in a worker role. */
  entry?: string;
  /** Each thread's old generation, at most (MB); default THREAD_HEAP_MB. */
  threadHeapMb?: number;
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

interface Job {
  ds: readonly Detector[];
  file: FileInput;
  affine: boolean;
  /** A thread failed on it (not a detector error, which a thread reports as a diagnostic): main thread only. */
  mainOnly?: boolean;
  resolve: (f: Findings[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Sent and not answered, by message id. */
  inFlight: Map<number, Job>;
  dead: boolean;
  /** The thread has loaded the bundle and listens. */
  booted: boolean;
}

/**
 * A few worker threads and the main thread sharing one queue of parse jobs. Threads keep a small window of jobs
 * (costly-to-load parsers first); the main thread takes the other jobs when it `help`s, between reads and after
 * them, so neither side idles while the other has a backlog. A thread that dies fails over: its jobs go back to the
 * queue and, with no thread left, the main thread runs everything. Results never depend on who ran a job.
 */
export class DetectPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly idle: (() => void)[] = [];
  private nextId = 1;
  /** Jobs a thread answered (the rest ran on the main thread). */
  answered = 0;

  constructor(
    size: number,
    entry: string | undefined,
    private readonly inline: (d: Detector, f: FileInput) => Promise<Findings>,
    heapMb = THREAD_HEAP_MB,
  ) {
    // Through the CLI's launcher when there is one, so threads load compiled code from its cache too.
    const file = entry ?? launcher()?.file ?? bundleFile();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, { workerData: { role: DETECT_WORKER_ROLE }, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(THREAD_YOUNG_MB, heapMb) } });
      const slot: Slot = { worker, inFlight: new Map(), dead: false, booted: false };
      worker.on('message', (m: DetectReply | 'ready') => this.message(slot, m));
      worker.on('error', () => this.lose(slot));
      worker.on('exit', () => this.lose(slot));
      this.slots.push(slot);
    }
  }

  /**
   * Whether the threads keep the process alive. A pool started ahead of use does not (the run may fail before it
   * is used, and must still exit); the run that adopts it does.
   */
  hold(on: boolean): void {
    for (const s of this.slots) on ? s.worker.ref() : s.worker.unref();
  }

  /** Has every thread load these detectors' parsers now (a thread would load them on its first file anyway). */
  warm(ds: readonly Detector[]): void {
    const ids = ds.filter((d) => d.warm).map((d) => d.id);
    if (!ids.length) return;
    const msg: WarmJob = { warm: ids };
    for (const s of this.slots) if (!s.dead) s.worker.postMessage(msg);
  }

  /** Queues the detectors over the file; resolves with their findings, in order, whoever runs them. */
  submit(ds: readonly Detector[], file: FileInput): Promise<Findings[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ds, file: { path: file.path, blobId: file.blobId, text: file.text }, affine: ds.some((d) => THREAD_AFFINE.has(d.id)), resolve, reject });
      this.pump();
    });
  }

  /** True while the queue is long enough that the reader should parse before reading more. */
  get backlogged(): boolean {
    return this.queue.length > MAX_QUEUED;
  }

  /**
   * Runs one queued job on the main thread, if there is one the main thread should take; false when there is none
   * (every queued job waits for a thread). Yields to the event loop first, so thread replies are not starved.
   */
  async help(): Promise<boolean> {
    await new Promise<void>((r) => setImmediate(r));
    const threads = this.slots.some((s) => !s.dead);
    const i = this.queue.findIndex((j) => !threads || !j.affine || j.mainOnly);
    if (i < 0) return false;
    const [job] = this.queue.splice(i, 1);
    await this.runInline(job);
    return true;
  }

  /** Resolves when the queue is empty and nothing is in flight. */
  async drain(): Promise<void> {
    for (;;) {
      while (await this.help());
      if (this.queue.length === 0 && this.slots.every((s) => s.inFlight.size === 0)) return;
      await new Promise<void>((r) => this.idle.push(r));
    }
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const s of slots) s.dead = true;
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  /** Tops up each live thread's window: costly-parser jobs first, others only once the thread has booted. */
  private pump(): void {
    for (const slot of this.slots) {
      if (slot.dead) continue;
      while (slot.inFlight.size < IN_FLIGHT_PER_WORKER) {
        let i = this.queue.findIndex((j) => j.affine && !j.mainOnly);
        if (i < 0 && slot.booted) i = this.queue.findIndex((j) => !j.mainOnly);
        if (i < 0) break;
        const [job] = this.queue.splice(i, 1);
        const id = this.nextId++;
        slot.inFlight.set(id, job);
        const msg: DetectJob = { id, detectorIds: job.ds.map((d) => d.id), file: job.file };
        slot.worker.postMessage(msg);
      }
    }
  }

  private message(slot: Slot, m: DetectReply | 'ready'): void {
    if (m === 'ready') slot.booted = true;
    else {
      const job = slot.inFlight.get(m.id);
      if (!job) return;
      slot.inFlight.delete(m.id);
      if ('error' in m) this.queue.unshift({ ...job, mainOnly: true });
      else {
        this.answered++;
        job.resolve(m.results);
      }
    }
    this.pump();
    this.wake();
  }

  /** A thread that failed or exited: what it still owed goes back to the queue. */
  private lose(slot: Slot): void {
    if (slot.dead) return;
    slot.dead = true;
    this.queue.unshift(...slot.inFlight.values());
    slot.inFlight.clear();
    this.pump();
    this.wake();
  }

  private wake(): void {
    this.idle.splice(0).forEach((w) => w());
  }

  private async runInline(job: Job): Promise<void> {
    try {
      const out: Findings[] = [];
      for (const d of job.ds) out.push(await this.inline(d, job.file));
      job.resolve(out);
    } catch (e) {
      job.reject(e as Error);
    }
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
