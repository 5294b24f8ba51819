import { afterEach, describe, expect, it } from 'vitest';
import { resolveCommits } from '../../src/source/git.js';
import { openSources } from '../../src/source/open.js';
import { DEFAULT_LIMITS } from '../../src/source/limits.js';
import { RevisionSource } from '../../src/source/revision.js';
import { WorktreeSource } from '../../src/source/worktree.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

function twoCommits(): { r: TempRepo; first: string; second: string } {
  const r = new TempRepo();
  repos.push(r);
  const first = r.write({ 'svc/a.py': 'x = 1\n' }).commit('one');
  const second = r.write({ 'svc/b.py': 'y = 2\n' }).commit('two');
  return { r, first, second };
}

describe('revisions resolved by one git', () => {
  it('gives each revision its commit and the folder scanned inside the repository', async () => {
    const { r, first, second } = twoCommits();
    r.git('tag', 'v1', first);
    expect(await resolveCommits(r.path('svc'), ['v1', 'HEAD'], true)).toEqual({ commits: [first, second], prefix: 'svc/' });
    expect(await resolveCommits(r.path(), ['HEAD~1'], false)).toEqual({ commits: [first] });
    const opened = await openSources(r.path('svc'), ['HEAD~1', undefined], DEFAULT_LIMITS, true);
    expect(opened?.prefix).toBe('svc/');
    expect(opened?.sources[0]).toBeInstanceOf(RevisionSource);
    expect(opened?.sources[0]?.rev).toBe(first);
    expect(opened?.sources[1]).toBeInstanceOf(WorktreeSource);
  });

  it('answers nothing when any revision is not a commit or reads as an option, so each is asked on its own', async () => {
    const { r } = twoCommits();
    expect(await resolveCommits(r.path(), ['HEAD', 'no-such-branch'], true)).toBeUndefined();
    expect(await resolveCommits(r.path(), ['HEAD', '--all'], false)).toBeUndefined();
    expect(await resolveCommits(r.path(), ['HEAD:svc/a.py'], false)).toBeUndefined();
    expect(await openSources(r.path('nowhere'), ['HEAD'], DEFAULT_LIMITS, false)).toBeUndefined();
  });
});
