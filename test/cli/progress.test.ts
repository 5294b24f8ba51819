import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

// Progress goes to stderr: a self-overwriting line on a terminal, nothing in a log (CI, a redirect) unless
// `--progress` asks for it, and then plain lines a log can keep.

async function run(argv: string[], stderrIsTTY: boolean): Promise<{ code: number; stderr: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false, stderrIsTTY });
  return { code, stderr, stdout };
}

const SCAN = ['scan', 'examples/rag-shell-agent', '--format', 'json'];
let ci: string | undefined;
beforeEach(() => {
  ci = process.env.CI;
  delete process.env.CI;
});
afterEach(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
});

describe('progress on stderr', () => {
  it('overwrites one line on a terminal, and clears it before the report', async () => {
    const { stderr, code } = await run(SCAN, true);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\r\u001b\[Kreading working tree: (\d+)\/\1 files \(\d+ files\/s\)/);
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(stderr).not.toContain('\n');
  });

  it('says nothing in a log, or on a terminal in CI, unless asked', async () => {
    expect((await run(SCAN, false)).stderr).toBe('');
    process.env.CI = 'true';
    expect((await run(SCAN, true)).stderr).toBe('');
  });

  it('writes plain lines to a log with --progress, the report unchanged', async () => {
    const quiet = await run(SCAN, false);
    process.env.CI = 'true';
    for (const tty of [false, true]) {
      const asked = await run([...SCAN, '--progress'], tty);
      expect(asked.stderr).toMatch(/^maestro-gate: reading working tree: (\d+)\/\1 files \(\d+ files\/s\)\n$/);
      expect(asked.stdout).toBe(quiet.stdout);
      expect(asked.code).toBe(quiet.code);
    }
  });
});
