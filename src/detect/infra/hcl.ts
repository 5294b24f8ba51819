import type { SyntaxNode, Tree } from '@lezer/common';
import { loadHcl, parseHclTree } from './hcl-tree.js';
import { Unknown, setLoc } from './values.js';
import type { Obj } from './values.js';
import { lineIndex } from '../../model/order.js';

/** A top-level or nested HCL block with its attributes and nested blocks folded into one object (blocks as arrays). */
export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  body: Obj;
}

export interface HclFile {
  blocks: HclBlock[];
  /** `structural`: at block level (the file is malformed); otherwise inside an expression, which reads as unknown. */
  errors: { line: number; message: string; structural: boolean }[];
}

const MAX_DEPTH = 100;

export async function parseHcl(text: string): Promise<HclFile> {
  await loadHcl();
  const tree = parseHclTree(text);
  const line = lineIndex(text);
  const errors: HclFile['errors'] = [];
  tree.iterate({
    enter(n) {
      if (!n.type.isError || errors.length >= 20) return;
      // An error inside an expression leaves the blocks around it whole, and the expression reads as unknown
      // (hcl-grammar/README.md says what valid HCL the grammar still misreads). Only errors at block level mean
      // the file is malformed.
      const parent = n.node.parent?.name ?? '';
      const structural = parent === 'ConfigFile' || parent === 'Body' || parent === 'Block';
      errors.push({ line: line(n.from), structural, message: `HCL syntax error near ${JSON.stringify(text.slice(n.from, n.from + 20).split('\n')[0])}` });
    },
  });
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const conv = new Converter(src, line);
  const body = tree.topNode.getChild('Body');
  const blocks: HclBlock[] = [];
  if (body) for (const b of body.getChildren('Block')) blocks.push(conv.block(b, 0));
  return { blocks, errors };
}

class Converter {
  constructor(
    private readonly src: (n: SyntaxNode) => string,
    private readonly line: (pos: number) => number,
  ) {}

  block(n: SyntaxNode, depth: number): HclBlock {
    const type = this.src(n.getChild('BlockType') ?? n).trim();
    const labels = n.getChildren('BlockLabel').map((l) => this.stringLit(l) ?? this.src(l));
    const bodyNode = n.getChild('Body');
    return { type, labels, line: this.line(n.from), body: bodyNode ? this.body(bodyNode, depth + 1) : this.emptyObj(n) };
  }

  private emptyObj(n: SyntaxNode): Obj {
    const o: Obj = {};
    setLoc(o, { line: this.line(n.from), keys: {}, items: [] });
    return o;
  }

