import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TreeStore } from '../../src/source/tree-store.js';

const dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'maestro-trees-'));
  dirs.push(d);
  return path.join(d, 'v1');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const OUT = Buffer.from(`100644 blob ${'1'.repeat(40)}      12\tagent.py\0`);
const files = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('tree-'));

describe('kept ls-tree listings', () => {
  it('gives back what was set, for the same commit and folder only', () => {
    const store = new TreeStore(folder());
    const root = store.entry(A, '')!;
    expect(root.has()).toBe(false);
    expect(root.get()).toBeUndefined();
    root.set(OUT);
    expect(root.has()).toBe(true);
    expect(root.get()).toEqual(OUT);
    expect(store.entry(A, 'services/')!.get()).toBeUndefined();
    expect(store.entry(B, '')!.get()).toBeUndefined();
  });

  it('keeps nothing without a cache directory', () => {
    expect(new TreeStore(undefined).entry(A, '')).toBeUndefined();
  });

  it('reads a damaged, truncated, extended, misplaced or foreign entry as absent', () => {
    const dir = folder();
    const store = new TreeStore(dir);
    store.entry(A, '')!.set(OUT);
    const [name] = files(dir);
    const file = path.join(dir, name!);
    const good = readFileSync(file);
    const other = path.join(folder(), 'x');
    new TreeStore(path.dirname(other)).entry(B, '')!.set(OUT);
    const [otherName] = files(path.dirname(other));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 2] ^= 1;
    const damaged = [
      flipped, // same length, one bit off
      good.subarray(0, good.length - 3),
      Buffer.concat([good, Buffer.from('100644 blob x 1\tmore\0')]),
      Buffer.from('not a listing'),
      Buffer.alloc(0),
      readFileSync(path.join(path.dirname(other), otherName!)), // B's entry under A's name
    ];
    for (const bytes of damaged) {
      writeFileSync(file, bytes);
      expect(store.entry(A, '')!.get()).toBeUndefined();
    }
  });

  it('keeps the eight most recently used listings', () => {
    const dir = folder();
    const store = new TreeStore(dir);
    const commits = Array.from({ length: 10 }, (_, i) => String(i).repeat(40));
    // The first is read back after each write, so it stays among the newest.
    for (const c of commits) {
      store.entry(c, '')!.set(OUT);
      expect(store.entry(commits[0]!, '')!.get()).toEqual(OUT);
    }
    expect(files(dir)).toHaveLength(8);
    expect(store.entry(commits[0]!, '')!.has()).toBe(true);
    expect(store.entry(commits[9]!, '')!.has()).toBe(true);
    expect(commits.filter((c) => !store.entry(c, '')!.has())).toHaveLength(2);
  });
});
