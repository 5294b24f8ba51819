import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { boolValue, dictGet, kwarg, listItems, positional, readArgs, type Arg } from '../analysis/values.js';
import { addModel, agentRule, argTargets, builtInTool, componentRule, isGiven, kindOf, linkDelegates, linkTools, modelRule, numberArg, stringArg, wrapperToolRule } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { modelFromString } from '../engine/models.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/** AutoGen 0.4+ (autogen_agentchat/ext/core) and AutoGen 0.2 / AG2 (`autogen`). */

const FW = 'autogen';
const NEW = ['autogen_agentchat', 'autogen_ext', 'autogen_core'] as const;
const OLD = ['autogen', 'ag2'] as const;
const ALL = [...NEW, ...OLD] as const;

/** 0.2 `llm_config={"config_list": [{"model": "gpt-4", "api_type": "azure"}]}`: link every literal model. */
function linkLlmConfig(ctx: FileContext, id: string, value: SyntaxNode | undefined, depth = 0, evLine?: number): void {
  if (!value || depth > 4) return;
  const at = evLine ?? ctx.line(value);
  if (value.name === 'CallExpression') {
    for (const t of ctx.targets(value)) if (t.t === 'id' && kindOf(ctx, t.id) === 'model') ctx.edge(id, t.id, 'uses-model', at, 'llm_config');
    return;
  }
  if (value.name === 'VariableName') {
    const origin = ctx.targets(value);
    for (const t of origin) if (t.t === 'id' && kindOf(ctx, t.id) === 'model') ctx.edge(id, t.id, 'uses-model', at, 'llm_config');
    const b = ctx.mod.module.bindings.get(ctx.text(value))?.find((x) => x.kind === 'assign' && x.value);
    if (b?.value) linkLlmConfig(ctx, id, b.value, depth + 1, at);
    return;
  }
  if (value.name !== 'DictionaryExpression') return;
  const list = dictGet(ctx.mod, value, 'config_list');
  const entries = list ? (list.name === 'ArrayExpression' ? listItems(list) : [list]) : [value];
  for (const e of entries) {
    let entry = e;
    if (entry.name === 'VariableName') {
      const b = ctx.mod.module.bindings.get(ctx.text(entry))?.find((x) => x.kind === 'assign' && x.value);
      if (b?.value?.name === 'ArrayExpression') {
        for (const inner of listItems(b.value)) linkLlmConfig(ctx, id, inner, depth + 1, at);
        continue;
      }
      if (!b?.value) continue;
      entry = b.value;
    }
    if (entry.name !== 'DictionaryExpression') continue;
    const modelNode = dictGet(ctx.mod, entry, 'model');
    const model = ctx.str(modelNode);
    if (!model || !modelNode) continue;
    const apiType = ctx.str(dictGet(ctx.mod, entry, 'api_type'));
    const ref = modelFromString(model, apiType === 'azure' ? 'azure-openai' : apiType ?? 'openai');
    if (!ref) continue;
    const m = addModel(ctx, apiType === 'azure' ? 'azure-openai' : ref.provider, ref.modelName, ctx.line(modelNode), 'llm_config model');
    ctx.edge(id, m, 'uses-model', at, 'llm_config');
  }
}

function codeExecutionConfig(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  const cfg = kwarg(args, 'code_execution_config')?.value;
  if (!cfg || cfg.name === 'Boolean' || cfg.name === 'None') return;
  const docker = dictGet(ctx.mod, cfg, 'use_docker');
  const executor = dictGet(ctx.mod, cfg, 'executor');
  const sandboxed = executor ? undefined : docker ? boolValue(ctx.mod, docker) !== false : true;
  if (executor) {
    for (const { t, line } of argTargets(ctx, executor)) if (t.t === 'id') ctx.edge(id, t.id, 'uses-tool', line, 'code executor');
    return;
  }
  builtInTool(ctx, id, { suffix: 'code_execution', framework: FW, capabilities: ['code-exec', 'shell'], attributes: { sandboxed }, line: ctx.line(cfg), note: 'code_execution_config', why: 'code_execution_config' });
  void call;
}

const API_TYPES: Record<string, string> = { openai: 'openai', azure: 'azure-openai', google: 'gemini', anthropic: 'anthropic', bedrock: 'bedrock', ollama: 'ollama', mistral: 'mistral', groq: 'groq', together: 'together', cerebras: 'cerebras', deepseek: 'deepseek', cohere: 'cohere' };

