import type { RunOptions } from './run.js';

/** Between two progress lines in a log. */
const LOG_EVERY_MS = 5000;

/**
 * Progress for a log (CI, a redirected stderr): a line at most every few seconds, and one when a revision's reading
 * ends, each handed to `write` without a line end. A log keeps every line, so it is not the terminal's overwritten one.
 */
export function progressLog(write: (line: string) => void): NonNullable<RunOptions['onProgress']> {
  const started = Date.now();
  let last = 0;
  return (phase, done, total) => {
    if (done < total && Date.now() - last < LOG_EVERY_MS) return;
    last = Date.now();
    write(`maestro-gate: ${phase}: ${done}/${total} files (${filesPerSecond(done, started)} files/s)`);
  };
}

/** Files read per second since `started` (a Date.now()), rounded. */
export function filesPerSecond(done: number, started: number): string {
  return (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(0);
}
