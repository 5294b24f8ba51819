import { chmodSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { decodeKept } from '../../src/source/kept-listing.js';
import { presentPaths, type Listing } from '../../src/source/listing.js';
import { RevisionSource } from '../../src/source/revision.js';
import { TreeStore } from '../../src/source/tree-store.js';
import { TempRepo } from '../helpers/git-repo.js';
import { referenceListing } from './reference-listing.js';

// A diff's head is listed from its base's listing and `git diff-tree`. Each step below changes a real repository
// in one way a PR can, and the head listed that way must equal a fresh `ls-tree` listing of the head, diagnostics
// included, and be derived (not quietly listed afresh) wherever the brief says it can be.

const repos: TempRepo[] = [];
const dirs: string[] = [];
afterAll(() => {
  repos.forEach((r) => r.cleanup());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const LIMIT = 2000;

function start(): TempRepo {
  const r = new TempRepo();
  repos.push(r);
  r.write({
    'a.py': 'a\n',
    'a-b.py': 'ab\n',
    'lib/x.ts': 'x\n',
    'lib/y.ts': 'y\n',
    'lib/deep/z.py': 'z\n',
    'docs/readme.md': 'r\n',
    'grow.json': '{}\n',
    'shrink.json': 'x'.repeat(3000),
    'to-link.py': 't\n',
    'file-then-dir': 'f\n',
    'x/\ue000-private.py': 'p\n',
    'node_modules/m.js': 'm\n',
    'sub/inner.py': 'i\n',
  });
  symlinkSync('a.py', r.path('link-then-file.py'));
  symlinkSync('a.py', r.path('retarget.py'));
  mkdirSync(r.path('vendor/sub'), { recursive: true });
  r.git('add', '-A');
  r.git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/sub`);
  r.git('commit', '-q', '-m', 'base');
  return r;
}

/** Commits what `change` does to the worktree (and index); returns the commit id. */
function step(r: TempRepo, change: () => void): string {
  change();
  r.git('add', '-A');
  r.git('commit', '-q', '--allow-empty', '-m', 'step');
  return r.git('rev-parse', 'HEAD').trim();
}

async function headListing(dir: string, base: string | RevisionSource, head: string, maxFileBytes = LIMIT) {
  const b = typeof base === 'string' ? new RevisionSource(dir, base, 'base', { maxFileBytes }) : base;
  const h = new RevisionSource(dir, head, 'head', { maxFileBytes });
  h.followFrom(b);
  await b.list();
  const listed = await h.list();
  const fresh = await new RevisionSource(dir, head, 'fresh', { maxFileBytes }).list();
  expect(listed).toEqual(fresh);
  expect(listed).toEqual(referenceListing(dir, head, maxFileBytes));
  const derived = h.listedFrom === b.rev;
  const kept = await fromKept(dir, b.rev, head, maxFileBytes);
  expect({ derived: kept.derived, listing: kept.listing }).toEqual(derived ? { derived, listing: await partialOf(fresh, h.changesSince(b)) } : { derived, listing: fresh });
  return { listed, derived, source: h, keptSource: kept.source };
}

/** A file every run reads whatever changed (as the manifest is): kept listings hold its entry. */
const ROOT = (p: string) => p === 'a.py';
let stores = 0;

/**
 * The head listed from the base's kept listing, as a diff whose base's analysis is stored lists it: the base keeps
 * its listing when listed, and a new base source that is not listed serves it.
 */
async function fromKept(dir: string, base: string, head: string, maxFileBytes: number) {
  const folder = path.join(tmpdir(), `maestro-kept-${process.pid}-${stores++}`);
  dirs.push(folder);
  const store = new TreeStore(folder);
  const keptBase = new RevisionSource(dir, base, 'base', { maxFileBytes });
  keptBase.keepTreeIn(store.entry(base, dir)!, ROOT);
  await keptBase.list();
  const stored = new RevisionSource(dir, base, 'base', { maxFileBytes });
  stored.keepTreeIn(store.entry(base, dir)!, ROOT);
  const h = new RevisionSource(dir, head, 'head', { maxFileBytes });
  h.keepTreeIn(store.entry(head, dir)!, ROOT);
  h.followFrom(stored);
  const listed = await h.list();
  // Every entry, when a caller needs them: the fresh listing.
  expect(await h.listAll()).toEqual(await new RevisionSource(dir, head, 'fresh', { maxFileBytes }).list());
  // A derived head keeps its own listing, which the commit after it is listed from in turn.
  if (h.listedFrom) expect(decodeKept(store.entry(head, dir)!.get()!)?.entries).toBe((await h.listAll()).entries.length);
  return { derived: h.listedFrom === base, listing: listed, source: h };
}

/** What a partial listing derived at `head` must hold: the fresh listing's paths and notes, the changed and root entries. */
async function partialOf(fresh: Listing, changes: Promise<{ path: string }[]>): Promise<Listing> {
  const changed = new Set((await changes).map((c) => c.path));
  return {
    entries: fresh.entries.filter((e) => changed.has(e.path) || ROOT(e.path)),
    diagnostics: fresh.diagnostics,
    partial: { paths: presentPaths(fresh), entries: fresh.entries.length },
  };
}

describe('a head listed from its base', () => {
  it('equals a fresh listing over every kind of change, one at a time and all together', async () => {
    const r = start();
    const base = r.git('rev-parse', 'HEAD').trim();
    const steps: [string, () => void][] = [
      ['add files, one in a new folder, one ignored', () => r.write({ 'b.py': 'b\n', 'new/dir/c.ts': 'c\n', 'node_modules/n.js': 'n\n' })],
      ['modify', () => r.write({ 'lib/x.ts': 'x changed, longer\n' })],
      ['delete a file and a folder', () => r.remove('a-b.py', 'lib/deep')],
      ['rename', () => renameSync(r.path('lib/y.ts'), r.path('lib/renamed.ts'))],
      ['mode change only', () => chmodSync(r.path('a.py'), 0o755)],
      ['file becomes a link', () => (rmSync(r.path('to-link.py')), symlinkSync('a.py', r.path('to-link.py')))],
      ['link becomes a file', () => (rmSync(r.path('link-then-file.py')), writeFileSync(r.path('link-then-file.py'), 'now a file\n'))],
      ['link retargeted', () => (rmSync(r.path('retarget.py')), symlinkSync('lib/x.ts', r.path('retarget.py')))],
      ['grows over the size cap, another shrinks under it', () => r.write({ 'grow.json': 'y'.repeat(5000), 'shrink.json': '{}\n' })],
      ['a file becomes a folder', () => (rmSync(r.path('file-then-dir')), r.write({ 'file-then-dir/inside.py': 'i\n' }))],
      ['names that sort differently by bytes and by UTF-16', () => r.write({ 'x/🚀.py': 'r\n', 'x/\uffef.py': 'f\n', 'x/z.py': 'z\n' })],
      ['a submodule goes, another comes', () => r.git('update-index', '--force-remove', 'vendor/sub') && void r.git('update-index', '--add', '--cacheinfo', `160000,${'2'.repeat(40)},vendor/other`)],
      ['what earlier steps changed, changed again', () => (rmSync(r.path('to-link.py')), symlinkSync('b.py', r.path('to-link.py')), r.write({ 'link-then-file.py': 'again\n', 'b.py': 'b2\n' }))],
      ['nothing', () => {}],
    ];
    let prev = base;
    // Each head is in turn the base of the next, so a derived tree is derived from again.
    let prevSource = new RevisionSource(r.dir, base, 'base', { maxFileBytes: LIMIT });
    const seen: string[] = [];
    for (const [what, change] of steps) {
      const head = step(r, change);
      const { derived, source } = await headListing(r.dir, prevSource, head);
      expect([what, derived]).toEqual([what, true]);
      seen.push(what);
      prev = head;
      prevSource = source;
    }
    // Everything at once, both ways round (a revert).
    expect((await headListing(r.dir, base, prev)).derived).toBe(true);
    expect((await headListing(r.dir, prev, base)).derived).toBe(true);
    expect(seen).toHaveLength(steps.length);
  });

  it('keeps the diagnostics a fresh listing gives: links, sizes, names that are not UTF-8', async () => {
    const r = start();
    const base = r.git('rev-parse', 'HEAD').trim();
    const head = step(r, () => {
      r.write({ 'grow.json': 'y'.repeat(5000) });
      symlinkSync('a.py', r.path('new-link.py'));
    });
    const { listed, derived } = await headListing(r.dir, base, head);
    expect(derived).toBe(true);
    const codes = Object.fromEntries(listed.diagnostics.map((d) => [d.path, d.code]));
    expect(codes).toMatchObject({ 'grow.json': 'skipped-size', 'new-link.py': 'skipped-link', 'retarget.py': 'skipped-link', 'shrink.json': 'skipped-size' });
    // A name that is not UTF-8 cannot be placed by its decoded form: such trees are listed afresh, and still agree.
    const odd = step(r, () => writeFileSync(Buffer.concat([Buffer.from(r.path('bad-')), Buffer.from([0xff]), Buffer.from('.py')]), 'b\n'));
    const added = await headListing(r.dir, head, odd);
    expect(added.derived).toBe(false);
    expect(added.listed.diagnostics.map((d) => d.code)).toContain('skipped-encoding');
    const after = step(r, () => r.write({ 'a.py': 'edited\n' }));
    expect((await headListing(r.dir, odd, after)).derived).toBe(false);
    // U+FFFD written as such is valid UTF-8, but reads as an unreadable name would: listed afresh too.
    const literal = step(r, () => r.write({ 'x/\ufffd.py': 'literal\n' }));
    const lit = await headListing(r.dir, base, literal);
    expect(lit.derived).toBe(false);
    expect(lit.listed.diagnostics.find((d) => d.path === 'x/\ufffd.py')?.code).toBe('skipped-encoding');
  });

  it('lists afresh when .maestroignore changes, and agrees', async () => {
    const r = start();
    const base = r.git('rev-parse', 'HEAD').trim();
    const head = step(r, () => r.write({ '.maestroignore': 'lib/\n', 'b.py': 'b\n' }));
    const { listed, derived } = await headListing(r.dir, base, head);
    expect(derived).toBe(false);
    expect(listed.entries.some((e) => e.path.startsWith('lib/'))).toBe(false);
    // With the rules unchanged, what they ignore stays ignored in a derived listing.
    const next = step(r, () => r.write({ 'lib/more.ts': 'm\n', 'c.py': 'c\n' }));
    const again = await headListing(r.dir, head, next);
    expect(again.derived).toBe(true);
    expect(again.listed.entries.map((e) => e.path)).toContain('c.py');
    expect(again.listed.entries.some((e) => e.path.startsWith('lib/'))).toBe(false);
  });

  it('works for a folder inside the repository, and with another size cap', async () => {
    const r = start();
    const base = r.git('rev-parse', 'HEAD').trim();
    const head = step(r, () => {
      r.write({ 'lib/new.ts': 'n\n', 'lib/x.ts': 'z'.repeat(100), 'outside.py': 'o\n' });
      r.remove('lib/deep/z.py');
    });
    const { listed, derived } = await headListing(path.join(r.dir, 'lib'), base, head);
    expect(derived).toBe(true);
    expect(listed.entries.map((e) => e.path)).toEqual(['new.ts', 'x.ts', 'y.ts']);
    const capped = await headListing(r.dir, base, head, 50);
    expect(capped.derived).toBe(true);
    expect(capped.listed.diagnostics.find((d) => d.path === 'lib/x.ts')?.code).toBe('skipped-size');
  });

  it('answers which paths exist as the head commit does', async () => {
    const r = start();
    const base = r.git('rev-parse', 'HEAD').trim();
    const head = step(r, () => {
      r.write({ 'new/dir/c.ts': 'c\n' });
      r.remove('lib/deep', 'docs/readme.md');
    });
    const { source, derived, keptSource } = await headListing(r.dir, base, head);
    expect(derived).toBe(true);
    const fresh = new RevisionSource(r.dir, head, 'fresh');
    for (const p of ['new', 'new/dir', 'new/dir/c.ts', './new/dir/c.ts', 'lib/', 'lib/deep', 'lib/deep/z.py', 'docs', 'docs/readme.md', 'vendor/sub', 'node_modules', 'node_modules/m.js', 'a.py', 'nope', '']) {
      expect([p, await source.exists(p)]).toEqual([p, await fresh.exists(p)]);
      // Listed from a kept listing, with no tree: the same answers.
      expect([p, await keptSource.exists(p)]).toEqual([p, await fresh.exists(p)]);
    }
  });
});
