import type { Tree } from '@lezer/common';
import { buildParser, buildParserFile } from '@lezer/generator';
import type { LRParser } from '@lezer/lr';
import { hclLanguage } from 'codemirror-lang-hcl';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as terms from '../../../src/detect/infra/hcl-grammar/parser.terms.js';
import * as tokens from '../../../src/detect/infra/hcl-grammar/tokens.js';
import { plainHclParser } from '../../../src/detect/infra/hcl-parser.js';
import { loadHcl, parseHclTree } from '../../../src/detect/infra/hcl-tree.js';
import { terraformDetector } from '../../../src/detect/infra/terraform.js';

// src/detect/infra/hcl-grammar/: codemirror-lang-hcl's grammar, vendored with a fix (see its README.md), and the
// parser generated from it, committed.

beforeAll(loadHcl);

const DIR = path.resolve(__dirname, '../../../src/detect/infra/hcl-grammar');
const grammar = readFileSync(path.join(DIR, 'hcl.grammar'), 'utf8');
const published = hclLanguage.parser as unknown as LRParser;

/** The fix, as [the vendored grammar's line, codemirror-lang-hcl 0.2.0's]. */
const FIX: [string, string][] = [
  ['    functionName\n    newIndex\n    variableExpr @right\n', '    variableExpr @right\n'],
  ['FunctionName { !functionName Identifier }\n', 'FunctionName { Identifier }\n'],
  ['NewIndex { !newIndex "[" Expression "]" }\n', 'NewIndex { "[" Expression "]" }\n'],
];

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

  it("is codemirror-lang-hcl 0.2.0's but for the fix its README describes: undone, it generates the published tables", () => {
    let upstream = grammar;
    for (const [fixed, original] of FIX) {
      expect(upstream.split(fixed)).toHaveLength(2);
      upstream = upstream.replace(fixed, original);
    }
    expect(tables(build(upstream))).toEqual(tables(published));
    expect(tables(build(grammar))).not.toEqual(tables(published));
  });
});

function errorsAt(tree: Tree): number[] {
  const out: number[] = [];
  tree.iterate({ enter: (n) => void (n.type.isError && out.push(n.from)) });
  return out;
}

/** Each node's name, in order, with `⚠` for an error node. */
function names(tree: Tree): string[] {
  const out: string[] = [];
  tree.iterate({ enter: (n) => void out.push(n.type.isError ? '⚠' : n.name) });
  return out;
}

// codemirror-lang-hcl 0.2.0 read `{ a = f(x) }` as `a = f` followed by an element keyed `(x)`, and `{ a = b[0] }`
// as `a = b` followed by one keyed `[0]`: valid Terraform got a parse-error or parse-partial note, and what came
// after in the object was lost. These fail if that comes back.
const CALLS_AND_INDEXES_IN_OBJECTS = [
  'x = {\n  a = f(x)\n  b = 2\n}\n',
  'x = {\n  a = f(x),\n  b = 2\n}\n',
  'x = { a = f(x) }\n',
  'y = { a = f(x, 200) }\n',
  'y = { a = f(x, 200), b = 1 }\n',
  'z = { a = f() }\n',
  'z = { "q" = f(1)\n  (var.k) = 2 }\n',
  'variable "v" { type = object({ n = optional(number, 200) }) }\n',
  'output "o" { value = { url = coalesce(var.a, var.b) } }\n',
  'locals { t = { for k, v in var.m : k => { id = lower(v), n = length(v) } } }\n',
  'x = [{ a = f(1) }, { b = g(2, 3) }]\n',
  'x = "${ { a = f(1, 2) }.a }"\n',
  'x = { a = { b = f(1) } }\n',
  'x = { a = ns::f(1)\n  b = provider::aws::arn_parse(var.arn) }\n',
  'x = { f(1) = 2 }\n',
  'x = {\n  id  = aws_instance.w[0].id\n  arn = aws_iam_role.r["x"].arn\n  all = aws_instance.w[*].id\n}\n',
  'x = { a = var.m["k"], b = local.l[0][1] }\n',
];