/** AG2 `LLMConfig({"api_type": "openai", "model": "gpt-4o"})` / `LLMConfig(api_type=..., model=...)`. */
const llmConfigRule: CallRule = {
  roots: OLD,
  tails: ['LLMConfig'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const dict = positional(args, 0)?.value;
    const fromDict = (k: string) => (dict?.name === 'DictionaryExpression' ? dictGet(ctx.mod, dict, k) : undefined);
    const list = fromDict('config_list') ?? kwarg(args, 'config_list')?.value;
    const first = list ? listItems(list)[0] : undefined;
    const entry = (k: string) => fromDict(k) ?? (first?.name === 'DictionaryExpression' ? dictGet(ctx.mod, first, k) : undefined) ?? kwarg(args, k)?.value;
    const apiType = stringArg(ctx, entry('api_type'));
    const model = stringArg(ctx, entry('model'));
    const provider = apiType ? API_TYPES[apiType] ?? apiType : model ? modelFromString(model, 'openai')?.provider ?? 'openai' : 'openai';
    addModel(ctx, provider, model, ctx.callLine(call), 'call LLMConfig', call.node);
  },
};

/** `with llm_config: agent = ConversableAgent(...)`: agents built inside use that config. */
function enclosingConfig(ctx: FileContext, call: CallInfo): SyntaxNode | undefined {
  for (let p = call.node.parent; p; p = p.parent) {
    if (p.name === 'Body' && p.parent?.name === 'WithStatement') {
      const expr = p.parent.firstChild?.name === 'with' ? p.parent.firstChild.nextSibling : p.parent.firstChild?.nextSibling?.nextSibling;
      if (expr) return expr;
    }
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition') break;
  }
  return undefined;
}

const oldAgents = agentRule({
  framework: FW,
  roots: OLD,
  tails: ['AssistantAgent', 'UserProxyAgent', 'ConversableAgent', 'GPTAssistantAgent', 'RetrieveUserProxyAgent', 'RetrieveAssistantAgent', 'SocietyOfMindAgent'],
  maxIterations: ['max_consecutive_auto_reply'],
  humanApproval: (ctx, _call, args) => stringArg(ctx, kwarg(args, 'human_input_mode')?.value) === 'ALWAYS',
  extra(ctx, call, args, id) {
    linkLlmConfig(ctx, id, kwarg(args, 'llm_config')?.value ?? enclosingConfig(ctx, call));
    codeExecutionConfig(ctx, call, args, id);
    const fm = kwarg(args, 'function_map')?.value;
    if (fm?.name === 'DictionaryExpression') {
      for (const c of fm.getChildren('VariableName')) linkTools(ctx, id, c, FW);
    }
  },
});

const groupChat: CallRule = {
  roots: OLD,
  tails: ['GroupChat'],
  apply(ctx, call) {
    ctx.alias(call.node, [kwarg(ctx.args(call), 'agents')?.value ?? positional(ctx.args(call), 0)?.value].filter((x): x is SyntaxNode => !!x));
  },
};

const groupChatManager = agentRule({
  framework: FW,
  roots: OLD,
  tails: ['GroupChatManager'],
  delegates: ['groupchat', 0],
  extra(ctx, _call, args, id) {
    linkLlmConfig(ctx, id, kwarg(args, 'llm_config')?.value);
    const gc = ctx.originCall(kwarg(args, 'groupchat')?.value ?? positional(args, 0)?.value);
    const n = gc ? numberArg(ctx, kwarg(readArgs(ctx.mod, gc.args), 'max_round')?.value) : undefined;
    if (n !== undefined) ctx.setAttr(id, 'maxIterations', n);
  },
});

/** `user_proxy.initiate_chat(assistant, max_turns=3)`: the caller hands work to the other agent. */
const initiateChat: CallRule = {
  roots: OLD,
  tails: ['initiate_chat', 'a_initiate_chat'],
  apply(ctx, call) {
    const recv = call.callee.firstChild;
    if (!recv) return;
    const args = ctx.args(call);
    ctx.linkJobs.push(() => {
      for (const from of ctx.targets(recv)) {
        if (from.t !== 'id' || kindOf(ctx, from.id) !== 'agent') continue;
        const to = positional(args, 0)?.value ?? kwarg(args, 'recipient')?.value;
        if (to) linkDelegates(ctx, from.id, to);
        const n = numberArg(ctx, kwarg(args, 'max_turns')?.value);
        if (n !== undefined) ctx.setAttr(from.id, 'maxIterations', n);
      }
    });
  },
};

