import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseAllDocuments, Parser } from 'yaml';
import { yamlNestingProblem } from '../../yaml-guard.js';
import type { Document, Node as YNode, Tags } from 'yaml';
import { Unknown, lineOf, setLoc } from './values.js';

export interface YamlDoc {
  /** Plain value with locations recorded (see values.ts lineOf); CloudFormation tags become Unknown. */
  value: unknown;
  /** 1-based line where the document's content starts, and where it ends. */
  line: number;
  endLine: number;
  /** The parser reported errors in this document: its value is what could be recovered. */
  hasErrors: boolean;
}

export interface YamlProblem {
  line: number;
  code: 'parse-error' | 'bound-reached';
  message: string;
}

/** Aliases expanded per file at the most; a billion-laughs file stops here instead of exhausting memory. */
export const MAX_ALIAS_EXPANSIONS = 1000;
const MAX_DEPTH = 200;

const CFN_TAGS = [
  'Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or', 'FindInMap',
  'Base64', 'Cidr', 'ImportValue', 'GetAZs', 'Condition', 'Transform', 'ToJsonString', 'Length',
];

/** CloudFormation short-form intrinsics, registered as inert data so the parser neither warns nor runs anything. */
export const CFN_CUSTOM_TAGS: Tags = CFN_TAGS.flatMap((n) => [
  { tag: `!${n}`, resolve: (s: string) => s },
  { tag: `!${n}`, collection: 'seq' as const, resolve: (s: unknown) => s as never },
  { tag: `!${n}`, collection: 'map' as const, resolve: (s: unknown) => s as never },
]) as Tags;

/**
 * Parses every document of a YAML stream. Syntax errors become problems with a line; what the parser could still
 * read is kept (the `yaml` package recovers), so one bad document does not hide the others.
 */
