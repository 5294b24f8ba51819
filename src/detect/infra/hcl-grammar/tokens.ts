import { ContextTracker, ExternalTokenizer, type LRParser } from '@lezer/lr';
import { hclLanguage } from 'codemirror-lang-hcl';

// What hcl.grammar takes from "./tokens.js": codemirror-lang-hcl's own external tokenizers (quoted and heredoc
// templates) and template context tracker. The package does not export them, so they are read off its published
// parser, where they sit in the grammar's order. They test the term ids compiled into the package
// (QuotedTemplateStart = 1 ... templateLiteralChunk = 105): parser.terms.ts must give the same ids, which
// test/detect/infra/hcl-grammar.test.ts checks against the package.

const published = hclLanguage.parser as unknown as LRParser & { tokenizers: readonly unknown[]; context: unknown };
const external = published.tokenizers.slice(0, 8);
if (published.tokenizers.length !== 10 || !external.every((t) => t instanceof ExternalTokenizer) || !(published.context instanceof ContextTracker))
  throw new Error('codemirror-lang-hcl: its parser no longer has the eight external tokenizers and the context tracker hcl.grammar uses');

export const [
  scanQuotedTemplateStart,
  scanQuotedTemplateEnd,
  scanTemplateInterpolationStart,
  scanTemplateInterpolationEnd,
  scanTemplateDirectiveStart,
  scanTemplateDirectiveEnd,
  scanHeredocIdentifier,
  scanTemplateLiteralChunk,
] = external as ExternalTokenizer[];
export const trackTemplate = published.context as ContextTracker<unknown>;
