import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { dictEntries, isSequence, kwarg, listItems, type Arg } from '../analysis/values.js';
import { linkToolTarget } from '../engine/builders.js';
import { dictTool } from './anthropic-tools.js';
import type { FileContext } from '../engine/context.js';

/**
 * An agent written without a framework: the application calls a provider's SDK with tools (`client.messages.create(
 * tools=[...])`), runs what the model asks for, and calls again. Many of the agents that can do the most (Anthropic's
 * computer-use demo, with a shell and a desktop) are written so. The loop is an agent named after the function that
 * calls the model, using the call's model and the tools it passes.
 *
 * Tools reach the call in ways the code computes (`tools=collection.to_params()`, `**params`), so a call is a tool
 * loop when it passes tools by keyword, spreads a dict of this function's that holds a `"tools"` key, or, for
 * Anthropic's API, sits in a function that reads `tool_use` blocks back. Tools the call names are linked here; when
 * they are computed the agent says so (`toolsComputed`), and the model build links it to the provider's own tools
 * defined beside it (link-tool-loops.ts).
 */

/** By SDK, the type of the reply block in which the model asks for a tool: a file that reads it back runs the tools. */
const TOOL_BLOCK: Record<string, string | undefined> = { anthropic: 'tool_use' };

export function toolLoop(ctx: FileContext, call: CallInfo, args: Arg[], sdk: string, models: () => string[]): void {
  const tools = kwarg(args, 'tools');
  const spread = !tools && args.some((a) => a.star === '**' && spreadsTools(ctx, a.value));
  const block = TOOL_BLOCK[sdk];
  if (!tools && !spread && !(block && readsBlocks(ctx, call.node, block))) return;
  if (tools && tools.value.name === 'None') return;
  const fn = ctx.enclosingFunction(call.node);
  const name = fn ? `${fn.cls ? `${fn.cls.name}.` : ''}${fn.name}` : ctx.nameFor(call, 'tool_loop');
  const line = ctx.callLine(call);
  const id = ctx.add({ kind: 'agent', name, framework: sdk, line, note: `${sdk} SDK call with tools` }, call.node);
  ctx.linkJobs.push(() => {
    for (const m of models()) ctx.edge(id, m, 'uses-model', line, 'model of the call');
    if (!tools || !linkNamed(ctx, id, tools.value)) ctx.setAttr(id, 'toolsComputed', true);
  });
}

/**
 * Links the tools a `tools=` value names; false unless each of them is a tool of this file (a name another file
 * defines may not resolve, and a computed list names none).
 */
function linkNamed(ctx: FileContext, from: string, value: SyntaxNode): boolean {
  const list = listOf(ctx, value);
  let known = !!list;
  for (const item of list ?? [value]) {
    if (item.name === 'DictionaryExpression') {
      // `{"type": "bash_20250124", "name": "bash"}` is a provider's tool; a schema of the application's own
      // function names it, and the function of that name in this file is what runs.
      const tool = dictTool(ctx, item) ?? schemaFunction(ctx, item);
      if (tool) ctx.edge(from, tool, 'uses-tool', ctx.line(item), 'tools argument');
      continue;
    }
    for (const t of ctx.targets(item)) {
      if (t.t === 'str' || t.t === 'bool') continue;
      linkToolTarget(ctx, from, t, ctx.line(item));
      if (t.t === 'ref' || t.t === 'lib') known = false;
    }
    if (!ctx.targets(item).length) known = false;
  }
  return known;
}

/**
 * The tool a function schema describes, when this file defines a module-level function of its name: OpenAI's
 * `{"type": "function", "function": {"name": ...}}` (Chat Completions) or `{"type": "function", "name": ...}`
 * (Responses), Anthropic's `{"name": ..., "input_schema": ...}`. The loop calls the function the model names.
 */
function schemaFunction(ctx: FileContext, dict: SyntaxNode): string | undefined {
  const entries = dictEntries(ctx.mod, dict);
  const get = (list: typeof entries, key: string) => list.find((e) => e.key === key)?.value;
  const nested = get(entries, 'function');
  const type = get(entries, 'type');
  const fnEntries = nested?.name === 'DictionaryExpression' ? dictEntries(ctx.mod, nested) : undefined;
  const flat = (type !== undefined && ctx.str(type) === 'function') || get(entries, 'input_schema') !== undefined;
  const nameNode = fnEntries ? get(fnEntries, 'name') : flat ? get(entries, 'name') : undefined;
  const name = nameNode && ctx.str(nameNode);
  const fn = name ? ctx.mod.functions.find((f) => f.name === name && !f.cls && f.parent === ctx.mod.module) : undefined;
  return fn && ctx.functionTool(fn, undefined, ctx.line(nameNode!), 'function schema');
}

/** A list or tuple written out, directly or in a name assigned one once (`TOOLS = [...]`). */
function listOf(ctx: FileContext, value: SyntaxNode): SyntaxNode[] | undefined {
  if (isSequence(value)) return listItems(value);
  if (value.name !== 'VariableName') return undefined;
  const bindings = ctx.bindingsOf(value);
  const only = bindings.length === 1 && bindings[0]!.kind === 'assign' ? bindings[0]!.value : undefined;
  return only && isSequence(only) ? listItems(only) : undefined;
}

/** `**kwargs` where `kwargs` is a dict of the calling function (or the module) with a `"tools"` key. */
function spreadsTools(ctx: FileContext, value: SyntaxNode): boolean {
  if (value.name === 'DictionaryExpression') return dictEntries(ctx.mod, value).some((e) => e.key === 'tools');
  if (value.name !== 'VariableName') return false;
  return ctx.bindingsOf(value).some((b) => b.kind === 'assign' && b.value?.name === 'DictionaryExpression' && dictEntries(ctx.mod, b.value).some((e) => e.key === 'tools'));
}

/**
 * Whether the function that makes the call (or the module, for a call outside any) reads a reply block type by its
 * string (`block.type == "tool_use"`): a title or a summary asked of the model in the same file is no loop.
 */
function readsBlocks(ctx: FileContext, call: SyntaxNode, block: string): boolean {
  const around = ctx.enclosingFunction(call)?.node;
  return ctx.treeNodes().outerStrings.some((s) => (!around || (s.from >= around.from && s.to <= around.to)) && ctx.str(s) === block);
}