/** `@assistant.register_for_llm(...)` and `register_function(f, caller=a, executor=b)`. */
const registerForLlm: DecoratorRule = {
  roots: OLD,
  tails: ['register_for_llm', 'register_for_execution'],
  apply(ctx, fn, dec) {
    const tool = ctx.functionTool(fn, FW, dec.line, `@${dec.dotted}`);
    if (!dec.dotted.endsWith('register_for_llm')) return;
    const recv = dec.dotted.split('.')[0]!;
    ctx.linkJobs.push(() => {
      const b = ctx.mod.module.bindings.get(recv)?.find((x) => x.kind === 'assign' && x.value);
      for (const t of b?.value ? ctx.targets(b.value) : []) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') ctx.edge(t.id, tool, 'uses-tool', dec.line, 'register_for_llm');
    });
  },
};

const registerFunction: CallRule = {
  roots: OLD,
  tails: ['register_function'],
  accepts: (qn) => /^(autogen|ag2)(\.[a-z_]+)*\.register_function$/.test(qn),
  apply(ctx, call) {
    const args = ctx.args(call);
    const f = positional(args, 0)?.value;
    const caller = kwarg(args, 'caller')?.value;
    if (!f || !caller) return;
    ctx.linkJobs.push(() => {
      for (const t of ctx.targets(caller)) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') linkTools(ctx, t.id, f, FW);
    });
  },
};

// ---- 0.4+ -----------------------------------------------------------------------------------------------------

const newAssistant = agentRule({
  framework: FW,
  roots: NEW,
  tails: ['AssistantAgent', 'CodeExecutorAgent', 'SocietyOfMindAgent', 'MultimodalWebSurfer', 'FileSurfer', 'OpenAIAssistantAgent', 'OpenAIAgent'],
  model: ['model_client', 'model'],
  tools: ['tools', 'workbench', 'code_executor', 'tool_schema'],
  memory: ['memory'],
  delegates: ['team'],
  maxIterations: ['max_tool_iterations'],
  extra(ctx, call, _args, id) {
    const qn = ctx.qn(call) ?? '';
    if (/\.(MultimodalWebSurfer)$/.test(qn)) {
      builtInTool(ctx, id, { suffix: 'browser', framework: FW, capabilities: ['browser'], line: ctx.callLine(call), note: 'web surfer', why: 'built-in browser' });
    }
    if (/\.FileSurfer$/.test(qn)) {
      builtInTool(ctx, id, { suffix: 'files', framework: FW, capabilities: ['file-read'], line: ctx.callLine(call), note: 'file surfer', why: 'built-in file reader' });
    }
  },
});

const userProxy = agentRule({
  framework: FW,
  roots: NEW,
  tails: ['UserProxyAgent'],
  humanApproval: () => true,
});

const teams = agentRule({
  framework: FW,
  roots: NEW,
  tails: ['RoundRobinGroupChat', 'SelectorGroupChat', 'Swarm', 'MagenticOneGroupChat', 'GraphFlow'],
  model: ['model_client'],
  delegates: ['participants', 0],
  maxIterations: ['max_turns'],
  humanApproval(ctx, _call, args) {
    const p = kwarg(args, 'participants')?.value ?? positional(args, 0)?.value;
    return !!p && listItems(p).some((i) => /UserProxyAgent/.test(ctx.qnOfNode(i) ?? '') || /UserProxyAgent\(\)$/.test(ctx.qnOfNode(ctx.originCall(i)?.node ?? i) ?? ''));
  },
});

/**
 * `MagenticOne(client, code_executor=..., approval_func=...)`: a team that always brings a web surfer (a browser),
 * a file surfer (reads local files) and a terminal that runs the code its coder writes. With no executor given it
 * uses Docker when Docker answers and the host otherwise, so only an executor passed in can make it sandboxed.
 */
