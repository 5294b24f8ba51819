import type { SyntaxNode } from '@lezer/common';
import { underRoot } from '../analysis/resolve.js';
import { dictEntries, kwarg, listItems, positional, type Arg } from '../analysis/values.js';
import { addModel, agentRule, boolArg, builtInTool, isGiven, linkModels, linkTools, stringArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallInfo } from '../analysis/module.js';
import type { AttrValue } from '../../../model/types.js';
import type { RuleModule } from '../engine/types.js';
import { backendAttributes, DEEPAGENTS_BACKENDS } from '../../deepagents-backends.js';

/**
 * deepagents: `create_deep_agent(model, tools, subagents=[...], backend=..., interrupt_on={...})`, a LangGraph agent
 * with file tools (ls, read_file, write_file, edit_file, glob, grep) and `execute`. Where those act is the
 * backend's choice: the default StateBackend keeps files in the graph's state and runs nothing, FilesystemBackend
 * writes the host's disk, LocalShellBackend also runs host shell commands, sandbox backends run them remotely.
 * Sub-agents are dicts (`{"name", "description", "system_prompt", "tools", "model"}`) the agent hands tasks to.
 */

const FW = 'deepagents';
const DA = ['deepagents'] as const;


/** The backends a `backend=` value builds: a CompositeBackend's default and routes count, each on its own. */
function backendsOf(ctx: FileContext, node: SyntaxNode | undefined, depth = 0): { cls: string; args: Arg[] }[] {
  // 0.2-0.6 took factories: `backend=lambda rt: StateBackend(rt)`.
  if (node?.name === 'LambdaExpression') return backendsOf(ctx, node.lastChild ?? undefined, depth + 1);
  const call = ctx.originCall(node);
  if (!call || depth > 3) return [];
  const qn = ctx.qn(call) ?? '';
  const cls = qn.slice(qn.lastIndexOf('.') + 1);
  if (!underRoot(qn, cls === 'CompositeBackend' ? 'deepagents' : (DEEPAGENTS_BACKENDS[cls]?.pyPackage ?? 'deepagents'))) return [];
  const args = ctx.args(call);
  if (cls === 'CompositeBackend') {
    const routes = kwarg(args, 'routes')?.value;
    const inner = [(kwarg(args, 'default') ?? positional(args, 0))?.value, ...(routes ? dictEntries(ctx.mod, valueOf(ctx, routes)).map((e) => e.value) : [])];
    return inner.flatMap((n) => backendsOf(ctx, n, depth + 1));
  }
  return DEEPAGENTS_BACKENDS[cls] ? [{ cls, args }] : [];
}

/** The expression a variable was assigned (`sub = {...}`), or the node itself. */
function valueOf(ctx: FileContext, node: SyntaxNode): SyntaxNode {
  return (node.name === 'VariableName' && ctx.assignedValue(node)) || node;
}

/**
 * The built-in tools a person approves before they run: `interrupt_on={"execute": True, "write_file": {...}}`
 * (0.0.x: `tool_configs`, `interrupt_config`), written out here; a tool set to False or None is not.
 */
function approvedTools(ctx: FileContext, args: Arg[]): Set<string> {
  const v = kwarg(args, 'interrupt_on', 'tool_configs', 'interrupt_config')?.value;
  const entries = v ? dictEntries(ctx.mod, valueOf(ctx, v)) : [];
  return new Set(entries.filter((e) => e.key !== undefined && isGiven(e.value) && boolArg(ctx, e.value) !== false).map((e) => e.key!));
}

/** A built-in tool per backend the agent's file and execute tools reach outside its state. */
function backendTools(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  const line = ctx.callLine(call);
  const approved = approvedTools(ctx, args);
  for (const b of backendsOf(ctx, kwarg(args, 'backend')?.value)) {
    const spec = DEEPAGENTS_BACKENDS[b.cls]!;
    const attrs: Record<string, AttrValue | undefined> = backendAttributes(spec, approved);
    // virtual_mode=True holds paths inside root_dir (the default only since 0.7); it does not hold commands.
    if (b.cls === 'FilesystemBackend' && boolArg(ctx, kwarg(b.args, 'virtual_mode')?.value) === true) attrs.allowList = true;
    builtInTool(ctx, id, { suffix: b.cls, framework: FW, capabilities: spec.capabilities, attributes: attrs, line, note: `backend ${b.cls}`, why: 'file and execute tools' });
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
    // Named under its agent: two agents' "helper" sub-agents are two agents.
    const sub = ctx.add({ kind: 'agent', name: `${ctx.component(id)!.name}.${name}`, framework: FW, line, note: 'sub-agent' }, dict);
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
