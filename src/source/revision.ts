import { pathLookup } from '../model/repo-paths.js';
import type { Diagnostic } from '../model/types.js';
import { deriveListed, idsToSize, type Listed } from './derive-listing.js';
import { decodeKept, deriveFromKept, encodeKept, keptOf, type KeptListing } from './kept-listing.js';
import { catBlobs, git, grepOutput, objectSizes, treeChanges, type TreeChange } from './git.js';
import { fileIgnorer, patternsFrom } from './ignore-rules.js';
import { DEFAULT_LIMITS, decodeText, binaryReason, type SourceLimits } from './limits.js';
import { listTree, type Listing } from './listing.js';
import { PathList, type PathTest } from './path-list.js';
import { OTHER, parseLsTree, type Tree } from './tree.js';
import type { KeptTree } from './tree-store.js';
import type { Source, SourceEntry, SourceFile } from './types.js';

/** A commit read straight from git objects: no checkout, no worktree, nothing written. */
export class RevisionSource implements Source {
  private tree?: Promise<Tree>;
  private listed?: Promise<Listed>;
  /** An earlier commit listed in this run, whose listing this one's may be derived from. */
  private base?: RevisionSource;
  private readonly changes = new Map<string, Promise<TreeChange[]>>();
  /** Where this commit's listing is kept between runs (the `--cache` directory), if anywhere. */
  private kept?: KeptTree;
  /** The entries a kept listing holds besides its paths (the files a run always reads). */
  private keepEntry: (path: string) => boolean = () => false;
  private keepDerived = true;
  /** The full listing, when `list` gave a partial one and a caller needs every entry. */
  private whole?: Promise<Listing>;
  /** The commit this one's listing was derived from, once listed that way (else a fresh `ls-tree` listed it). */
  listedFrom?: string;

  constructor(
    /** Directory inside the repository; paths are relative to it. */
    readonly cwd: string,
    /** Full commit id. */
    readonly rev: string,
    readonly label: string,
    private readonly limits: SourceLimits = DEFAULT_LIMITS,
  ) {}

  /**
   * Lets this commit's listing be worked out from `base`'s (which this run lists too, or which `base` kept) and the
   * few paths that differ, instead of a second `ls-tree` of the whole tree. Call before the first `list`.
   */
  followFrom(base: RevisionSource): void {
    if (base !== this && base.cwd === this.cwd && base.limits.maxFileBytes === this.limits.maxFileBytes) this.base = base;
  }

  /**
   * Keeps this commit's listing in `kept`, with the entries `keepEntry` picks; a later commit's listing is derived
   * from it when this one is not listed in that run. With `derived` false, a listing derived from another commit's
   * is not kept (a PR's head, which no later run lists from). Call before the first `list`.
   */
  keepTreeIn(kept: KeptTree, keepEntry: (path: string) => boolean = () => false, derived = true): void {
    this.kept = kept;
    this.keepEntry = keepEntry;
    this.keepDerived = derived;
  }

  /** Whether a kept listing can stand in for listing this commit (it may still turn out damaged, and git be asked). */
  hasKeptTree(): boolean {
    return !!this.kept?.has();
  }

  /** What differs from `base`'s commit under this folder (`git diff-tree`), asked once per pair. */
  changesSince(base: RevisionSource): Promise<TreeChange[]> {
    let c = this.changes.get(base.rev);
    if (!c) this.changes.set(base.rev, (c = treeChanges(this.cwd, base.rev, this.rev)));
    return c;
  }

  private lsTree(): Promise<Tree> {
    this.tree ??= git(this.cwd, ['ls-tree', '-r', '-l', '-z', this.rev, '--', '.']).then(parseLsTree);
    return this.tree;
  }

  list(): Promise<Listing> {
    return this.listing().then((l) => l.listing);
  }

  /** Every entry of the listing, when `list` gave a partial one (see `Listing.partial`). */
  listAll(): Promise<Listing> {
    return (this.whole ??= this.list().then((l) => (l.partial ? this.listFresh(false).then((f) => f.listing) : l)));
  }

  private listing(): Promise<Listed> {
    if (!this.listed) {
      const base = this.base;
      const changes = base && this.changesSince(base);
      changes?.catch(() => {});
      // Without a base, ls-tree is spawned now rather than a tick later: a caller may go on to block the thread
      // (reading a stored analysis) while git lists.
      this.listed = !base
        ? this.listFresh(true)
        : this.derive(base, changes!).then((d) => {
            if (!d) return this.listFresh(true);
            if (d.tree) this.tree = Promise.resolve(d.tree);
            this.listedFrom = base.rev;
            return d;
          });
    }
    return this.listed;
  }

