import type { SyntaxNode } from '@lezer/common';
import { lookup, scopeAt } from '../analysis/resolve.js';
import { dictEntries, kwarg, listItems, positional, type Arg } from '../analysis/values.js';
import { addModel, agentRule, boolArg, linkModels, linkTools, stringArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallInfo } from '../analysis/module.js';
import type { AttrValue } from '../../../model/types.js';
import type { RuleModule } from '../engine/types.js';

/**
 * deepagents: `create_deep_agent(model, tools, subagents=[...], backend=..., interrupt_on={...})`, a LangGraph agent
 * with file tools (ls, read_file, write_file, edit_file, glob, grep) and `execute`. Where those act is the
 * backend's choice: the default StateBackend keeps files in the graph's state and runs nothing, FilesystemBackend
 * writes the host's disk, LocalShellBackend also runs host shell commands, sandbox backends run them remotely.
 * Sub-agents are dicts (`{"name", "description", "system_prompt", "tools", "model"}`) the agent hands tasks to.
 */

const FW = 'deepagents';
const DA = ['deepagents'] as const;

/** What a backend class lets the file and execute tools do; absent: nothing outside the graph's state. */
const BACKENDS: Record<string, { caps: string[]; sandboxed?: boolean }> = {
  FilesystemBackend: { caps: ['file-read', 'file-write'] },
  LocalShellBackend: { caps: ['file-read', 'file-write', 'shell'] },
  LangSmithSandbox: { caps: ['file-write', 'shell'], sandboxed: true },
  ModalSandbox: { caps: ['file-write', 'shell'], sandboxed: true },
  DaytonaSandbox: { caps: ['file-write', 'shell'], sandboxed: true },
  RunloopSandbox: { caps: ['file-write', 'shell'], sandboxed: true },
  VercelSandbox: { caps: ['file-write', 'shell'], sandboxed: true },
};

/** The backends a `backend=` value builds: a CompositeBackend's default and routes count, each on its own. */
function backendsOf(ctx: FileContext, node: SyntaxNode | undefined, depth = 0): { cls: string; args: Arg[] }[] {
  const call = ctx.originCall(node);
  if (!call || depth > 3) return [];
  const qn = ctx.qn(call) ?? '';
  const cls = qn.slice(qn.lastIndexOf('.') + 1);
  const args = ctx.args(call);
  if (cls === 'CompositeBackend') {
    const routes = kwarg(args, 'routes')?.value;
    const inner = [(kwarg(args, 'default') ?? positional(args, 0))?.value, ...(routes ? dictEntries(ctx.mod, valueOf(ctx, routes)).map((e) => e.value) : [])];
    return inner.flatMap((n) => backendsOf(ctx, n, depth + 1));
  }
  return BACKENDS[cls] ? [{ cls, args }] : [];
}

/** The expression a variable was assigned (`sub = {...}`), or the node itself. */
function valueOf(ctx: FileContext, node: SyntaxNode): SyntaxNode {
  if (node.name !== 'VariableName') return node;
  const sc = scopeAt(ctx.mod, node) ?? ctx.mod.module;
  return lookup(ctx.mod, sc, ctx.text(node), node.from).find((b) => b.kind === 'assign' && b.value)?.value ?? node;
}

/** `interrupt_on={"execute": True}` (0.0.x: `tool_configs`, `interrupt_config`): a person approves those calls. */
function asksApproval(ctx: FileContext, args: Arg[]): boolean {
  const v = kwarg(args, 'interrupt_on', 'tool_configs', 'interrupt_config')?.value;
  if (!v) return false;
  const entries = dictEntries(ctx.mod, valueOf(ctx, v));
  // A dict written out counts only if some tool is not set to False; one built elsewhere is taken at its word.
  return entries.length === 0 ? v.name !== 'DictionaryExpression' : entries.some((e) => boolArg(ctx, e.value) !== false);
}

/** A built-in tool per backend the agent's file and execute tools reach outside its state. */
function backendTools(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  const line = ctx.callLine(call);
  for (const b of backendsOf(ctx, kwarg(args, 'backend')?.value)) {
    const spec = BACKENDS[b.cls]!;
    const attrs: Record<string, AttrValue | undefined> = { sandboxed: !!spec.sandboxed };
    // virtual_mode=True holds paths inside root_dir (the default only since 0.7).
    if (boolArg(ctx, kwarg(b.args, 'virtual_mode')?.value) === true) attrs.allowList = true;
    const tool = ctx.add({ kind: 'tool', name: `${ctx.component(id)!.name}_${b.cls}`, framework: FW, capabilities: spec.caps, attributes: attrs, line, note: `backend ${b.cls}` });
    ctx.edge(id, tool, 'uses-tool', line, 'file and execute tools');
  }
}

/** Sub-agents written as dicts: each an agent with its own tools and model, handed tasks through `task`. */
function subagents(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  const list = kwarg(args, 'subagents')?.value;
  if (!list) return;
  for (const item of listItems(valueOf(ctx, list))) {
    const dict = valueOf(ctx, item);
    const entries = dictEntries(ctx.mod, dict);
    const name = stringArg(ctx, entries.find((e) => e.key === 'name')?.value);
    if (!name) continue;
    const line = ctx.line(dict);
    const sub = ctx.add({ kind: 'agent', name, framework: FW, line, note: 'sub-agent' }, dict);
    ctx.edge(id, sub, 'delegates', ctx.callLine(call), 'sub-agent');
    const tools = entries.find((e) => e.key === 'tools')?.value;
    if (tools) linkTools(ctx, sub, tools, FW);
    const model = entries.find((e) => e.key === 'model')?.value;
    if (model) linkModels(ctx, sub, model);
  }
}

const agent = agentRule({
  framework: FW,
  roots: DA,
  tails: ['create_deep_agent', 'async_create_deep_agent', 'create_configurable_agent', 'async_create_configurable_agent'],
  model: ['model'],
  tools: ['tools'],
  humanApproval: (ctx, _call, args) => asksApproval(ctx, args),
  extra(ctx, call, args, id) {
    // create_deep_agent(model, tools) now; create_deep_agent(tools, instructions) in 0.0.x. A list is tools either
    // way; linking a model-or-tools value both ways links only what it holds.
    const first = positional(args, 0)?.value;
    const firstIsModel = !!first && !['ArrayExpression', 'TupleExpression'].includes(first.name);
    if (first) linkTools(ctx, id, first, FW);
    if (firstIsModel) linkModels(ctx, id, first);
    // With no model, Anthropic's Claude (a default deprecated since 0.5.3).
    if (!kwarg(args, 'model') && !firstIsModel) {
      const m = addModel(ctx, 'anthropic', undefined, ctx.callLine(call), 'framework default model');
      ctx.edge(id, m, 'uses-model', ctx.callLine(call), 'framework default', true);
    }
    const second = positional(args, 1)?.value;
    if (second) linkTools(ctx, id, second, FW);
    backendTools(ctx, call, args, id);
    subagents(ctx, call, args, id);
  },
});

export const deepagents: RuleModule = {
  id: 'deepagents',
  needles: ['deepagents'],
  frameworks: [{ id: FW, roots: DA }],
  calls: [agent],
};
