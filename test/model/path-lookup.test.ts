import { describe, expect, it } from 'vitest';
import { pathLookup, pathsUnder } from '../../src/model/repo-paths.js';

// The same questions of a listing in git's order (binary search) and of one in no order (sets).
const listing = ['a.b', 'a/x.py', 'a/y/z.py', 'ab/c.py', 'agents/__init__.py', 'b.txt'];
const shuffled = ['b.txt', 'ab/c.py', 'a/y/z.py', 'agents/__init__.py', 'a.b', 'a/x.py'];

describe.each([
  ['sorted', listing],
  ['unsorted', shuffled],
])('pathLookup over a %s listing', (_name, paths) => {
  const look = pathLookup(paths);
  it('knows listed files and nothing else', () => {
    expect(['a.b', 'a/x.py', 'a/y/z.py', 'agents/__init__.py'].map((p) => look.has(p))).toEqual([true, true, true, true]);
    expect(['a', 'a/x', 'a/y', 'agents', 'c.py', ''].map((p) => look.has(p))).toEqual([false, false, false, false, false, false]);
  });
  it('knows folders by what lies below them, not by a shared prefix of names', () => {
    expect(['', 'a', 'a/y', 'ab', 'agents'].map((d) => look.hasDir(d))).toEqual([true, true, true, true, true]);
    // `a.b` and `ab/` start like `a/` but are not below it; `a/x.py` is a file, not a folder.
    expect(['a.', 'a/x.py', 'a/y/z.py', 'agent', 'b', 'c'].map((d) => look.hasDir(d))).toEqual([false, false, false, false, false, false]);
    // Asked twice, answered alike (answers are kept).
    expect(look.hasDir('a/y')).toBe(true);
    expect(look.hasDir('agent')).toBe(false);
  });
  it('gives the paths that start with a prefix', () => {
    expect([...look.startingWith('a/')].sort()).toEqual(['a/x.py', 'a/y/z.py']);
    expect([...look.startingWith('ag')]).toEqual(['agents/__init__.py']);
    expect(look.startingWith('c')).toEqual([]);
  });
});

describe('pathsUnder', () => {
  const sorted = ['a', 'a-b/c.py', 'a.py', 'a/x.py', 'a/y/z.py', 'ab/c.py', 'b/a/x.py'];
  it('gives the path itself and what lies below it as a folder, not names that only start alike', () => {
    expect(pathsUnder(sorted, 'a')).toEqual(['a', 'a/x.py', 'a/y/z.py']);
    expect(pathsUnder(sorted, 'a/y')).toEqual(['a/y/z.py']);
    expect(pathsUnder(sorted, 'a.py')).toEqual(['a.py']);
    expect(pathsUnder(sorted, 'b')).toEqual(['b/a/x.py']);
    expect(pathsUnder(sorted, 'c')).toEqual([]);
    expect(pathsUnder(sorted, 'a/x')).toEqual([]);
  });
  it('gives everything for the repository root', () => {
    expect(pathsUnder(sorted, '')).toEqual(sorted);
  });
});