  private async listFresh(keep: boolean): Promise<Listed> {
    const tree = await this.lsTree();
    let ignoreText = '';
    const i = tree.entries.findIndex((e) => e.path === '.maestroignore');
    if (i >= 0 && tree.kinds[i] !== OTHER) {
      await catBlobs(this.cwd, [tree.entries[i]!.blobId!], (_i, c) => void (c && (ignoreText = c.toString('utf8'))));
    }
    const ignored = fileIgnorer(ignoreText ? patternsFrom(ignoreText) : []);
    const listed: Listed = { tree, listing: listTree(tree, ignored, this.limits.maxFileBytes), ignored, ignoreText, maxFileBytes: this.limits.maxFileBytes };
    if (keep) this.keep(keptOf(listed, this.keepEntry));
    return listed;
  }

  private keep(k: KeptListing | undefined): void {
    if (k && this.kept) this.kept.set(encodeKept(k));
  }

  /**
   * The listing derived from `base`'s, or undefined when it must be listed afresh (see `deriveListed`). A base this
   * run does not list itself (its analysis is stored) serves the listing it kept, and the result is partial.
   */
  private async derive(base: RevisionSource, changes: Promise<TreeChange[]>): Promise<Listed | undefined> {
    try {
      const kept = base.listed ? undefined : base.keptListing();
      // git answers the change and the new blobs' sizes while the base is still being listed.
      const sized = changes.then(async (diff) => {
        const ids = idsToSize(diff);
        const sizes = await objectSizes(this.cwd, ids);
        return { diff, sizes: new Map(ids.map((id, i) => [id, sizes[i]])) };
      });
      if (kept) {
        const { diff, sizes } = await sized;
        const d = deriveFromKept(kept, diff, sizes, this.limits.maxFileBytes, this.keepEntry);
        if (d && this.keepDerived) this.keep(d.kept);
        return d?.listed;
      }
      const [listed, { diff, sizes }] = await Promise.all([base.listing(), sized]);
      const d = deriveListed(listed, diff, sizes);
      if (d && this.keepDerived) this.keep(keptOf(d, this.keepEntry));
      return d;
    } catch {
      return undefined; // whatever went wrong, a fresh listing says it properly
    }
  }

  /** This commit's kept listing, if one is kept and reads back whole. */
  private keptListing(): KeptListing | undefined {
    const bytes = this.kept?.get();
    return bytes && decodeKept(bytes);
  }

  async read(entries: SourceEntry[], onFile: (f: SourceFile) => void | Promise<void>): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    await catBlobs(
      this.cwd,
      entries.map((e) => e.blobId!),
      async (i, content) => {
        const e = entries[i];
        if (!content) {
          diagnostics.push({ path: e.path, code: 'skipped-binary', message: 'blob missing from the object store' });
          return;
        }
        const binary = binaryReason(content);
        if (binary) {
          diagnostics.push({ path: e.path, code: 'skipped-binary', message: binary });
          return;
        }
        await onFile({ path: e.path, blobId: e.blobId!, text: decodeText(content) });
      },
    );
    return diagnostics;
  }

  async grepWithout(needles: string[]): Promise<PathTest | undefined> {
    try {
      return new PathList(await grepOutput(this.cwd, needles, [this.rev, '--', '.']), `${this.rev}:`);
    } catch {
      return undefined; // e.g. objects missing in a partial clone: reading will say which
    }
  }

  async exists(rel: string): Promise<boolean> {
    const norm = rel.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
    const prefix = norm + '/';
    const listed = this.listed && (await this.listed.catch(() => undefined)); // a derived listing brings its tree
    // A listing derived from a kept one has no tree: what it lists answers most questions (a manifest names files
    // the model reads), and git lists the tree for the rest (an ignored file, a folder of them, a submodule).
    const partial = listed?.listing.partial;
    if (partial && norm !== '') {
      const paths = pathLookup(partial.paths);
      if (paths.has(norm) || paths.hasDir(norm)) return true;
    }
    return (await this.lsTree()).entries.some((t) => t.path === norm || t.path.startsWith(prefix));
  }
}
