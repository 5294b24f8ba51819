import type { ts } from 'ts-morph';
import type { TS } from './load-ts.js';

let last: { path: string; text: string; kind: ts.ScriptKind; sf: ts.SourceFile } | undefined;

/**
 * A file's syntax tree, parsed once for the detectors that read the same file one after the other (the agent-stack
 * detector and the secrets detector's `name = literal` reader): the TypeScript parse is most of what either costs.
 * Only the latest file is kept; detection streams files, and both detectors of a file run in the same thread.
 * Callers only read the tree.
 */
export function sourceFileFor(t: TS, path: string, text: string, kind: ts.ScriptKind): ts.SourceFile {
  if (last && last.path === path && last.kind === kind && last.text === text) return last.sf;
  const sf = t.createSourceFile(path, text, t.ScriptTarget.Latest, true, kind);
  last = { path, text, kind, sf };
  return sf;
}
