import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { resolveCommit } from './git.js';
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
