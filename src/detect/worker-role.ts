import { workerData } from 'node:worker_threads';

/** `workerData.role` of a thread started by the detect pool (src/detect/pool.ts). */
export const DETECT_WORKER_ROLE = 'detect-worker';

/** True in a thread the detect pool started: src/index.ts then loads the detectors only. */
export function isDetectWorker(): boolean {
  return (workerData as { role?: string } | null)?.role === DETECT_WORKER_ROLE;
}
