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
    // Exit now rather than when the loop drains: a large run leaves a heap of 100+ MB that Node would tear down
    // object by object, tens of milliseconds the OS does not need. stdout was written synchronously; stderr's
    // callback runs once what was queued before it is written. 'exit' handlers (the code cache) still run.
    process.stderr.write('', () => process.exit(code));
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
