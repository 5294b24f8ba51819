import { isatty } from 'node:tty';
import { writeTextSync } from '../write-text.js';
import { main } from './main.js';

/** The CLI shell, started by dist/cli/index.js (which shares the one bundle with the Action). */
export function runCli(): void {
  main(process.argv.slice(2), {
    // Straight to the descriptor, without the stream's copy of a report of megabytes (see writeTextSync).
    stdout: (s) => writeTextSync(1, [s]),
    stderr: (s) => process.stderr.write(s),
    isTTY: isatty(1),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
}
