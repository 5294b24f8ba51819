import type { Diagnostic } from '../model/types.js';
import { catBlobs, git, grepFiles } from './git.js';
import { fileIgnorer, patternsFrom } from './ignore-rules.js';
import { DEFAULT_LIMITS, decodeText, binaryReason, NOT_UTF8, unreadableName, type SourceLimits } from './limits.js';
import type { Source, SourceEntry, SourceFile } from './types.js';
import { cmp } from '../model/order.js';

interface TreeEntry {
  mode: string;
  type: string;
  id: string;
  size: number;
  path: string;
}

/** A commit read straight from git objects: no checkout, no worktree, nothing written. */
export class RevisionSource implements Source {
  private tree?: TreeEntry[];

  constructor(
    /** Directory inside the repository; paths are relative to it. */
    readonly cwd: string,
    /** Full commit id. */
    readonly rev: string,
    readonly label: string,
    private readonly limits: SourceLimits = DEFAULT_LIMITS,
  ) {}

  private async lsTree(): Promise<TreeEntry[]> {
    if (this.tree) return this.tree;
    const out = await git(this.cwd, ['ls-tree', '-r', '-l', '-z', this.rev, '--', '.']);
    const entries: TreeEntry[] = [];
    for (const rec of out.toString('utf8').split('\0')) {
      if (!rec) continue;
      const tab = rec.indexOf('\t');
      const [mode, type, id, size] = rec.slice(0, tab).split(/ +/);
      entries.push({ mode, type, id, size: size === '-' ? 0 : Number(size), path: rec.slice(tab + 1) });
    }
    this.tree = entries;
    return entries;
  }

  async list(): Promise<{ entries: SourceEntry[]; diagnostics: Diagnostic[] }> {
    const tree = await this.lsTree();
    const diagnostics: Diagnostic[] = [];
    const extra: string[] = [];
    const mi = tree.find((t) => t.path === '.maestroignore' && t.type === 'blob');
    if (mi) await catBlobs(this.cwd, [mi.id], (_i, c) => void (c && extra.push(...patternsFrom(c.toString('utf8')))));
    const ignored = fileIgnorer(extra);
    const entries: SourceEntry[] = [];
    for (const t of tree) {
      if (t.type !== 'blob' || ignored(t.path)) continue; // commits are submodules: not ours to read
      if (t.path.includes(NOT_UTF8)) {
        diagnostics.push(unreadableName(t.path));
        continue;
      }
      if (t.mode === '120000') {
        diagnostics.push({ path: t.path, code: 'skipped-link', message: 'symbolic link not followed' });
        continue;
      }
      if (t.size > this.limits.maxFileBytes) {
        diagnostics.push({ path: t.path, code: 'skipped-size', message: `file is ${t.size} bytes, over the ${this.limits.maxFileBytes}-byte limit` });
        continue;
      }
      entries.push({ path: t.path, size: t.size, blobId: t.id });
    }
    entries.sort((a, b) => cmp(a.path, b.path));
    return { entries, diagnostics };
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

  async grepWithout(needles: string[]): Promise<Set<string> | undefined> {
    const prefix = `${this.rev}:`;
    try {
      const hits = await grepFiles(this.cwd, needles, [this.rev, '--', '.']);
      return new Set(hits.map((h) => (h.startsWith(prefix) ? h.slice(prefix.length) : h)));
    } catch {
      return undefined; // e.g. objects missing in a partial clone: reading will say which
    }
  }

  async exists(rel: string): Promise<boolean> {
    const norm = rel.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
    const prefix = norm + '/';
    return (await this.lsTree()).some((t) => t.path === norm || t.path.startsWith(prefix));
  }
}
