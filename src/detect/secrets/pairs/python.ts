import type { SyntaxNode } from '@lezer/common';
import { pythonTree } from '../../python/analysis/tree-once.js';
import type { NamedLiteral } from './types.js';
import { lineIndex } from '../../../model/order.js';

/**
 * `API_KEY = "..."`, `x: str = "..."`, `self.api_key = "..."`, `f(api_key="...")`, `{"api_key": "..."}`,
 * `os.environ["API_KEY"] = "..."`: a plain string literal after `=` or `:` and the name before it.
 * f-strings and concatenations are computed values, not literals, and are left alone.
 */
export function pythonLiterals(text: string): NamedLiteral[] {
  const out: NamedLiteral[] = [];
  const cursor = pythonTree(text).cursor();
  const lineAt = lineIndex(text);
  do {
    if (cursor.name !== 'String') continue;
    const node = cursor.node;
    const op = node.prevSibling;
    if (!op || (op.name !== 'AssignOp' && op.name !== ':') || text.slice(op.from, op.to) !== (op.name === ':' ? ':' : '=')) continue;
    let target = op.prevSibling;
    if (target?.name === 'TypeDef') target = target.prevSibling;
    const name = target ? nameOf(target, text) : undefined;
    const value = stringValue(text.slice(node.from, node.to));
    if (name !== undefined && value !== undefined) out.push({ name, value, line: lineAt(node.from) });
  } while (cursor.next());
  return out;
}

function nameOf(node: SyntaxNode, text: string): string | undefined {
  switch (node.name) {
    case 'VariableName':
    case 'PropertyName':
      return text.slice(node.from, node.to);
    case 'String':
      return stringValue(text.slice(node.from, node.to));
    case 'MemberExpression': {
      const last = node.lastChild;
      if (!last) return undefined;
      if (last.name === ']') return last.prevSibling ? nameOf(last.prevSibling, text) : undefined;
      return nameOf(last, text);
    }
    default:
      return undefined;
  }
}

/** The content of a plain (non-f, non-bytes) Python string literal; escapes are kept as written. */
function stringValue(lit: string): string | undefined {
  const m = /^([rRuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(lit);
  return m ? m[3] : undefined;
}
