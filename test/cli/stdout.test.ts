import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

// The shipped launcher writes reports straight to descriptor 1 (src/write-text.ts), not through process.stdout.
const CLI = path.resolve('dist/cli/index.js');

describe('the CLI on stdout', () => {
  it('writes the whole report into a pipe it shares with stderr and that is read late', async () => {
    // stderr on the same pipe: Node makes that pipe non-blocking, so writes that outrun the reader (asleep for a
    // second while 100 KB arrive, more than a pipe holds) fail with EAGAIN and must be waited out, not lost.
    const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('sh', ['-c', `${quoted(process.execPath)} ${quoted(CLI)} scan examples/rag-shell-agent --format json 2>&1 | (sleep 1; cat)`], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, MAESTRO_CODE_CACHE: 'off' },
    });
    const inProcess = await cli('scan', 'examples/rag-shell-agent', '--format', 'json');
    expect(inProcess.stdout.length).toBeGreaterThan(65_536);
    expect(r.stdout).toBe(inProcess.stdout);
  });

  it("stops quietly when the reader closes the pipe early, with the gate's exit code", async () => {
    const expected = await cli('scan', 'examples/rag-shell-agent', '--format', 'json');
    const child = spawn(process.execPath, [CLI, 'scan', 'examples/rag-shell-agent', '--format', 'json'], { env: { ...process.env, MAESTRO_CODE_CACHE: 'off' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // The reader goes away before the report is written (a `| head` that has its lines).
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(expected.code);
  });

  it('renders the example report in ASCII: nothing the tool writes itself widens it to two bytes a character', async () => {
    const { stdout } = await cli('scan', 'examples/rag-shell-agent', '--format', 'json');
    expect(stdout).toMatch(/^[\x00-\x7f]*$/);
  });
});
