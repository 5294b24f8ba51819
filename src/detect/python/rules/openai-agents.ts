import type { ImportBinding } from '../analysis/module.js';
import type { SyntaxNode } from '@lezer/common';
import { boolValue, kwarg, positional, readArgs } from '../analysis/values.js';
import { agentRule, argValues, kindOf, linkDelegates, linkGuardrails, linkTools, modelRule, numberArg, toolDecorator } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/**
 * OpenAI Agents SDK (`pip install openai-agents`, imported as `agents`). `agents` is also a common name for a
 * repository's own package, so only the SDK's public names and submodules count.
 */

const FW = 'openai-agents';
const SDK_NAMES = new Set([
  'Agent', 'Runner', 'function_tool', 'handoff', 'Handoff', 'ModelSettings', 'RunContextWrapper', 'RunConfig', 'WebSearchTool', 'FileSearchTool',
  'CodeInterpreterTool', 'ComputerTool', 'LocalShellTool', 'ShellTool', 'HostedMCPTool', 'ImageGenerationTool', 'GuardrailFunctionOutput', 'input_guardrail',
  'output_guardrail', 'InputGuardrail', 'OutputGuardrail', 'InputGuardrailTripwireTriggered', 'OutputGuardrailTripwireTriggered', 'SQLiteSession',
  'OpenAIChatCompletionsModel', 'OpenAIResponsesModel', 'AsyncOpenAI', 'set_default_openai_key', 'set_default_openai_client', 'set_default_openai_api',
  'set_tracing_disabled', 'set_tracing_export_api_key', 'trace', 'gen_trace_id', 'custom_span', 'ItemHelpers', 'MessageOutputItem', 'ToolCallItem',
  'ToolCallOutputItem', 'TResponseInputItem', 'RunResult', 'RunResultStreaming', 'RunHooks', 'AgentHooks', 'Tool', 'FunctionTool', 'enable_verbose_stdout_logging',
  'MaxTurnsExceeded', 'ModelBehaviorError', 'AgentOutputSchema', 'RawResponsesStreamEvent', 'RunItemStreamEvent', 'AgentUpdatedStreamEvent', 'Session',
  'RedisSession', 'ToolsToFinalOutputResult', 'StopAtTools', 'Model', 'ModelProvider', 'OpenAIProvider', 'MultiProvider', 'Usage', 'HandoffInputData',
]);
const SDK_SUBMODULES = new Set(['sandbox', 'mcp', 'tool', 'run', 'models', 'extensions', 'agent', 'handoffs', 'guardrail', 'tracing', 'items', 'lifecycle', 'model_settings', 'memory', 'realtime', 'voice', 'result', 'run_context', 'exceptions', 'stream_events', 'tool_context', 'computer', 'usage', 'agent_output']);

function sdkQn(qn: string): boolean {
  const parts = qn.split('.');
  return parts[0] === 'agents' && (SDK_NAMES.has(parts[1] ?? '') || SDK_SUBMODULES.has(parts[1] ?? ''));
}

export function isOpenAIAgentsImport(imp: ImportBinding): boolean {
  if (imp.module === 'agents') return imp.name === undefined ? false : SDK_NAMES.has(imp.name);
  const sub = imp.module.split('.')[1];
  return !!sub && SDK_SUBMODULES.has(sub);
}

const agent = agentRule({
  framework: FW,
  roots: ['agents'],
  // A SandboxAgent (agents.sandbox) is an Agent whose tools run in a sandbox session.
  tails: ['Agent', 'Agent().clone', 'SandboxAgent'],
  // Runner.run stops an agent after max_turns, 10 unless the call sets it.
  defaultLimit: 10,
  accepts: sdkQn,
  model: ['model'],
  tools: ['tools'],
  delegates: ['handoffs'],
  mcp: ['mcp_servers'],
  guardrails: ['input_guardrails', 'output_guardrails'],
  modelProvider: 'openai',
  defaultModel: 'openai',
});

/** `Runner.run(agent, input, max_turns=5)`: the cap applies to that agent. */
const runner: CallRule = {
  roots: ['agents'],
  tails: ['Runner.run', 'Runner.run_sync', 'Runner.run_streamed'],
  accepts: sdkQn,
  apply(ctx, call) {
    const args = ctx.args(call);
    const n = numberArg(ctx, kwarg(args, 'max_turns')?.value);
    const a = argValues(args, ['starting_agent', 0])[0];
    if (n === undefined || !a) return;
    ctx.linkJobs.push(() => {
      for (const t of ctx.targets(a)) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') ctx.setAttr(t.id, 'maxIterations', n);
    });
  },
};

