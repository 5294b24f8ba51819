import type { SyntaxNode } from '@lezer/common';
import { children, type FunctionInfo } from '../analysis/module.js';
import { kwarg, positional } from '../analysis/values.js';
import { stringArg } from '../engine/builders.js';
import { type FileContext, type ToolProfile, union } from '../engine/context.js';

/**
 * The low-level MCP server (`mcp.server.Server`) lists its tools as `Tool(name=...)` in a `@server.list_tools()`
 * handler and runs them all in one `@server.call_tool()` dispatcher. The names a model sees are the listed ones;
 * what each can do is what the dispatcher does before it branches on the name, plus that name's branch.
 */

export interface ListedTool {
  name: string;
  line: number;
}

/** `GitTools.STATUS`, `TimeTools.NOW.value`: a member of an enum-like class defined in this file, as its string. */
function classConstant(ctx: FileContext, dotted: string): string | undefined {
  const parts = dotted.split('.').map((p) => p.trim());
  if (parts[parts.length - 1] === 'value' && parts.length === 3) parts.pop();
  if (parts.length !== 2) return undefined;
  const cls = ctx.mod.classes.find((c) => c.name === parts[0]);
  const b = cls?.scope.bindings.get(parts[1]!)?.find((x) => x.kind === 'assign' && x.value);
  return b?.value ? ctx.str(b.value) : undefined;
}

function nameOf(ctx: FileContext, node: SyntaxNode): string | undefined {
  if (node.name === 'MemberExpression' || node.name === 'AttributePattern') return classConstant(ctx, ctx.text(node));
  if (node.name === 'LiteralPattern') return node.firstChild ? ctx.str(node.firstChild) : undefined;
  return stringArg(ctx, node);
}

/**
 * The tools listed by the functions `isLister` picks: a `@recv.list_tools()` handler, or the one given as
 * `Server(on_list_tools=...)`, the SDK's newer form.
 */
export function listedTools(ctx: FileContext, isLister: (fn: FunctionInfo) => boolean): ListedTool[] {
  const out: ListedTool[] = [];
  for (const call of ctx.mod.calls) {
    if (ctx.qn(call) !== 'mcp.types.Tool') continue;
    const fn = ctx.enclosingFunction(call.node);
    if (!fn || !isLister(fn)) continue;
    const args = ctx.args(call);
    const v = (kwarg(args, 'name') ?? positional(args, 0))?.value;
    const name = v && nameOf(ctx, v);
    if (name && !out.some((t) => t.name === name)) out.push({ name, line: ctx.line(v) });
  }
  return out;
}

/** Branches keyed by the tool name: `if name == X:` / `elif name == Y:` and `match name: case X | Y:`. */
function branches(ctx: FileContext, fn: FunctionInfo): { byName: Map<string, SyntaxNode[]>; defaults: SyntaxNode[]; dispatch?: SyntaxNode } {
  const byName = new Map<string, SyntaxNode[]>();
  const defaults: SyntaxNode[] = [];
  const param = fn.params[0];
  let dispatch: SyntaxNode | undefined;
  const add = (name: string | undefined, body: SyntaxNode | undefined, stmt: SyntaxNode) => {
    if (!name || !body) return;
    byName.set(name, [...(byName.get(name) ?? []), body]);
    dispatch ??= stmt;
  };
  // `name` itself (`call_tool(name, arguments)`), or `params.name` (`on_call_tool(ctx, params)`).
  const isParam = (n: SyntaxNode | null) =>
    !!n && ((n.name === 'VariableName' && ctx.text(n) === param) || (n.name === 'MemberExpression' && fn.params.some((p) => ctx.text(n) === `${p}.name`)));
  const visit = (node: SyntaxNode): void => {
    for (const n of children(node)) {
      if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition' || n.name === 'LambdaExpression') continue;
      if (n.name === 'IfStatement') {
        const kids = children(n);
        const before = byName.size;
        for (let i = 0; i + 1 < kids.length; i++) {
          const test = kids[i]!;
          if (test.name === 'else' && byName.size > before) defaults.push(kids[i + 1]!);
          if (test.name !== 'BinaryExpression' || kids[i + 1]!.name !== 'Body') continue;
          const [l, op, r] = children(test);
          if (!l || !r || op?.name !== 'CompareOp' || ctx.text(op) !== '==') continue;
          const value = isParam(l) ? r : isParam(r) ? l : undefined;
          if (value) add(nameOf(ctx, value), kids[i + 1], n);
        }
      } else if (n.name === 'MatchStatement' && isParam(children(n)[1] ?? null)) {
        const body = children(n).find((k) => k.name === 'MatchBody');
        for (const clause of body ? children(body).filter((k) => k.name === 'MatchClause') : []) {
          const [, pattern, ...rest] = children(clause);
          const block = rest.find((k) => k.name === 'Body');
          const patterns = pattern?.name === 'OrPattern' ? children(pattern).filter((k) => k.name !== 'LogicOp') : pattern ? [pattern] : [];
          for (const p of patterns) add(nameOf(ctx, p), block, n);
          if (block && pattern?.name === 'CapturePattern') defaults.push(block);
        }
      }
      visit(n);
    }
  };
  if (fn.body) visit(fn.body);
  return { byName, defaults, dispatch };
}

/**
 * Each listed tool's profile: the dispatcher's statements before the one that branches on the name, plus the
 * tool's own branch. A tool without a branch of its own runs everything but the other tools' branches: the
 * statements around the branching one and its `else` / `case _`.
 */
export function toolProfiles(ctx: FileContext, fn: FunctionInfo, listed: ListedTool[]): Map<string, ToolProfile> {
  const whole = ctx.classifyFunction(ctx, fn);
  const { byName, defaults, dispatch } = branches(ctx, fn);
  const out = new Map<string, ToolProfile>();
  if (!dispatch || !fn.body) {
    for (const t of listed) out.set(t.name, whole);
    return out;
  }
  const top = children(fn.body).find((s) => s.from <= dispatch.from && dispatch.to <= s.to);
  const statements = children(fn.body).filter((s) => s.name !== ':');
  const preamble = statements.filter((s) => top && s.to <= top.from);
  // Lezer hands out a fresh node object per visit: compare positions, not identity
  const around = statements.filter((s) => !top || s.from !== top.from);
  const profileOf = (nodes: SyntaxNode[]): ToolProfile => {
    const acc: ToolProfile = { capabilities: [], sandboxed: false, allowList: false, humanApproval: false, databases: [] };
    for (const body of nodes) {
      const p = ctx.classifyFunction(ctx, { ...fn, body });
      acc.capabilities = union(acc.capabilities, p.capabilities);
      acc.sandboxed ||= p.sandboxed;
      acc.allowList ||= p.allowList;
      acc.humanApproval ||= p.humanApproval;
      acc.databases.push(...p.databases);
    }
    return acc;
  };
  for (const t of listed) {
    const own = byName.get(t.name);
    out.set(t.name, profileOf(own ? [...preamble, ...own] : [...around, ...defaults]));
  }
  return out;
}
