import type { ts as TS } from 'ts-morph';
import { sourceFileFor } from '../../js/source-file.js';
import type { NamedLiteral } from './types.js';
import { lineIndex } from '../../../model/order.js';

/**
 * `const apiKey = "..."`, `{ apiKey: "..." }`, `process.env.API_KEY = "..."`, `<X apiKey="..." />`,
 * `enum E { TOKEN = "..." }`: a string literal (or a template without substitutions) given to a name.
 */
export function jsLiterals(ts: typeof TS, text: string, path: string): NamedLiteral[] {
  const kind = /\.tsx$/i.test(path) ? ts.ScriptKind.TSX : /\.jsx$/i.test(path) ? ts.ScriptKind.JSX : /\.[cm]?js$/i.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = sourceFileFor(ts, path, text, kind);
  const lineAt = lineIndex(text);
  const out: NamedLiteral[] = [];
  const literal = (n: TS.Node | undefined): string | undefined =>
    n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
  const nameOf = (n: TS.Node): string | undefined => {
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n)) return n.text;
    if (ts.isPropertyAccessExpression(n)) return n.name.text;
    if (ts.isElementAccessExpression(n)) return literal(n.argumentExpression);
    if (ts.isJsxNamespacedName(n)) return n.name.text;
    return undefined;
  };
  const add = (nameNode: TS.Node, valueNode: TS.Node | undefined) => {
    const value = literal(valueNode);
    const name = value === undefined ? undefined : nameOf(nameNode);
    if (name !== undefined && value !== undefined) out.push({ name, value, line: lineAt(valueNode!.getStart(sf)) });
  };
  // An explicit stack: deeply nested hostile code must not overflow the call stack.
  const stack: TS.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n) || ts.isEnumMember(n) || ts.isParameter(n)) {
      add(n.name, n.initializer);
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      add(n.left, n.right);
    } else if (ts.isJsxAttribute(n)) {
      add(n.name, n.initializer);
    }
    n.forEachChild((c) => void stack.push(c));
  }
  return out;
}
