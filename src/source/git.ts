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

/**
 * Streams blob contents through one `git cat-file --batch` process, in the order asked.
 * The callback runs for each blob before the next is parsed, so memory holds one blob at a time.
 */
export function catBlobs(
  cwd: string,
  ids: string[],
  onBlob: (index: number, content: Buffer | null) => void | Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ids.length === 0) return resolve();
    const child = spawn('git', [...SAFE, 'cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let buf: Buffer = Buffer.alloc(0);
    let index = 0;
    let need = -1; // bytes of content (+1 newline) expected, or -1 while reading a header
    let busy = Promise.resolve();
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(e);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (need < 0) {
          const nl = buf.indexOf(10);
          if (nl < 0) break;
          const header = buf.subarray(0, nl).toString('latin1');
          buf = buf.subarray(nl + 1);
          if (header.endsWith(' missing')) {
            const i = index++;
            busy = busy.then(() => onBlob(i, null));
            continue;
          }
          const size = Number(header.split(' ')[2]);
          need = size + 1;
        }
        if (buf.length < need) break;
        const content = Buffer.from(buf.subarray(0, need - 1));
        buf = buf.subarray(need);
        need = -1;
        const i = index++;
        busy = busy.then(() => onBlob(i, content)).catch(fail);
      }
    });
    child.stderr.resume();
    child.on('error', fail);
    child.on('close', () => {
      busy.then(() => (index === ids.length ? resolve() : fail(new Error(`git cat-file stopped after ${index} of ${ids.length} blobs`))), fail);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(ids.join('\n') + '\n');
  });
}
