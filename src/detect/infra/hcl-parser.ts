import { ExternalTokenizer, type InputStream, type LRParser, type Stack } from '@lezer/lr';
import { parser } from './hcl-grammar/parser.js';
import { HeredocIdentifier } from './hcl-grammar/parser.terms.js';

// Loaded on the first Terraform file (hcl-tree.ts), not at start: the grammar's tokenizers come from
// codemirror-lang-hcl (hcl-grammar/tokens.ts), which brings CodeMirror's editor modules with it, a quarter of the
// bundle, which a run that parses no HCL need not load.

/**
 * The HCL grammar (hcl-grammar/hcl.grammar: codemirror-lang-hcl's, fixed to read calls and indexes inside objects)
 * with its external tokenizers as the package has them: the reference the faster parser is tested against.
 */
export const plainHclParser: LRParser = parser;

// The grammar's template context types (codemirror-lang-hcl's ContextType).
const QUOTED = 1;
const INTERPOLATION = 2;
const DIRECTIVE = 4;
const HEREDOC = 8;

interface TemplateContext {
  type: number;
  parent: TemplateContext | null;
}

const contextType = (stack: Stack): number => (stack.context as TemplateContext | null)?.type ?? 0;

function insideHeredoc(stack: Stack): boolean {
  for (let c = stack.context as TemplateContext | null; c; c = c.parent) if (c.type === HEREDOC) return true;
  return false;
}

/**
 * For each of the grammar's eight external tokenizers, in the order the grammar lists them, a test that must hold
 * for it to accept a token at all. The library's tokenizers ask `stack.canShift` first, which simulates the parse
 * stack and costs more than the rest of a step; the grammar reads a string one character per token, and runs
 * every tokenizer at every character, so Terraform parsed at about 100 KB/s. These tests read the next character,
 * the template context or the state table, each a condition the library's tokenizer checks too, and the library's
 * tokenizer still decides when they pass: the trees are the same on any input, malformed or not, error recovery
 * included (test/detect/infra/hcl-parser.test.ts compares them with the plain parser's).
 */
const MAY_ACCEPT: ((input: InputStream, stack: Stack) => boolean)[] = [
  (i, s) => i.next === 34 /* " */ && contextType(s) !== QUOTED, // QuotedTemplateStart
  (i, s) => i.next === 34 && contextType(s) === QUOTED, // QuotedTemplateEnd
  (i, s) => i.next === 36 /* $ */ && contextType(s) !== INTERPOLATION, // TemplateInterpolationStart
  (i, s) => i.next === 125 /* } */ && contextType(s) === INTERPOLATION, // TemplateInterpolationEnd
  (i, s) => i.next === 37 /* % */ && contextType(s) !== DIRECTIVE, // TemplateDirectiveStart
  (i, s) => i.next === 125 && contextType(s) === DIRECTIVE, // TemplateDirectiveEnd
  mayOpenOrCloseHeredoc, // HeredocIdentifier
  (_i, s) => contextType(s) === QUOTED || contextType(s) === HEREDOC, // templateLiteralChunk
];

/** What @lezer/lr keeps on a Stack and its parser (internal there, so not in its types). */
interface StackInternals {
  state: number;
  p: { parser: { stateSlot(state: number, slot: number): number; hasAction(state: number, terminal: number): number } };
}

/** ParseState.DefaultReduce in @lezer/lr's state table. */
const DEFAULT_REDUCE_SLOT = 4;

/**
 * Inside a heredoc the library's tokenizer decides. Elsewhere it accepts only where `stack.canShift` of a
 * HeredocIdentifier holds, whose first step needs the current state to have a default reduction or an action on
 * that token: asking the state table that directly costs a lookup instead of a simulated stack, and rules out
 * almost every position.
 */
function mayOpenOrCloseHeredoc(input: InputStream, stack: Stack): boolean {
  if (input.next === -1) return false;
  if (insideHeredoc(stack)) return true;
  const { state, p } = stack as unknown as StackInternals;
  return p.parser.stateSlot(state, DEFAULT_REDUCE_SLOT) !== 0 || p.parser.hasAction(state, HeredocIdentifier) !== 0;
}

/**
 * The grammar with each external tokenizer behind its `MAY_ACCEPT` test. Falls back to the plain parser when the
 * grammar's tokenizers are not laid out as this expects (a new version of the package); a test fails then, so the
 * fallback does not go unnoticed.
 */
export const hclParser: LRParser = withFilteredTokenizers(plainHclParser);

/** What @lezer/lr keeps on an ExternalTokenizer (internal there, so not in its types). */
interface TokenizerInternals {
  token(input: InputStream, stack: Stack): void;
  contextual: boolean;
  fallback: boolean;
  extend: boolean;
}

function withFilteredTokenizers(parser: LRParser): LRParser {
  const tokenizers = (parser as unknown as { tokenizers?: unknown[] }).tokenizers;
  if (!Array.isArray(tokenizers) || tokenizers.length !== MAY_ACCEPT.length + 2) return parser;
  const external = tokenizers.slice(0, MAY_ACCEPT.length);
  const usable = (t: unknown): t is ExternalTokenizer & TokenizerInternals => {
    if (!(t instanceof ExternalTokenizer)) return false;
    const x = t as unknown as TokenizerInternals;
    return typeof x.token === 'function' && x.contextual && x.fallback && !x.extend;
  };
  if (!external.every(usable)) return parser;
  return parser.configure({
    tokenizers: external.map((from, k) => {
      const may = MAY_ACCEPT[k]!;
      return { from, to: new ExternalTokenizer((input, stack) => void (may(input, stack) && from.token(input, stack)), { contextual: true, fallback: true }) };
    }),
  });
}
