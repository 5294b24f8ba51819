import { parentPort } from 'node:worker_threads';
import { detectors } from './registry.js';
import { runOne } from './run-one.js';
import { launcher } from '../launch/launcher-info.js';
import type { Findings, FileInput } from './types.js';

export interface DetectJob {
  id: number;
  detectorIds: string[];
  file: FileInput;
}

/** Detectors to warm (load their parsers) before any job comes. */
export interface WarmJob {
  warm: string[];
}

export type DetectReply = { id: number; results: Findings[] } | { id: number; error: string };
/** A worker also posts the string 'ready' once, when it listens. */

/**
 * The worker side: runs registry detectors over the file texts it is sent, one job at a time, and posts the
 * findings back. Detectors are pure functions of (path, text), so a thread gives what the main thread would.
 */
export function runDetectWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runDetectWorker outside a worker thread');
  const byId = new Map(detectors.map((d) => [d.id, d]));
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (job: DetectJob | WarmJob) => {
    if ('warm' in job) {
      // Queued like a job, so a job that follows waits for the parser instead of loading it a second time.
      chain = chain.then(() => Promise.all(job.warm.map((id) => byId.get(id)?.warm?.().catch(() => undefined))).then(() => undefined));
      return;
    }
    chain = chain.then(async () => {
      let reply: DetectReply;
      try {
        const results: Findings[] = [];
        for (const id of job.detectorIds) {
          const d = byId.get(id);
          if (!d) throw new Error(`unknown detector ${id}`);
          results.push(await runOne(d, job.file));
        }
        reply = { id: job.id, results };
      } catch (err) {
        reply = { id: job.id, error: (err as Error).message };
      }
      // A pool ends its threads without an exit to hook: the parsers this job compiled are cached now (the first
      // time only), before the reply that may let the pool end the thread.
      launcher()?.saveCodeCache();
      port.postMessage(reply);
    });
  });
  port.postMessage('ready');
}
