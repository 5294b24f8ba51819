import { LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from './errors.js';

export interface LoadedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

/** Limits that keep hostile YAML cheap: no alias bombs, no custom tags, no huge files. */
export const YAML_LIMITS = { maxBytes: 1024 * 1024, maxAliasCount: 100 };

/** Parses one YAML document keeping positions, so every later error can name its line. */
export function loadYaml(text: string, file: string): LoadedYaml {
  if (Buffer.byteLength(text) > YAML_LIMITS.maxBytes) throw new UserError(`file is larger than ${YAML_LIMITS.maxBytes} bytes`, file, 1, 1);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, customTags: [] });
  const err = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (err) {
    const pos = lines.linePos(err.pos[0]);
    throw new UserError(err.message.split('\n')[0], file, pos.line, pos.col);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (e) {
    throw new UserError((e as Error).message, file, 1, 1);
  }
  return { doc, lines, value };
}

/** The line:col of the node at a JSON pointer (ajv's instancePath), or of its nearest parent that exists. */
export function positionOf(loaded: LoadedYaml, pointer: string): { line: number; col: number } {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  while (parts.length) {
    const node = loaded.doc.getIn(parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) return loaded.lines.linePos(node.range[0]);
    parts.pop();
  }
  const r = (loaded.doc.contents as { range?: [number, number, number] } | null)?.range;
  return r ? loaded.lines.linePos(r[0]) : { line: 1, col: 1 };
}
