import { isatty } from 'node:tty';
import { writeTextSync } from '../write-text.js';
import { main } from './main.js';

/** The CLI shell, started by dist/cli/index.js (which shares the one bundle with the Action). */
export function runCli(): void {
  main(process.argv.slice(2), {
    stdout: writeStdout,
    stderr: (s) => process.stderr.write(s),
    isTTY: isatty(1),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Straight to the descriptor, without the stream's copy of a report of megabytes (see writeTextSync). A reader that
 * stopped reading (`| head`) has all it wanted: the rest is dropped quietly, and the exit code is still the gate's.
 */
function writeStdout(text: string): void {
  try {
    writeTextSync(1, [text]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
}
