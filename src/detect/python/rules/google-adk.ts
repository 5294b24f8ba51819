import { boolValue, kwarg } from '../analysis/values.js';
import { agentRule, argValues, builtInTool, componentRule, kindOf, linkMemory, modelRule, wrapperToolRule } from '../engine/builders.js';
import { toolClassRule, toolSymbolResolver, type ToolTable } from '../engine/tool-tables.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/** Google Agent Development Kit: LlmAgent/Agent, workflow agents, tools, session/memory services, remote A2A agents. */

const FW = 'google-adk';
const ADK = ['google.adk'] as const;

const llmAgent = agentRule({
  framework: FW,
  roots: ADK,
  tails: ['Agent', 'LlmAgent'],
  model: ['model'],
  tools: ['tools'],
  delegates: ['sub_agents'],
  modelProvider: 'gemini',
  extra(ctx, call, args, id) {
    const ex = kwarg(args, 'code_executor')?.value;
    if (!ex) return;
    const origin = ctx.originCall(ex);
    const unsafe = /UnsafeLocalCodeExecutor$/.test(ctx.qn(origin ?? call) ?? '');
    builtInTool(ctx, id, { suffix: 'code_executor', framework: FW, capabilities: ['code-exec'], attributes: { sandboxed: !unsafe }, line: ctx.line(ex), note: 'code_executor', why: 'code_executor' });
  },
});

const workflows = agentRule({
  framework: FW,
  roots: ADK,
  tails: ['SequentialAgent', 'ParallelAgent', 'LoopAgent'],
  delegates: ['sub_agents'],
  maxIterations: ['max_iterations'],
});

const remoteAgent = componentRule({
  roots: ADK,
  tails: ['RemoteA2aAgent'],
  kind: 'peer-agent',
  framework: FW,
  globalName: (ctx, _call, args) => argValues(args, ['agent_card', 1]).map((n) => ctx.str(n)).find((s) => s) ?? undefined,
  attributes: (ctx, _call, args) => ({ url: argValues(args, ['agent_card', 1]).map((n) => ctx.str(n)).find((s) => s) }),
});

const liteLlm = modelRule({ roots: ADK, tails: ['LiteLlm'], provider: 'litellm', modelArgs: ['model', 0], parseProvider: true });

/** `FunctionTool(func=f, require_confirmation=True)`; `AgentTool(agent=x)` / `LangchainTool(tool=t)` stand for what they wrap. */
const functionTool = wrapperToolRule(FW, ADK, ['FunctionTool', 'LongRunningFunctionTool'], ['func', 0]);
const confirm: CallRule = {
  roots: ADK,
  tails: ['FunctionTool'],
  apply(ctx, call) {
    if (boolValue(ctx.mod, kwarg(ctx.args(call), 'require_confirmation')?.value) !== true) return;
    ctx.linkJobs.push(() => {
      for (const id of ctx.idsAt(call.node)) ctx.setAttr(id, 'humanApproval', true);
    });
  },
};
const wrappers: CallRule = {
  roots: ADK,
  tails: ['AgentTool', 'LangchainTool', 'CrewaiTool'],
  apply(ctx, call) {
    const v = argValues(ctx.args(call), ['agent', 'tool', 0])[0];
    if (v) ctx.alias(call.node, [v]);
  },
};

const SYMBOLS: ToolTable = {
  google_search: { caps: ['web-search'] },
  enterprise_web_search: { caps: ['web-search'] },
  url_context: { caps: ['http'] },
  load_web_page: { caps: ['http'] },
  built_in_code_execution: { caps: ['code-exec'], sandboxed: true },
  load_memory: { caps: [] },
  preload_memory: { caps: [] },
  get_user_choice: { caps: [] },
};

const CLASSES: ToolTable = {
  VertexAiSearchTool: { caps: ['web-search'] },
  GoogleSearchTool: { caps: ['web-search'] },
  BigQueryToolset: { caps: ['sql', 'cloud-api'] },
  ApplicationIntegrationToolset: { caps: ['cloud-api'] },
  OpenAPIToolset: { caps: ['http'] },
  APIHubToolset: { caps: ['http'] },
};

const sessions = componentRule({
  roots: ADK,
  tails: ['InMemorySessionService', 'DatabaseSessionService', 'VertexAiSessionService', 'InMemoryMemoryService', 'VertexAiMemoryBankService', 'VertexAiRagMemoryService'],
  kind: 'memory',
  framework: FW,
  attributes: (_ctx, _call, _args, tail) => ({ persistent: !tail.startsWith('InMemory'), scope: tail.includes('Session') ? 'session' : 'user', provider: tail.startsWith('InMemory') ? 'in-memory' : tail.startsWith('Database') ? 'database' : 'vertex' }),
});

/** `Runner(agent=root, session_service=s, memory_service=m)`: the agent keeps state there. */
const runner: CallRule = {
  roots: ADK,
  tails: ['Runner', 'InMemoryRunner'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const a = argValues(args, ['agent'])[0];
    if (!a) return;
    ctx.linkJobs.push(() => {
      for (const t of ctx.targets(a)) {
        if (t.t !== 'id' || kindOf(ctx, t.id) !== 'agent') continue;
        for (const m of argValues(args, ['session_service', 'memory_service'])) linkMemory(ctx, t.id, m);
      }
    });
  },
};

/**
 * `def fetch_page(url: str, tool_context: ToolContext)`: only a tool takes ADK's ToolContext, so a module function
 * that does is one, wherever the agent listing it lives. ADK samples keep them in a `tools/` module the agent
 * imports; found here, the agent's `tools=[fetch_page]` resolves to them by name, with what their code does.
 */
function toolContextFunctions(ctx: FileContext): void {
  for (const fn of ctx.mod.functions) {
    if (fn.parent !== ctx.mod.module || fn.cls) continue;
    const types = (fn.node.getChild('ParamList')?.getChildren('TypeDef') ?? []).map((td) => {
      const type = td.lastChild;
      const qn = type && type.name !== 'String' ? ctx.qnOfNode(type) : undefined;
      return qn?.startsWith('google.adk.') ? qn.slice(qn.lastIndexOf('.') + 1) : undefined;
    });
    // `after_tool(tool: BaseTool, args, tool_context: ToolContext, ...)` is a tool callback, not a tool.
    if (types.includes('ToolContext') && !types.includes('BaseTool')) ctx.functionTool(fn, FW, fn.line, 'ToolContext parameter');
  }
}

export const googleAdk: RuleModule = {
  id: 'google-adk',
  needles: ['google.adk', 'google import adk'],
  frameworks: [{ id: FW, roots: ADK }],
  calls: [llmAgent, workflows, remoteAgent, liteLlm, functionTool, confirm, wrappers, toolClassRule(FW, ADK, CLASSES), sessions, runner],
  finish: toolContextFunctions,
};

export const adkSymbols = toolSymbolResolver(FW, ADK, SYMBOLS);
