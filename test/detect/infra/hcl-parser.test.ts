import type { Tree } from '@lezer/common';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hclParser, plainHclParser } from '../../../src/detect/infra/hcl-parser.js';
import { loadHcl, parseHclTree } from '../../../src/detect/infra/hcl-tree.js';

beforeAll(loadHcl);

const FIXTURES = path.resolve(__dirname, '../../fixtures/infra');

/** Every node, with its place: two trees are the same parse only if these lists are equal. */
function nodes(tree: Tree): string[] {
  const out: string[] = [];
  tree.iterate({ enter: (n) => void out.push(`${n.name}@${n.from}-${n.to}`) });
  return out;
}

function hasError(tree: Tree): boolean {
  let found = false;
  tree.iterate({ enter: (n) => void (found ||= n.type.isError) });
  return found;
}

/** What the detectors get is the grammar's tree with its tokenizers unfiltered, malformed input and error recovery included. */
function same(text: string): void {
  expect(nodes(parseHclTree(text))).toEqual(nodes(plainHclParser.parse(text)));
}

// Pieces of HCL chosen to reach every external tokenizer: quoted templates with escapes, interpolations and
// directives, heredocs (plain, indented, nested, with a look-alike closing line), comments in odd places, `-` and
// `<` where a heredoc could not start, calls and indexes inside objects (what hcl-grammar/hcl.grammar changes),
// and broken fragments for error recovery.
const PIECES = [
  'resource "aws_s3_bucket" "b" {\n',
  '}\n',
  '  bucket = "bench-1"\n',
  '  name = "a\\"b\\n\\t\\\\c\\u00e9\\U0001F600"\n',
  '  tag = "${var.env}-${local.x[0]}"\n',
  '  esc = "$${literal} %%{literal} $x %y"\n',
  '  cond = "%{ if var.on }yes%{ else }no%{ endif }"\n',
  '  loop = "%{ for k, v in var.m }${k}=${v},%{ endfor }"\n',
  '  policy = <<EOF\n{"a": "${var.b}"}\nEOF\n',
  '  script = <<-EOT\n    echo "${x}"\n    EOT\n',
  '  odd = <<EOF\n  EOF is not alone here\nEOF\n',
  '  nested = <<A\n${ <<B\ninner\nB\n}\nA\n',
  '  n = 1 - 2 -3 < 4 <= 5 << 6\n',
  '  c = a ? b : c\n',
  '  l = [for x in var.l : upper(x) if x != ""]\n',
  '  o = { for k, v in var.m : k => v... }\n',
  '  s = var.list[*].id\n',
  '# comment "with quotes" ${not}\n',
  '// another <<EOF\n',
  '/* block */ x = /* in */ <</*c*/EOF\nEOF\n',
  'x = <<  EOF\nEOF\n',
  'x = "unterminated\n',
  'x = ${\n',
  '}}}"""\n',
  'variable "v" { default = "é ü ☃" }\n',
  '\t \r\n',
  '  h = <<EOF\n${ x\n',
  '  h = <<EOF\n%{ if x }\nEOF\n',
  '  h = <<-EOF\n  a ${"b"} c\n  EOF\n',
  '<<EOF\n',
  'EOF\n',
  '  -EOF\n',
  'provider "aws" {\n  region = "us-east-1"\n}\n',
  '  t = { a = f(x, 200)\n b = g[0].id, c = ns::h() }\n',
  '  u = { a = v\n (k) = 1 [0] = 2 }\n',
];

describe('the HCL parser the detectors use', () => {
  it('recovers from errors as the plain parser does (a case found by the generated inputs below)', () => {
    const bad = '/* block */ x = /* in */ <</*c*/EOF\nEOF\nx = ${\nresource "aws_s3_bucket" "b" {\n';
    expect(hasError(plainHclParser.parse(bad))).toBe(true);
    same(bad);
  });

  it('is the filtered one (a new package layout that defeats the filter fails here, not silently)', () => {
    expect(hclParser).not.toBe(plainHclParser);
  });

  it('builds the same tree as the plain parser on the fixtures', () => {
    for (const rel of ['terraform/main.tf', 'terraform/benign/main.tf', 'terraform/benign/broken.tf', 'terraform/modules/ai/main.tf', 'malformed/main.tf'])
      same(readFileSync(path.join(FIXTURES, rel), 'utf8'));
  });

  it('builds the same tree as the plain parser on generated HCL', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (parts) => same(parts.join(''))),
      { numRuns: 1000 },
    );
  });

  it('builds the same tree on pieces cut at any point and on arbitrary text', () => {
    const joined = PIECES.join('');
    fc.assert(
      fc.property(fc.nat(joined.length), fc.nat(joined.length), fc.string({ maxLength: 40 }), (a, b, noise) => {
        same(joined.slice(Math.min(a, b), Math.max(a, b)));
        same(joined.slice(0, a) + noise + joined.slice(a, a + 200));
      }),
      { numRuns: 200 },
    );
  });
});