/** `handoff(agent, ...)` stands for the agent handed to. */
const handoffRule: CallRule = {
  roots: ['agents'],
  tails: ['handoff'],
  accepts: sdkQn,
  apply(ctx, call) {
    const a = argValues(ctx.args(call), ['agent', 0])[0];
    if (a) ctx.alias(call.node, [a]);
  },
};

const models: CallRule[] = [
  modelRule({ roots: ['agents'], tails: ['OpenAIChatCompletionsModel', 'OpenAIResponsesModel'], accepts: sdkQn, provider: 'openai', modelArgs: ['model', 0] }),
  modelRule({ roots: ['agents'], tails: ['LitellmModel'], accepts: sdkQn, provider: 'litellm', modelArgs: ['model', 0], parseProvider: true }),
];

const HOSTED: ToolTable = {
  WebSearchTool: { caps: ['web-search'] },
  FileSearchTool: { caps: ['file-read'] },
  CodeInterpreterTool: { caps: ['code-exec'], sandboxed: true },
  ComputerTool: { caps: ['browser'] },
  LocalShellTool: { caps: ['shell'] },
  ShellTool: { caps: ['shell'] },
  ImageGenerationTool: { caps: [] },
};

const hosted = { ...toolClassRule(FW, ['agents'], HOSTED), accepts: sdkQn };

const functionTool = toolDecorator(FW, ['agents'], ['function_tool'], sdkQn);
/**
 * Links made after construction: `triage.handoffs = [a, b]`, `faq.handoffs.append(triage)`,
 * `agent.tools.extend([...])`.
 */
function lateLinks(ctx: FileContext): void {
  const linkers: Record<string, (from: string, v: SyntaxNode) => void> = {
    handoffs: (from, v) => linkDelegates(ctx, from, v),
    tools: (from, v) => linkTools(ctx, from, v, FW),
    mcp_servers: (from, v) => linkTools(ctx, from, v, FW),
    input_guardrails: (from, v) => linkGuardrails(ctx, from, v),
    output_guardrails: (from, v) => linkGuardrails(ctx, from, v),
  };
  const agentsOf = (node: SyntaxNode | null | undefined) =>
    node ? ctx.targets(node).flatMap((t) => (t.t === 'id' && kindOf(ctx, t.id) === 'agent' ? [t.id] : [])) : [];
  for (const c of ctx.treeNodes().assigns) {
    const target = c.firstChild;
    const attr = target?.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName' ? ctx.text(target.lastChild) : '';
    const link = linkers[attr];
    if (link && target && c.lastChild) for (const a of agentsOf(target.firstChild)) link(a, c.lastChild);
  }
  for (const call of ctx.mod.calls) {
    const callee = call.callee;
    const method = callee.name === 'MemberExpression' && callee.lastChild ? ctx.text(callee.lastChild) : '';
    if (method !== 'append' && method !== 'extend') continue;
    const list = callee.firstChild;
    const attr = list?.name === 'MemberExpression' && list.lastChild?.name === 'PropertyName' ? ctx.text(list.lastChild) : '';
    const link = linkers[attr];
    const arg = positional(readArgs(ctx.mod, call.args), 0)?.value;
    if (link && arg) for (const a of agentsOf(list?.firstChild)) link(a, arg);
  }
}

export const openaiAgents: RuleModule = {
  id: 'openai-agents',
  needles: ['from agents', 'import agents'],
  frameworks: [{ id: FW, roots: ['agents'], accepts: isOpenAIAgentsImport }],
  calls: [agent, runner, handoffRule, ...models, hosted],
  finish: lateLinks,
  decorators: [
    {
      ...functionTool,
      apply(ctx, fn, dec) {
        functionTool.apply(ctx, fn, dec, '');
        const needs = kwarg(readArgs(ctx.mod, dec.args), 'needs_approval')?.value;
        if (needs && boolValue(ctx.mod, needs) !== false) for (const id of ctx.idsAt(fn.node)) ctx.setAttr(id, 'humanApproval', true);
      },
    },
  ],
};