  body(n: SyntaxNode, depth: number): Obj {
    const out: Obj = {};
    const keys: Record<string, number> = {};
    const itemLines = new Map<Obj[], number[]>();
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Attribute') {
        const id = this.src(c.getChild('Identifier') ?? c);
        const e = c.getChild('Expression');
        out[id] = e ? this.expr(e, depth + 1) : null;
        keys[id] = this.line(c.from);
      } else if (c.name === 'Block') {
        const b = depth > MAX_DEPTH ? null : this.block(c, depth + 1);
        if (!b) continue;
        // `dynamic "ingress" { content { ... } }` generates `ingress` blocks; their content stands for them.
        let key = b.type;
        let blockBody = b.body;
        if (b.type === 'dynamic' && b.labels[0]) {
          key = b.labels[0];
          const content = (b.body.content as Obj[] | undefined)?.[0];
          blockBody = content ?? b.body;
          blockBody.__dynamic = true;
        }
        // A broken file can give an attribute and a block the same name: the block wins, rather than a crash.
        const existing = out[key];
        const list: Obj[] = Array.isArray(existing) ? (existing as Obj[]) : [];
        if (list !== existing) out[key] = list;
        list.push(blockBody);
        if (!itemLines.has(list)) itemLines.set(list, []);
        itemLines.get(list)!.push(b.line);
        keys[key] ??= b.line;
      }
    }
    for (const [list, items] of itemLines) setLoc(list, { line: items[0], keys: {}, items });
    setLoc(out, { line: this.line(n.from), keys, items: [] });
    return out;
  }

  private stringLit(n: SyntaxNode): string | undefined {
    const lit = n.name === 'StringLit' ? n : n.getChild('StringLit');
    if (!lit) return undefined;
    const parts = lit.getChildren('TemplateLiteral');
    if (lit.getChild('TemplateInterpolation') || lit.getChild('TemplateDirective')) return undefined;
    return parts.map((p) => unescape(this.src(p))).join('');
  }

  expr(n: SyntaxNode, depth: number): unknown {
    if (depth > MAX_DEPTH) return new Unknown('depth');
    const kids: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) kids.push(c);
    if (n.name === 'Expression' && kids.length === 1) return this.expr(kids[0], depth + 1);
    switch (n.name) {
      case 'LiteralValue': {
        const k = kids[0];
        if (!k) return null;
        if (k.name === 'NumericLit') return Number(this.src(k));
        if (k.name === 'BoolLit') return this.src(k) === 'true';
        if (k.name === 'NullLit') return null;
        if (k.name === 'StringLit') return this.stringLit(k) ?? new Unknown(this.src(k));
        return new Unknown(this.src(n));
      }
      case 'TemplateExpr': {
        const t = kids[0];
        if (!t || t.getChild('TemplateInterpolation') || t.getChild('TemplateDirective')) return new Unknown(this.src(n));
        const lits = t.getChildren('TemplateLiteral').map((p) => this.src(p));
        if (t.name === 'HeredocTemplate') return heredoc(lits.join(''), this.src(t).startsWith('<<-'));
        return lits.map(unescape).join('');
      }
      case 'CollectionValue':
        return kids[0] ? this.expr(kids[0], depth + 1) : null;
      case 'Tuple': {
        const arr: unknown[] = [];
        const items: number[] = [];
        for (const e of n.getChildren('Expression')) {
          arr.push(this.expr(e, depth + 1));
          items.push(this.line(e.from));
        }
        setLoc(arr, { line: this.line(n.from), keys: {}, items });
        return arr;
      }
      case 'Object': {
        const o: Obj = {};
        const keys: Record<string, number> = {};
        for (const el of n.getChildren('ObjectElem')) {
          const keyNode = el.getChild('ObjectKey');
          const val = el.getChildren('Expression').pop();
          if (!keyNode) continue;
          const ke = keyNode.getChild('Expression');
          // A bare identifier key is its name, not a variable.
          let key: string;
          const only = ke?.firstChild && !ke.firstChild.nextSibling ? ke.firstChild : undefined;
          if (only?.name === 'VariableExpr') key = this.src(only);
          else {
            const v = ke ? this.expr(ke, depth + 1) : undefined;
            key = typeof v === 'string' ? v : this.src(keyNode);
          }
          o[key] = val ? this.expr(val, depth + 1) : null;
          keys[key] = this.line(el.from);
        }
        setLoc(o, { line: this.line(n.from), keys, items: [] });
        return o;
      }
      case 'FunctionCall': {
        const fn = this.src(n.getChild('FunctionName') ?? n);
        const args = n.getChild('FunctionArguments')?.getChildren('Expression') ?? [];
        // jsonencode keeps the structure it encodes: IAM policies are written this way.
        if (fn === 'jsonencode' && args.length === 1) return this.expr(args[0], depth + 1);
        if ((fn === 'tolist' || fn === 'toset') && args.length === 1) return this.expr(args[0], depth + 1);
        return new Unknown(this.src(n));
      }
      case 'Operation': {
        const u = n.getChild('UnaryOperation');
        if (u && kids.length === 1) {
          const v = this.expr(u.getChild('LiteralValue') ?? u, depth + 1);
          if (this.src(u).trim().startsWith('-') && typeof v === 'number') return -v;
          if (this.src(u).trim().startsWith('!') && typeof v === 'boolean') return !v;
        }
        return new Unknown(this.src(n));
      }
      default:
        return new Unknown(this.src(n));
    }
  }
}

function unescape(s: string): string {
  return s.replace(/\\(["\\nrt]|u[0-9a-fA-F]{4})/g, (_m, e: string) =>
    e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e.startsWith('u') ? String.fromCharCode(parseInt(e.slice(1), 16)) : e,
  );
}

function heredoc(body: string, indented: boolean): string {
  let s = body.startsWith('\n') ? body.slice(1) : body;
  if (indented) {
    const lines = s.split('\n');
    const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
    if (Number.isFinite(ind)) s = lines.map((l) => l.slice(ind)).join('\n');
  }
  return s;
}