describe('the HCL grammar on calls and indexes inside objects', () => {
  it.each(CALLS_AND_INDEXES_IN_OBJECTS)('parses %j with no error node', (text) => {
    expect(errorsAt(parseHclTree(text))).toEqual([]);
    expect(errorsAt(plainHclParser.parse(text))).toEqual([]);
  });

  it('reads the call as the element value and the next line as the next element', () => {
    const tree = parseHclTree('x = {\n  a = f(x, 200)\n  b = g[0]\n}\n');
    const elems = tree.topNode.getChild('Body')!.getChild('Attribute')!.getChild('Expression')!.getChild('CollectionValue')!.getChild('Object')!.getChildren('ObjectElem');
    expect(elems).toHaveLength(2);
    const value = (n: (typeof elems)[number]) => n.getChildren('Expression').pop()!;
    expect(value(elems[0]!).firstChild?.name).toBe('FunctionCall');
    expect(value(elems[0]!).firstChild?.getChild('FunctionArguments')?.getChildren('Expression')).toHaveLength(2);
    expect(names(value(elems[1]!).toTree())).toEqual(['Expression', 'VariableExpr', 'Identifier', 'Index', 'NewIndex', '[', 'Expression', 'LiteralValue', 'NumericLit', ']']);
  });

  it('still reads a parenthesised key after a reference, a literal or a call', () => {
    for (const value of ['var.x', '"s"', '1', 'f(1)', 'true', 'x[0]']) {
      const text = `x = {\n  a = ${value}\n  (var.k) = 1\n}\n`;
      expect(errorsAt(parseHclTree(text)), text).toEqual([]);
      expect(names(parseHclTree(text)).filter((x) => x === 'ObjectElem'), text).toHaveLength(2);
    }
  });

  it('is needed: the published grammar still misreads them (when this fails, codemirror-lang-hcl has the fix)', () => {
    expect(CALLS_AND_INDEXES_IN_OBJECTS.filter((text) => errorsAt(published.parse(text)).length > 0).length).toBeGreaterThan(10);
  });
});

const detect = (path: string, text: string) => terraformDetector.detect({ path, text, blobId: '0'.repeat(40) });

describe('the Terraform detector on calls and indexes inside objects', () => {
  it('notes nothing on valid variables and outputs (as in assafelovic/gpt-researcher\'s terraform/)', async () => {
    const variables = [
      'variable "settings" {',
      '  type = object({',
      '    name    = string',
      '    retries = optional(number, 200)',
      '    tags    = optional(map(string), {})',
      '  })',
      '}',
      '',
    ].join('\n');
    const outputs = ['output "endpoint" {', '  value = {', '    url  = coalesce(var.custom_url, var.default_url)', '    id   = aws_instance.web[0].id', '    port = 443', '  }', '}', ''].join('\n');
    for (const [path, text] of [['terraform/variables.tf', variables], ['terraform/outputs.tf', outputs]] as const)
      expect((await detect(path, text)).diagnostics, path).toEqual([]);
  });

  it('reports the resource that follows such an object, with its attributes', async () => {
    const text = [
      'locals {',
      '  common = {',
      '    name = format("%s-%s", var.project, var.env)',
      '    size = max(1, var.size)',
      '  }',
      '}',
      '',
      'resource "aws_s3_bucket" "docs" {',
      '  bucket = local.common.name',
      '  acl    = "public-read"',
      '}',
      '',
    ].join('\n');
    const f = await detect('main.tf', text);
    expect(f.diagnostics).toEqual([]);
    const bucket = f.components.find((c) => c.name === 'aws_s3_bucket.docs');
    expect(bucket?.attributes).toMatchObject({ resourceType: 'aws_s3_bucket', publicExposure: true });
    expect(bucket?.evidence).toContainEqual({ path: 'main.tf', line: 10, note: 'acl public-read' });
  });

  it('reads the elements after a call in an object (an IAM statement whose Action follows a computed Resource)', async () => {
    const text = [
      'resource "aws_iam_role_policy" "agent" {',
      '  role   = aws_iam_role.agent[0].id',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect   = "Allow"',
      '      Resource = format("arn:aws:s3:::%s/*", var.bucket)',
      '      Action   = "*"',
      '    }]',
      '  })',
      '}',
      '',
    ].join('\n');
    const f = await detect('iam.tf', text);
    expect(f.diagnostics).toEqual([]);
    const policy = f.components.find((c) => c.name === 'aws_iam_role_policy.agent');
    expect(policy?.attributes).toMatchObject({ iamWildcard: true });
    expect(policy?.evidence).toContainEqual({ path: 'iam.tf', line: 3, note: 'wildcard actions: *' });
  });

  it('still names the file and line of a real syntax error', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n  = "x"\n}\n';
    const f = await detect('infra/broken.tf', text);
    expect(f.diagnostics).toEqual([{ path: 'infra/broken.tf', line: 3, code: 'parse-error', message: expect.stringMatching(/^HCL syntax error near "= \\"x\\""/) }]);
  });

  it('names the file and line of a malformed expression in an object, and keeps the resource around it', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  tags = {\n    a = f(1,, 2)\n  }\n  acl = "public-read"\n}\n';
    const f = await detect('infra/odd.tf', text);
    expect(f.diagnostics).toEqual([{ path: 'infra/odd.tf', line: 3, code: 'parse-partial', message: expect.stringMatching(/^HCL syntax error near .*: expression read as unknown/) }]);
    expect(f.components.find((c) => c.name === 'aws_s3_bucket.b')?.attributes).toMatchObject({ publicExposure: true });
  });
});