export function parseYamlDocs(text: string, opts: { cfnTags?: boolean } = {}): { docs: YamlDoc[]; problems: YamlProblem[] } {
  // Hostile nesting is refused before the recursive parser sees it (see src/yaml-guard.ts). The guard's tokens are
  // kept for the parser, so the text is lexed once.
  const tokens: string[] = [];
  const deep = yamlNestingProblem(text, keep(new Lexer().lex(text), tokens));
  if (deep) return { docs: [], problems: [{ line: text.slice(0, deep.offset).split('\n').length, code: 'parse-error', message: deep.message }] };
  const budget = { left: MAX_ALIAS_EXPANSIONS, hit: false };
  let result = parseChunk(text, 0, opts, budget, tokens);
  // One broken document (an unterminated quote) can swallow the rest of the stream: read each one on its own.
  if (result.problems.some((p) => p.code === 'parse-error') && /^---/m.test(text)) {
    const docs: YamlDoc[] = [];
    const problems: YamlProblem[] = [];
    const lines = text.split('\n');
    let start = 0;
    for (let i = 0; i <= lines.length; i++) {
      if (i === lines.length || (i > start && /^---(\s|$)/.test(lines[i]))) {
        const r = parseChunk(lines.slice(start, i).join('\n'), start, opts, budget);
        docs.push(...r.docs);
        problems.push(...r.problems);
        start = i;
      }
    }
    result = { docs, problems };
  }
  if (budget.hit)
    result.problems.push({ line: 1, code: 'bound-reached', message: `more than ${MAX_ALIAS_EXPANSIONS} alias expansions; the rest left unknown` });
  return result;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function* keep(tokens: Iterable<string>, into: string[]): Generator<string> {
  for (const t of tokens) {
    into.push(t);
    yield t;
  }
}

function parseChunk(
  text: string,
  lineOffset: number,
  opts: { cfnTags?: boolean },
  budget: { left: number; hit: boolean },
  tokens?: string[],
): { docs: YamlDoc[]; problems: YamlProblem[] } {
  let lc = new LineCounter();
  const problems: YamlProblem[] = [];
  const options = { merge: true, uniqueKeys: false, customTags: opts.cfnTags ? CFN_CUSTOM_TAGS : undefined, strict: false };
  let all: Document.Parsed[] | undefined;
  if (tokens) {
    // What parseAllDocuments does, fed from tokens already lexed.
    const parser = new Parser(lc.addNewLine);
    const cst = function* () {
      lc.addNewLine(0);
      for (const t of tokens) yield* parser.next(t);
      yield* parser.end();
    };
    all = Array.from(new Composer(options).compose(cst()));
  }
  // Error messages come from parseAllDocuments, which adds their line and column: a broken file is read again.
  if (!all || all.some((d) => d.errors.length > 0)) {
    lc = new LineCounter();
    all = parseAllDocuments(text, { lineCounter: lc, ...options }) as Document.Parsed[];
  }
  const list = Array.isArray(all) ? all : [];
  if (!Array.isArray(all)) problems.push({ line: lineOffset + 1, code: 'parse-error', message: 'not a YAML stream' });
  const docs: YamlDoc[] = [];
  const line = (off: number | undefined) => lineOffset + (off === undefined ? 1 : lc.linePos(off).line);
  for (const doc of list) {
    for (const e of doc.errors) problems.push({ line: line(e.pos?.[0]), code: 'parse-error', message: e.message.split('\n')[0] });
    if (doc.contents == null) continue;
    const value = convert(doc as Document.Parsed, doc.contents as YNode, line, budget, 0);
    const range = (doc as { range?: [number, number, number] }).range;
    docs.push({ value, line: line((doc.contents as YNode).range?.[0]), endLine: line(range?.[2] ?? text.length), hasErrors: doc.errors.length > 0 });
  }
  // A document runs until the next one starts (its parsed range stops where the parser gave up).
  const last = lineOffset + lineCount(text);
  docs.forEach((d, i) => (d.endLine = Math.max(d.line, (docs[i + 1]?.line ?? last + 1) - 1)));
  return { docs, problems };
}

function convert(
  doc: Document.Parsed,
  node: YNode | null | undefined,
  line: (off: number | undefined) => number,
  budget: { left: number; hit: boolean },
  depth: number,
): unknown {
  if (node == null) return null;
  if (depth > MAX_DEPTH) return new Unknown('depth');
  const tag = (node as { tag?: string }).tag;
  if (tag && /^![A-Za-z]/.test(tag)) return new Unknown(tag);
  if (isAlias(node)) {
    if (budget.left <= 0) {
      budget.hit = true;
      return new Unknown('*' + node.source);
    }
    budget.left--;
    const target = node.resolve(doc);
    return convert(doc, target as YNode | undefined, line, budget, depth + 1);
  }
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const arr: unknown[] = [];
    const items: number[] = [];
    for (const it of node.items) {
      arr.push(convert(doc, it as YNode, line, budget, depth + 1));
      items.push(line((it as YNode | null)?.range?.[0] ?? node.range?.[0]));
    }
    setLoc(arr, { line: line(node.range?.[0]), keys: {}, items });
    return arr;
  }
  if (isMap(node)) {
    // Plain prototype keeps the object JSON-friendly; `__proto__` keys are defined, not assigned (see own()).
    const obj: Record<string, unknown> = {};
    const keys: Record<string, number> = Object.create(null);
    const merged: Record<string, unknown>[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as YNode | null;
      const isMerge = isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.source === '<<'));
      // A map or list used as a key (YAML allows it; Kubernetes never does) is not stringified: turning a node
      // into text composes it, and composing can throw on merge keys inside it.
      const keyText = isMerge ? '<<' : isScalar(k) ? String(k.value) : k == null ? '' : '[complex key]';
      const v = convert(doc, pair.value as YNode, line, budget, depth + 1);
      if (isMerge) {
        for (const m of Array.isArray(v) ? v : [v]) if (m && typeof m === 'object' && !Array.isArray(m)) merged.push(m as Record<string, unknown>);
        continue;
      }
      own(obj, keyText, v);
      keys[keyText] = line(k?.range?.[0] ?? (pair.value as YNode | null)?.range?.[0]);
    }
    for (const m of merged)
      for (const [mk, mv] of Object.entries(m))
        if (!Object.hasOwn(obj, mk)) {
          own(obj, mk, mv);
          keys[mk] = lineOf(m, mk);
        }
    setLoc(obj, { line: line(node.range?.[0]), keys, items: [] });
    return obj;
  }
  return null;
}

/** Sets an own property; `__proto__` is the one key an assignment would not create (it sets the prototype). */
function own(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
