import { type Document, LineCounter, isAlias, isNode, parseDocument, visit } from 'yaml';
import { yamlNestingProblem } from '../../yaml-guard.js';

// Reading the manifest YAML safely: one document, YAML 1.2 core schema only (no custom or language tags, so
// nothing can be constructed or executed), alias expansion bounded, size capped.

export const MAX_MANIFEST_BYTES = 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;

/** Tags the core schema resolves to plain data; anything else is refused. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

export interface YamlProblem {
  /** Offset into the text. */
  offset: number;
  message: string;
}

export interface ParsedYaml {
  doc?: Document.Parsed;
  lineCounter: LineCounter;
  /** Plain data, present when the text parsed without syntax errors and aliases stayed in bounds. */
  data?: unknown;
  problems: YamlProblem[];
}

export function parseManifestYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_MANIFEST_BYTES) {
    const message = `manifest is ${bytes} bytes; the limit is ${MAX_MANIFEST_BYTES} bytes (1 MiB)`;
    return { lineCounter, problems: [{ offset: 0, message }] };
  }
  const deep = yamlNestingProblem(text);
  if (deep) return { lineCounter: countLines(text, lineCounter), problems: [deep] };
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    strict: true,
    uniqueKeys: true,
    schema: 'core',
    version: '1.2',
    merge: false,
  });
  const problems: YamlProblem[] = doc.errors.map((e) => ({
    offset: e.pos[0],
    message: e.code === 'MULTIPLE_DOCS' ? 'YAML: the manifest must be a single document (remove the `---` separator)' : yamlMessage(e.message),
  }));
  for (const w of doc.warnings) {
    // Unresolved tags are reported once, below, with a clearer message.
    if (w.code !== 'TAG_RESOLVE_FAILED') problems.push({ offset: w.pos[0], message: yamlMessage(w.message) });
  }
  let firstAlias: number | undefined;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) firstAlias ??= node.range?.[0];
      if (isNode(node) && node.tag && !CORE_TAGS.has(node.tag)) {
        problems.push({ offset: tagStart(text, node.range?.[0] ?? 0), message: `YAML tag ${shortTag(node.tag)} is not allowed in the manifest (plain YAML only)` });
      }
    },
  });
  if (doc.errors.length > 0) return { doc, lineCounter, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `too many YAML alias expansions (limit ${MAX_ALIAS_COUNT}); write the entries out`
      : `cannot read YAML: ${(e as Error).message}`;
    problems.push({ offset: firstAlias ?? 0, message });
    return { doc, lineCounter, problems };
  }
  return { doc, lineCounter, data, problems };
}

function countLines(text: string, lc: LineCounter): LineCounter {
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

function yamlMessage(message: string): string {
  // The yaml package appends " at line L, column C:" and a code frame when prettyErrors is on; it is off,
  // but keep only the first line in case a message spans several.
  return `YAML: ${message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '')}`;
}

/** The node's range starts after its tag; an editor should land on the tag itself. */
function tagStart(text: string, nodeStart: number): number {
  let i = nodeStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  let start = i + 1;
  while (i >= 0 && !/[\s[{,]/.test(text[i]!)) start = i--;
  return text[start] === '!' ? start : nodeStart;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}
