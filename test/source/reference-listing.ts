import { execFileSync } from 'node:child_process';
import { cmp } from '../../src/model/order.js';
import type { Diagnostic } from '../../src/model/types.js';
import { baseIgnore } from '../../src/source/ignore-rules.js';
import type { SourceEntry } from '../../src/source/types.js';

/**
 * A revision's listing worked out the plain way, as the first RevisionSource did: `ls-tree` split record by record,
 * the `ignore` package asked about every path, a full sort. What the fast listings must equal.
 */
export function referenceListing(dir: string, rev: string, maxFileBytes = 1024 * 1024): { entries: SourceEntry[]; diagnostics: Diagnostic[] } {
  const out = execFileSync('git', ['ls-tree', '-r', '-l', '-z', rev, '--', '.'], { cwd: dir, maxBuffer: 1 << 28 });
  const tree = out
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const tab = rec.indexOf('\t');
      const [mode, type, id, size] = rec.slice(0, tab).split(/ +/);
      return { mode, type, id, size: size === '-' ? 0 : Number(size), path: rec.slice(tab + 1) };
    });
  const mi = tree.find((t) => t.path === '.maestroignore' && t.type === 'blob');
  const extra = mi ? execFileSync('git', ['cat-file', 'blob', mi.id], { cwd: dir }).toString('utf8').split(/\r?\n/) : [];
  const ig = baseIgnore(extra);
  const entries: SourceEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const t of tree) {
    if (t.type !== 'blob' || ig.ignores(t.path)) continue;
    if (t.path.includes('\ufffd')) diagnostics.push({ path: t.path, code: 'skipped-encoding', message: 'file name is not valid UTF-8; not read' });
    else if (t.mode === '120000') diagnostics.push({ path: t.path, code: 'skipped-link', message: 'symbolic link not followed' });
    else if (t.size > maxFileBytes) diagnostics.push({ path: t.path, code: 'skipped-size', message: `file is ${t.size} bytes, over the ${maxFileBytes}-byte limit` });
    else entries.push({ path: t.path, size: t.size, blobId: t.id });
  }
  entries.sort((a, b) => cmp(a.path, b.path));
  // A listing gives its diagnostics in path order too (downstream sorts them again).
  diagnostics.sort((a, b) => cmp(a.path, b.path));
  return { entries, diagnostics };
}
