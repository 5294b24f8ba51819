import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { resolveCommit, resolveCommits } from './git.js';
import { DEFAULT_LIMITS, type SourceLimits } from './limits.js';
import { RevisionSource } from './revision.js';
import type { Source } from './types.js';
import { WorktreeSource } from './worktree.js';

/** The working tree at `dir`, or revision `rev` of the repository that holds `dir`. */
export async function openSource(dir: string, rev?: string, limits: SourceLimits = DEFAULT_LIMITS): Promise<Source> {
  const abs = path.resolve(dir);
  let st;
  try {
    st = await stat(abs);
  } catch {
    throw new UserError(`no such directory`, dir);
  }
  if (!st.isDirectory()) throw new UserError(`not a directory`, dir);
  if (rev === undefined) return new WorktreeSource(abs, dir, limits);
  const commit = await resolveCommit(abs, rev);
  return new RevisionSource(abs, commit, rev, limits);
}

/**
 * Several sources of the directory `dir` (a revision each, or the working tree for undefined), their revisions
 * resolved by one git, with `prefix` the folder `dir` is in its repository too. Undefined where that cannot be
 * answered at once: `openSource` on each then says what is wrong with which.
 */
export async function openSources(
  dir: string,
  revs: (string | undefined)[],
  limits: SourceLimits,
  prefix: boolean,
): Promise<{ sources: Source[]; prefix?: string } | undefined> {
  const abs = path.resolve(dir);
  const named = revs.filter((r): r is string => r !== undefined);
  if (!named.length) return undefined;
  try {
    if (!(await stat(abs)).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const resolved = await resolveCommits(abs, named, prefix);
  if (!resolved) return undefined;
  let k = 0;
  const sources = revs.map((rev) => (rev === undefined ? new WorktreeSource(abs, dir, limits) : new RevisionSource(abs, resolved.commits[k++]!, rev, limits)));
  return { sources, prefix: resolved.prefix?.trim() };
}