const magenticOne = agentRule({
  framework: FW,
  roots: ['autogen_ext'],
  tails: ['MagenticOne'],
  model: ['client', 0],
  // MagenticOneGroupChat's max_turns, 20.
  defaultLimit: 20,
  extra(ctx, call, args, id) {
    const line = ctx.callLine(call);
    builtInTool(ctx, id, { suffix: 'browser', framework: FW, capabilities: ['browser'], line, note: 'web surfer', why: 'web surfer' });
    builtInTool(ctx, id, { suffix: 'files', framework: FW, capabilities: ['file-read'], line, note: 'file surfer', why: 'file surfer' });
    // The terminal runs the coder's code on the executor given (sandboxed as it is), else on Docker when Docker
    // answers and the host otherwise; approval_func sees each code block before it runs.
    const executor = (kwarg(args, 'code_executor') ?? positional(args, 3))?.value;
    const given = executor ? ctx.targets(executor).flatMap((t) => (t.t === 'id' && kindOf(ctx, t.id) === 'tool' ? [ctx.component(t.id)!] : [])) : [];
    const sandboxed = given.length > 0 && given.every((c) => c.attributes?.sandboxed === true);
    const approved = isGiven(kwarg(args, 'approval_func')?.value);
    const note = given.length ? 'terminal (the executor given)' : 'terminal (Docker if available, else the host)';
    const attributes = { sandboxed, ...(approved ? { humanApproval: true } : {}) };
    builtInTool(ctx, id, { suffix: 'code_executor', framework: FW, capabilities: ['code-exec', 'shell'], attributes, line, note, why: note });
  },
});

const modelClients: CallRule[] = [
  modelRule({ roots: ['autogen_ext'], tails: ['OpenAIChatCompletionClient'], provider: 'openai', modelArgs: ['model'], parseProvider: true }),
  modelRule({ roots: ['autogen_ext'], tails: ['AzureOpenAIChatCompletionClient'], provider: 'azure-openai', modelArgs: ['model', 'azure_deployment'] }),
  modelRule({ roots: ['autogen_ext'], tails: ['AnthropicChatCompletionClient', 'AnthropicBedrockChatCompletionClient'], provider: 'anthropic', modelArgs: ['model'] }),
  modelRule({ roots: ['autogen_ext'], tails: ['OllamaChatCompletionClient'], provider: 'ollama', modelArgs: ['model'] }),
  modelRule({ roots: ['autogen_ext'], tails: ['AzureAIChatCompletionClient'], provider: 'azure-ai', modelArgs: ['model'] }),
  modelRule({ roots: ['autogen_ext'], tails: ['LlamaCppChatCompletionClient'], provider: 'llamacpp', modelArgs: ['model_path', 'repo_id'] }),
];

const executors: CallRule[] = [
  componentRule({ roots: ALL, tails: ['LocalCommandLineCodeExecutor', 'JupyterCodeExecutor', 'LocalJupyterServer'], kind: 'tool', framework: FW, capabilities: ['code-exec', 'shell'], attributes: () => ({ sandboxed: false }) }),
  componentRule({ roots: ALL, tails: ['DockerCommandLineCodeExecutor', 'DockerJupyterCodeExecutor', 'ACADynamicSessionsCodeExecutor', 'AzureContainerCodeExecutor'], kind: 'tool', framework: FW, capabilities: ['code-exec', 'shell'], attributes: () => ({ sandboxed: true }) }),
];

/** `PythonCodeExecutionTool(executor)`: the tool is its executor. */
const codeTool: CallRule = {
  roots: NEW,
  tails: ['PythonCodeExecutionTool'],
  apply(ctx, call) {
    const ex = positional(ctx.args(call), 0)?.value ?? kwarg(ctx.args(call), 'executor')?.value;
    if (ex) ctx.alias(call.node, [ex]);
  },
};

const memories = componentRule({
  roots: ALL,
  tails: ['ListMemory', 'ChromaDBVectorMemory', 'RedisMemory', 'Mem0Memory', 'Teachability', 'TextCanvasMemory'],
  kind: 'memory',
  framework: FW,
  attributes: (_ctx, _call, _args, tail) => ({ persistent: tail !== 'ListMemory' && tail !== 'TextCanvasMemory', provider: tail.replace(/Memory$/, '').toLowerCase() || 'autogen' }),
});

export const autogen: RuleModule = {
  id: 'autogen',
  needles: ['autogen', 'ag2'],
  frameworks: [{ id: FW, roots: ALL }],
  calls: [
    llmConfigRule,
    oldAgents,
    groupChat,
    groupChatManager,
    initiateChat,
    registerFunction,
    newAssistant,
    userProxy,
    teams,
    magenticOne,
    ...modelClients,
    ...executors,
    codeTool,
    memories,
    wrapperToolRule(FW, ALL, ['FunctionTool'], ['func', 0]),
  ],
  decorators: [registerForLlm],
};
