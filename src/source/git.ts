import { execFile, spawn } from 'node:child_process';
import { UserError } from '../errors.js';

// Hooks and fsmonitor are the ways a repository's own config could make git run a program; switch them off.
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'protocol.allow=never'];

export function git(cwd: string, args: string[], opts: { maxBuffer?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...SAFE, ...args],
      { cwd, encoding: 'buffer', maxBuffer: opts.maxBuffer ?? 512 * 1024 * 1024, env: gitEnv() },
      (err, stdout, stderr) => {
        if (err) {
          const msg = Buffer.from(stderr ?? '').toString('utf8').trim() || err.message;
          reject(new GitError(msg, args));
        } else resolve(stdout);
      },
    );
  });
}

/**
 * `git grep -l` for fixed strings: the paths (relative to `cwd`, as git prints them) of files holding any needle.
 * The needles go as one escaped ERE alternation: git tries several `-e`/`-F` patterns one after another on every
 * line (10x slower with hundreds of needles), while one alternation compiles to a single automaton. Config that
 * could change what git prints (full names, submodule recursion, colour) is pinned; LC_ALL=C keeps it bytewise.
 */
export async function grepFiles(cwd: string, needles: string[], extra: string[]): Promise<string[]> {
  return (await grepOutput(cwd, needles, extra)).split('\0').filter(Boolean);
}

/** `grepFiles`' answer as git prints it: NUL-separated paths. */
export async function grepOutput(cwd: string, needles: string[], extra: string[]): Promise<string> {
  // -I -L: text files that hold no needle. Binary files are in neither list, so they are still read and reported.
  const args = [...SAFE, '-c', 'grep.fullName=false', '-c', 'submodule.recurse=false', 'grep', '-I', '-L', '-z', '-E', '--no-color', '-f', '-', ...extra];
  // 1 is "nothing matched".
  return (await gitPiped(cwd, 'grep', args, needles.map(escapeEre).join('|') + '\n', [0, 1])).toString('utf8');
}

/**
 * Runs git (`command` names it in an error without a message) with `input` on its stdin; its stdout once it exits
 * with one of the `ok` codes, else a GitError.
 */
function gitPiped(cwd: string, command: string, args: string[], input: string, ok: readonly number[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== null && ok.includes(code)) resolve(Buffer.concat(out));
      else reject(new GitError(Buffer.concat(err).toString('utf8').trim() || `git ${command} exited with ${code}`, args));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** A literal as a POSIX extended regular expression. */
export function escapeEre(s: string): string {
  return s.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: string[],
  ) {
    super(message);
  }
}

function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

