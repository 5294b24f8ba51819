import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';

const run = promisify(execFile);

async function git(dir: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const { stdout } = await run('git', ['-C', dir, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

async function resolves(dir: string, rev: string): Promise<string | undefined> {
  try {
    return await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  } catch {
    return undefined;
  }
}

/**
 * Makes `rev` available in the checkout at `dir` and returns its commit id. actions/checkout fetches one commit by
 * default, so the base of a pull request is usually missing: fetch just that commit (`--depth=1`; only its tree is
 * read). When that fails too, say how to fix the workflow.
 */
export async function ensureCommit(dir: string, rev: string, log: (msg: string) => void = () => {}): Promise<string> {
  if (rev.startsWith('-')) throw new UserError(`revision '${rev}' is not valid`);
  const have = await resolves(dir, rev);
  if (have) return have;
  log(`${rev} is not in the checkout (shallow clone?): git fetch --depth=1 origin ${rev}`);
  let why = '';
  try {
    await git(dir, ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', rev]);
    const fetched = (await resolves(dir, rev)) ?? (await resolves(dir, 'FETCH_HEAD'));
    if (fetched) return fetched;
  } catch (e) {
    why = ((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').pop() ?? '';
  }
  throw new UserError(
    `commit ${rev} is not in the checkout and could not be fetched${why ? ` (${why})` : ''}. ` +
      'Set `fetch-depth: 0` on actions/checkout so the base commit is available, or pass `base-ref`.',
  );
}

/** The checked-out commit, or undefined outside a git repository. */
export async function headCommit(dir: string): Promise<string | undefined> {
  return resolves(dir, 'HEAD');
}

/** `dir` relative to its repository root, `/`-separated ('' at the root or outside git). */
export async function pathInRepo(dir: string): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--show-prefix'])).replace(/\/+$/, '');
  } catch {
    return '';
  }
}
