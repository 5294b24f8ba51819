import type { ts } from 'ts-morph';
import { loadTs } from '../js/load-ts.js';
import { lastAtOrBelow } from '../../model/order.js';
import { isObj, lineOf } from '../infra/values.js';

/** A JSON value with the 1-based line it starts on; object members keep the line of their key. */
export type JsonNode =
  | { type: 'object'; line: number; members: JsonMember[] }
  | { type: 'array'; line: number; items: JsonNode[] }
  | { type: 'string'; line: number; value: string }
  | { type: 'number'; line: number; value: number }
  | { type: 'boolean'; line: number; value: boolean }
  | { type: 'null'; line: number }
  | { type: 'invalid'; line: number };

export interface JsonMember {
  key: string;
  line: number;
  value: JsonNode;
}

export interface JsonError {
  line: number;
  column: number;
  message: string;
}

export interface ParsedJson {
  root?: JsonNode;
  /** The first syntax error, when there is one; `root` then holds what parsed. */
  error?: JsonError;
}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/**
 * Parses JSON with positions through TypeScript's JSON parser, which also accepts JSONC (comments, trailing
 * commas) as VS Code and Cursor write it. Never throws.
 */
export async function parseJson(text: string): Promise<ParsedJson> {
  const t = await loadTs();
  const sf = t.parseJsonText('file.json', text);
  const starts = sf.getLineStarts();
  const lineOf = (pos: number): number => lastAtOrBelow(starts, pos) + 1;
  const convert = (e: ts.Expression): JsonNode => {
    const line = lineOf(e.getStart(sf));
    if (t.isObjectLiteralExpression(e)) {
      const members: JsonMember[] = [];
      for (const p of e.properties) {
        if (!t.isPropertyAssignment(p)) continue;
        const n = p.name;
        const key = t.isStringLiteral(n) || t.isIdentifier(n) || t.isNumericLiteral(n) ? n.text : undefined;
        if (key === undefined) continue;
        members.push({ key, line: lineOf(n.getStart(sf)), value: convert(p.initializer) });
      }
      return { type: 'object', line, members };
    }
    if (t.isArrayLiteralExpression(e)) return { type: 'array', line, items: e.elements.map(convert) };
    if (t.isStringLiteral(e) || t.isNoSubstitutionTemplateLiteral(e)) return { type: 'string', line, value: e.text };
    if (t.isNumericLiteral(e)) return { type: 'number', line, value: Number(e.text) };
    if (t.isPrefixUnaryExpression(e) && e.operator === t.SyntaxKind.MinusToken && t.isNumericLiteral(e.operand)) return { type: 'number', line, value: -Number(e.operand.text) };
    if (e.kind === t.SyntaxKind.TrueKeyword) return { type: 'boolean', line, value: true };
    if (e.kind === t.SyntaxKind.FalseKeyword) return { type: 'boolean', line, value: false };
    if (e.kind === t.SyntaxKind.NullKeyword) return { type: 'null', line };
    return { type: 'invalid', line };
  };
  const out: ParsedJson = {};
  const stmt = sf.statements[0];
  if (stmt) out.root = convert(stmt.expression);
  const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diags.length) {
    const d = diags[0]!;
    const { line, column } = lineCol(text, d.start);
    out.error = { line, column, message: t.flattenDiagnosticMessageText(d.messageText, ' ') };
  }
  return out;
}

export function member(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.type === 'object' ? node.members.find((m) => m.key === key) : undefined;
}

export function str(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

export function strings(node: JsonNode | undefined): string[] {
  return node?.type === 'array' ? node.items.map((i) => (i.type === 'string' ? i.value : i.type === 'number' ? String(i.value) : '<value>')) : [];
}

/**
 * A value parsed from YAML (parseYamlDocs, which records where each key and item starts) as a JsonNode, so a YAML
 * config is read by the code that reads its JSON form.
 */
export function jsonNodeOf(v: unknown, line: number): JsonNode {
  if (Array.isArray(v)) return { type: 'array', line, items: v.map((x, i) => jsonNodeOf(x, lineOf(v, i, line))) };
  if (isObj(v)) return { type: 'object', line, members: Object.keys(v).map((key) => ({ key, line: lineOf(v, key, line), value: jsonNodeOf(v[key], lineOf(v, key, line)) })) };
  if (typeof v === 'string') return { type: 'string', line, value: v };
  if (typeof v === 'number') return { type: 'number', line, value: v };
  if (typeof v === 'boolean') return { type: 'boolean', line, value: v };
  return v === null ? { type: 'null', line } : { type: 'invalid', line };
}