export async function isGitRepo(dir: string): Promise<boolean> {
  try {
    const out = await git(dir, ['rev-parse', '--is-inside-work-tree']);
    return out.toString().trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * Paths under `cwd` (relative to it, as `ls-tree` there gives them) that differ between two commits, renames as a
 * delete and an add. diff-tree is plumbing: no external diff or textconv driver from the repository's config runs.
 */
export async function changedPaths(cwd: string, from: string, to: string): Promise<Set<string>> {
  const out = await git(cwd, ['diff-tree', '-r', '-z', '--name-only', '--no-renames', '--relative', from, to]);
  return new Set(out.toString('utf8').split('\0').filter(Boolean));
}

/** One path that differs between two trees, as `git diff-tree --raw` gives it (modes in octal, `000000` where absent). */
export interface TreeChange {
  path: string;
  /** A, D, M or T (renames are off). */
  status: string;
  srcMode: string;
  dstMode: string;
  dstId: string;
}

/**
 * What differs between two commits under `cwd` (paths relative to it, as `ls-tree` there gives them), with the
 * head's mode and object id for each path: enough to derive the head's tree from the base's.
 */
export async function treeChanges(cwd: string, from: string, to: string): Promise<TreeChange[]> {
  const out = (await git(cwd, ['diff-tree', '-r', '-z', '--raw', '--no-renames', '--relative', from, to])).toString('utf8');
  const parts = out.split('\0');
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const [srcMode, dstMode, , dstId, status] = parts[i]!.replace(/^:/, '').split(' ');
    if (!status || !dstId) throw new Error(`unexpected diff-tree record: ${JSON.stringify(parts[i])}`);
    changes.push({ path: parts[i + 1]!, status, srcMode: srcMode!, dstMode: dstMode!, dstId });
  }
  return changes;
}

/** The sizes of the given objects (`git cat-file --batch-check`), in order; undefined for a missing one. */
export async function objectSizes(cwd: string, ids: string[]): Promise<(number | undefined)[]> {
  if (ids.length === 0) return [];
  const lines = (await gitPiped(cwd, 'cat-file', [...SAFE, 'cat-file', '--batch-check'], ids.join('\n') + '\n', [0])).toString('latin1').split('\n');
  return ids.map((id, i) => {
    // `<id> <type> <size>`, or `<id> missing`
    const f = (lines[i] ?? '').split(' ');
    return f.length === 3 && f[0] === id && /^\d+$/.test(f[2]!) ? Number(f[2]) : undefined;
  });
}

/** Resolves REV to a commit id, or throws a UserError that says what to do. */
export async function resolveCommit(dir: string, rev: string): Promise<string> {
  if (rev.startsWith('-')) throw new UserError(`invalid revision '${rev}'`);
  try {
    return (await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).toString().trim();
  } catch {
    throw new UserError(
      `revision '${rev}' is not a commit in ${dir}; if this is a shallow clone, fetch it (git fetch --depth=1 origin ${rev}) or check out with fetch-depth: 0`,
    );
  }
}

const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Several revisions' commit ids, and with `prefix` the folder `dir` is inside its repository (`--show-prefix`), from
 * one `git rev-parse` (each git started costs milliseconds). Undefined when git cannot answer all of them at once
 * (a revision that is not a commit, one that looks like an option): `resolveCommit` then says which, and why.
 */
export async function resolveCommits(dir: string, revs: string[], prefix: boolean): Promise<{ commits: string[]; prefix?: string } | undefined> {
  if (revs.some((r) => r.startsWith('-'))) return undefined;
  let lines: string[];
  try {
    // No `--end-of-options`: some git versions (2.39 here) print it back. No revision starts with `-` (above).
    const args = ['rev-parse', ...(prefix ? ['--show-prefix'] : []), ...revs.map((r) => `${r}^{commit}`)];
    lines = (await git(dir, args)).toString('utf8').split('\n');
  } catch {
    return undefined;
  }
  const commits = lines.slice(prefix ? 1 : 0, (prefix ? 1 : 0) + revs.length);
  if (commits.length !== revs.length || !commits.every((c) => COMMIT_ID.test(c))) return undefined;
  return prefix ? { commits, prefix: lines[0]! } : { commits };
}

/** Blobs parsed but not yet handled before git's output is paused: bounds memory when handlers are slower than git. */
const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

/** A full object id (SHA-1 or SHA-256): what `cat-file --batch` takes as one request, never as two or as a name. */
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** Asked in place of anything else, for git to answer `missing` at that place in the order. */
const NO_OBJECT = '0'.repeat(40);

/**
 * Streams blob contents through one `git cat-file --batch` process, in the order asked. Handlers run one at a
 * time, in order; when they fall behind, git's output is paused, so memory holds a bounded window of blobs. An id
 * that is not a full object id (one read back from a cache may be anything) is answered as missing.
 */
export function catBlobs(
  cwd: string,
  ids: string[],
  onBlob: (index: number, content: Buffer | null) => void | Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ids.length === 0) return resolve();
    const child = spawn('git', [...SAFE, 'cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    // Unconsumed output as a list of chunks: joining only what one blob needs keeps big blobs linear, not quadratic.
    const chunks: Buffer[] = [];
    let have = 0;
    let index = 0;
    let need = -1; // bytes of content (+1 newline) expected, or -1 while reading a header
    let busy: Promise<void> = Promise.resolve();
    let queued = 0;
    let paused = false;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(e);
    };
    const take = (n: number): Buffer => {
      let out: Buffer;
      if (chunks[0].length >= n) {
        out = chunks[0].subarray(0, n);
      } else {
        const parts: Buffer[] = [];
        let got = 0;
        for (const c of chunks) {
          if (got >= n) break;
          parts.push(c);
          got += c.length;
        }
        out = Buffer.concat(parts, got).subarray(0, n);
      }
      // Drop consumed bytes from the front.
      let left = n;
      while (left > 0) {
        if (chunks[0].length <= left) left -= chunks.shift()!.length;
        else {
          chunks[0] = chunks[0].subarray(left);
          left = 0;
        }
      }
      have -= n;
      return out;
    };
    const headerEnd = (): number => {
      let offset = 0;
      for (const c of chunks) {
        const nl = c.indexOf(10);
        if (nl >= 0) return offset + nl;
        offset += c.length;
      }
      return -1;
    };
    const deliver = (i: number, content: Buffer | null) => {
      const size = content?.length ?? 0;
      queued += size;
      busy = busy
        .then(() => onBlob(i, content))
        .then(() => {
          queued -= size;
          if (paused && queued < MAX_QUEUED_BYTES / 2) {
            paused = false;
            child.stdout.resume();
          }
        })
        .catch(fail);
      if (!paused && queued > MAX_QUEUED_BYTES) {
        paused = true;
        child.stdout.pause();
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      for (;;) {
        if (need < 0) {
          const nl = headerEnd();
          if (nl < 0) break;
          const header = take(nl + 1).toString('latin1', 0, nl);
          if (index >= ids.length) return fail(new Error(`git cat-file answered more than the ${ids.length} objects asked`));
          if (header.endsWith(' missing')) {
            deliver(index++, null);
            continue;
          }
          const size = Number(header.split(' ')[2]);
          if (!Number.isSafeInteger(size) || size < 0) return fail(new Error(`unexpected git cat-file answer: ${JSON.stringify(header.slice(0, 120))}`));
          need = size + 1;
        }
        if (have < need) break;
        // A copy, so a small blob does not pin git's 64 KB output chunk while it waits in the queue.
        const content = Buffer.from(take(need).subarray(0, need - 1));
        need = -1;
        deliver(index++, content);
      }
    });
    child.stderr.resume();
    child.on('error', fail);
    child.on('close', () => {
      busy.then(() => (index === ids.length ? resolve() : fail(new Error(`git cat-file stopped after ${index} of ${ids.length} blobs`))), fail);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(ids.map((id) => (OBJECT_ID.test(id) ? id : NO_OBJECT)).join('\n') + '\n');
  });
}
