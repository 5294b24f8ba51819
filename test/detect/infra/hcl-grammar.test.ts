import { buildParser, buildParserFile } from '@lezer/generator';
import type { LRParser } from '@lezer/lr';
import { hclLanguage } from 'codemirror-lang-hcl';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as terms from '../../../src/detect/infra/hcl-grammar/parser.terms.js';
import * as tokens from '../../../src/detect/infra/hcl-grammar/tokens.js';

// src/detect/infra/hcl-grammar/: codemirror-lang-hcl's grammar, vendored (see its README.md), and the parser
// generated from it, committed.

const DIR = path.resolve(__dirname, '../../../src/detect/infra/hcl-grammar');
const grammar = readFileSync(path.join(DIR, 'hcl.grammar'), 'utf8');

/** The state tables of a parser (internal in @lezer/lr, so not in its types). */
function tables(p: LRParser) {
  const x = p as unknown as { states: Uint32Array; data: Uint16Array; goto: Uint16Array; tokenPrecTable: number; maxTerm: number };
  return { states: [...x.states], data: [...x.data], goto: [...x.goto], tokenPrecTable: x.tokenPrecTable, maxTerm: x.maxTerm, nodes: p.nodeSet.types.map((t) => t.name) };
}

/** A parser built in memory from grammar text, with the tokenizers and context tracker hcl-grammar/tokens.ts gives. */
function build(text: string): LRParser {
  return buildParser(text, {
    externalTokenizer: (name) => (tokens as Record<string, unknown>)[name] as never,
    contextTracker: tokens.trackTemplate,
  });
}

describe('the vendored HCL grammar', () => {
  it('is what `npm run grammar` generates the committed parser from (they cannot drift apart)', () => {
    const { parser, terms: termsText } = buildParserFile(grammar, { fileName: 'hcl.grammar', typeScript: true });
    expect(readFileSync(path.join(DIR, 'parser.ts'), 'utf8')).toBe(parser);
    expect(readFileSync(path.join(DIR, 'parser.terms.ts'), 'utf8')).toBe(termsText);
  });

  it('gives the external tokens the term ids compiled into codemirror-lang-hcl, whose tokenizers it uses', () => {
    const dist = readFileSync(createRequire(import.meta.url).resolve('codemirror-lang-hcl'), 'utf8');
    const ids = Object.fromEntries([...dist.matchAll(/\b(\w+) = (\d+)[,;]/g)].map((m) => [m[1], Number(m[2])]));
    const external = ['QuotedTemplateStart', 'QuotedTemplateEnd', 'TemplateInterpolationStart', 'TemplateInterpolationEnd', 'TemplateDirectiveStart', 'TemplateDirectiveEnd', 'HeredocIdentifier', 'templateLiteralChunk'] as const;
    for (const name of external) {
      expect(ids[name], name).toBeTypeOf('number');
      expect(terms[name], name).toBe(ids[name]);
    }
  });

  it('is codemirror-lang-hcl 0.2.0\'s: it generates the published parser\'s tables', () => {
    expect(tables(build(grammar))).toEqual(tables(hclLanguage.parser as unknown as LRParser));
  });
});
