import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir } from '../../src/launch/code-cache.js';

// The shipped launcher (dist/cli/index.js, built from src/launch/cli.ts), run as a user runs it.
const CLI = path.resolve('dist/cli/index.js');

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'maestro-code-cache-'));
  dir = path.join(root, 'v8');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): { stdout: string; log: string[]; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MAESTRO_CODE_CACHE: dir, MAESTRO_CODE_CACHE_DEBUG: '1', ...env },
  });
  const log = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('maestro-gate: code cache: '))
    .map((l) => l.slice('maestro-gate: code cache: '.length).replace(/-[0-9a-f]{24}\.v8/, '.v8'));
  return { stdout: r.stdout, log, status: r.status };
}

const entries = () => readdirSync(dir).filter((f) => f.endsWith('.v8'));

describe('the bundle every run starts with', () => {
  const bundle = readFileSync(path.resolve('dist/index.js'));

  it('is ASCII, which V8 holds as one byte per character', () => {
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('leaves the HCL grammar and the CodeMirror modules it brings to a chunk loaded on the first Terraform file', () => {
    const text = bundle.toString('latin1');
    expect(text).not.toContain('announceDOM'); // CodeMirror's view
    expect(text).not.toContain('HeredocIdentifier'); // the grammar's node names
  });
});

describe('V8 code cache of the CLI launcher', () => {
  it('compiles from source on the first run, saves private entries, and loads them on the next', () => {
    const first = cli(['--version']);
    expect(first.status).toBe(0);
    expect(first.log).toEqual(['index.js: no cache', 'index.v8: saved']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(entries()).toHaveLength(1);
    expect(statSync(path.join(dir, entries()[0]!)).mode & 0o777).toBe(0o600);
    const second = cli(['--version']);
    expect(second.log).toEqual(['index.js: from cache']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('gives the same report with and without the cache, and caches the chunks the run loaded', () => {
    const args = ['scan', 'examples/rag-shell-agent', '--format', 'json'];
    const off = cli(args, { MAESTRO_CODE_CACHE: 'off' });
    expect(off.log).toEqual([]);
    const cold = cli(args);
    const warm = cli(args);
    expect(cold.stdout).toBe(off.stdout);
    expect(warm.stdout).toBe(off.stdout);
    expect(cold.log.filter((l) => l.endsWith('saved')).length).toBeGreaterThanOrEqual(1);
    expect(warm.log.every((l) => l.endsWith('from cache'))).toBe(true);
    expect(warm.log).toContain('index.js: from cache');
  });

  it('detect threads started by the launcher load and save through the same cache', () => {
    // A TypeScript agent, so the thread loads the TypeScript chunk as well as the bundle.
    const repo = path.join(root, 'repo');
    mkdirSync(repo);
    writeFileSync(
      path.join(repo, 'agent.ts'),
      "import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nexport const ask = (q: string) => generateText({ model: openai('gpt-4o'), prompt: q });\n",
    );
    const args = ['scan', repo, '--format', 'json'];
    const off = cli(args, { MAESTRO_CODE_CACHE: 'off', MAESTRO_WORKERS: '1' });
    expect(JSON.parse(off.stdout).components.length).toBeGreaterThan(0);
    const cold = cli(args, { MAESTRO_WORKERS: '1' });
    expect(cold.stdout).toBe(off.stdout);
    // Only the thread parses TypeScript: the chunk's entry is the thread's.
    expect(entries().some((f) => /^\d+\.index-/.test(f))).toBe(true);
    const warm = cli(args, { MAESTRO_WORKERS: '1' });
    expect(warm.stdout).toBe(off.stdout);
    expect(warm.log.filter((l) => l.endsWith('from cache')).length).toBeGreaterThanOrEqual(2);
    expect(warm.log.filter((l) => !l.endsWith('from cache'))).toEqual([]);
  });

  it('refuses a corrupt entry, runs correctly from source, and replaces it', () => {
    cli(['--version']);
    const [entry] = entries();
    writeFileSync(path.join(dir, entry!), Buffer.alloc(4096, 7), { mode: 0o600 });
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.log).toEqual(['index.js: cache refused', 'index.v8: saved']);
    expect(cli(['--version']).log).toEqual(['index.js: from cache']);
  });

  it('neither reads nor writes a folder others can write, nor entries that are symlinks or writable by others', () => {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o777);
    const open = cli(['--version']);
    expect(open.status).toBe(0);
    expect(open.log).toEqual([`${dir}: not used (not a folder of this user's that only they can write)`]);
    expect(entries()).toEqual([]);

    chmodSync(dir, 0o700);
    cli(['--version']);
    const [entry] = entries();
    chmodSync(path.join(dir, entry!), 0o666);
    expect(cli(['--version']).log[0]).toBe('index.js: no cache');

    const elsewhere = path.join(root, 'elsewhere.v8');
    writeFileSync(elsewhere, Buffer.alloc(64), { mode: 0o600 });
    rmSync(path.join(dir, entry!));
    symlinkSync(elsewhere, path.join(dir, entry!));
    expect(cli(['--version']).log[0]).toBe('index.js: no cache');

    // A FIFO would block a plain open for ever.
    rmSync(path.join(dir, entry!));
    execFileSync('mkfifo', ['-m', '600', path.join(dir, entry!)]);
    expect(cli(['--version']).log[0]).toBe('index.js: no cache');
  });

  it('gives the bundle the fingerprint it would compute itself, so --cache results key alike with or without it', () => {
    const folders = (cache: string) => readdirSync(cache).filter((f) => f.startsWith('v'));
    const example = path.resolve('examples/rag-shell-agent');
    const withCache = path.join(root, 'with');
    const without = path.join(root, 'without');
    expect(cli(['scan', example, '--cache', withCache]).log).toContain('index.js: no cache');
    expect(cli(['scan', example, '--cache', without], { MAESTRO_CODE_CACHE: 'off' }).log).toEqual([]);
    expect(folders(withCache)).toHaveLength(1);
    expect(folders(withCache)).toEqual(folders(without));
  });

  it("keeps only a script's newest few entries (other builds, other Node versions)", () => {
    mkdirSync(dir, { mode: 0o700 });
    const stale = ['a', 'b', 'c', 'd'].map((c, k) => {
      const f = path.join(dir, `index-${c.repeat(24)}.v8`);
      writeFileSync(f, Buffer.alloc(16), { mode: 0o600 });
      utimesSync(f, new Date(2020, 0, k + 1), new Date(2020, 0, k + 1));
      return path.basename(f);
    });
    const other = path.join(dir, `796.index-${'e'.repeat(24)}.v8`);
    writeFileSync(other, Buffer.alloc(16), { mode: 0o600 });
    expect(cli(['--version']).log).toEqual(['index.js: no cache', 'index.v8: saved']);
    const left = entries();
    // The new entry and the two newest stale ones; another script's entry is not touched.
    expect(left.filter((f) => f.startsWith('index-')).sort()).toEqual([...stale.slice(2), left.find((f) => f.startsWith('index-') && !stale.includes(f))!].sort());
    expect(left).toContain(path.basename(other));
    expect(left.filter((f) => f.startsWith('index-'))).toHaveLength(3);
  });

  it('is off with MAESTRO_CODE_CACHE=off, else in a per-user folder', () => {
    cli(['--version'], { MAESTRO_CODE_CACHE: 'off' });
    expect(() => readdirSync(dir)).toThrow();
    expect(codeCacheDir({ MAESTRO_CODE_CACHE: 'off' })).toBeUndefined();
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'maestro-gate', 'v8'));
    expect(codeCacheDir({ MAESTRO_CODE_CACHE: 'rel/dir' })).toBe(path.resolve('rel/dir'));
  });
});
