import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { kwarg, listItems, positional, type Arg } from '../analysis/values.js';
import { addModel, agentRule, boolArg, isGiven, kindOf, linkDelegates, linkModels, linkTools, modelRule, stringArg, wrapperToolRule } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/**
 * CAMEL (`camel-ai`): ChatAgents given toolkits' tools (`tools=[*CodeExecutionToolkit().get_tools()]`,
 * `FunctionTool(toolkit.execute_code)`), models from `ModelFactory.create(model_platform=..., model_type=...)`,
 * and societies that hand work between agents (Workforce workers, RolePlaying's two agents).
 */

const FW = 'camel';
const CA = ['camel'] as const;

/**
 * `ModelPlatformType` members and the provider each names, where it is not the member in lower case. A platform
 * string is the enum's value (`"openai"`, `"tongyi-qianwen"`), mapped the same way.
 */
const PLATFORMS: Record<string, string> = {
  DEFAULT: 'openai',
  AZURE: 'azure-openai',
  AWS_BEDROCK: 'bedrock',
  AWS_BEDROCK_CONVERSE: 'bedrock',
  OPENAI_COMPATIBLE_MODEL: 'openai-compatible',
  QWEN: 'qwen',
  ZHIPU: 'zhipu',
  YI: 'yi',
  SAMBA: 'sambanova',
  LMSTUDIO: 'lm-studio',
  // enum values
  azure: 'azure-openai',
  'aws-bedrock': 'bedrock',
  'aws-bedrock-converse': 'bedrock',
  'openai-compatible-model': 'openai-compatible',
  'tongyi-qianwen': 'qwen',
  zhipuai: 'zhipu',
  lingyiwanwu: 'yi',
  'samba-nova': 'sambanova',
  lmstudio: 'lm-studio',
};

/** The provider a `model_platform` argument names: `ModelPlatformType.OPENAI` or the value string `"openai"`. */
function platformOf(ctx: FileContext, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const s = stringArg(ctx, node);
  if (s !== undefined) return PLATFORMS[s] ?? s.toLowerCase();
  if (node.name !== 'MemberExpression') return undefined;
  const text = ctx.text(node);
  if (!/^(\w+\.)*ModelPlatformType\.[A-Z0-9_]+$/.test(text)) return undefined;
  const member = text.slice(text.lastIndexOf('.') + 1);
  return PLATFORMS[member] ?? member.toLowerCase();
}

/** `ModelFactory.create(model_platform, model_type)`: the model id only when written as a string. */
const modelFactory: CallRule = {
  roots: CA,
  tails: ['ModelFactory.create'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const provider = platformOf(ctx, (kwarg(args, 'model_platform') ?? positional(args, 0))?.value);
    if (!provider) return;
    const name = stringArg(ctx, (kwarg(args, 'model_type') ?? positional(args, 1))?.value);
    addModel(ctx, provider, name, ctx.callLine(call), 'call ModelFactory.create', call.node);
    ctx.credit(FW, ctx.callLine(call), 'call ModelFactory.create');
  },
};

const MODEL_CLASSES: Record<string, string> = {
  OpenAIModel: 'openai',
  AzureOpenAIModel: 'azure-openai',
  AnthropicModel: 'anthropic',
  GeminiModel: 'gemini',
  OllamaModel: 'ollama',
  VLLMModel: 'vllm',
  GroqModel: 'groq',
  MistralModel: 'mistral',
  DeepSeekModel: 'deepseek',
  QwenModel: 'qwen',
  OpenAICompatibleModel: 'openai-compatible',
  LiteLLMModel: 'litellm',
};

const models: CallRule[] = [
  modelFactory,
  ...Object.entries(MODEL_CLASSES).map(([tail, provider]) => modelRule({ roots: CA, tails: [tail], provider, modelArgs: ['model_type', 0], framework: FW })),
];

/** Whether a host-side executor asks before it runs code (`require_confirm=True`); others decide by version. */
const confirms = (ctx: FileContext, args: Arg[]) => boolArg(ctx, kwarg(args, 'require_confirm')?.value) === true;

const TOOLKITS: ToolTable = {
  CodeExecutionToolkit: {
    caps: ['code-exec', 'shell'],
    refine(ctx, _call, args) {
      // "subprocess" (the default since 2025) and "internal_python"/"jupyter" run on the host.
      const sandbox = stringArg(ctx, (kwarg(args, 'sandbox') ?? positional(args, 0))?.value) ?? 'subprocess';
      return { attributes: { sandboxed: ['docker', 'e2b', 'microsandbox'].includes(sandbox), humanApproval: confirms(ctx, args) || undefined } };
    },
  },
  TerminalToolkit: {
    caps: ['shell', 'file-write'],
    refine(ctx, _call, args) {
      return {
        attributes: {
          sandboxed: boolArg(ctx, kwarg(args, 'use_docker_backend')?.value) === true,
          allowList: isGiven(kwarg(args, 'allowed_commands')?.value) || undefined,
        },
      };
    },
  },
  FileToolkit: { caps: ['file-read', 'file-write'] },
  FileWriteToolkit: { caps: ['file-write'] },
  ExcelToolkit: { caps: ['file-read', 'file-write'] },
  PPTXToolkit: { caps: ['file-write'] },
  NoteTakingToolkit: { caps: ['file-write'] },
  MarkItDownToolkit: { caps: ['file-read'] },
  BrowserToolkit: { caps: ['browser'] },
  AsyncBrowserToolkit: { caps: ['browser'] },
  HybridBrowserToolkit: { caps: ['browser', 'file-write'] },
  PyAutoGUIToolkit: { caps: ['browser', 'shell'] },
  Crawl4AIToolkit: { caps: ['http'] },
  WebFetchToolkit: { caps: ['http'] },
  OpenAPIToolkit: { caps: ['http'] },
  ZapierToolkit: { caps: ['cloud-api'] },
  SearchToolkit: { caps: ['web-search'] },
  SearxNGToolkit: { caps: ['web-search'] },
  GithubToolkit: { caps: ['git'] },
  GmailToolkit: { caps: ['email'] },
  IMAPMailToolkit: { caps: ['email'] },
  OutlookMailToolkit: { caps: ['email'] },
  ResendToolkit: { caps: ['email'] },
  SlackToolkit: { caps: ['messaging'] },
  WhatsAppToolkit: { caps: ['messaging'] },
  TwitterToolkit: { caps: ['messaging'] },
  LinkedInToolkit: { caps: ['messaging'] },
  RedditToolkit: { caps: ['messaging'] },
  SQLToolkit: {
    caps: ['sql'],
    refine: (ctx, _call, args) => ({ attributes: { readOnly: boolArg(ctx, kwarg(args, 'read_only')?.value) === true || undefined } }),
  },
  StripeToolkit: { caps: ['payment'] },
};

const agents: CallRule[] = [
  agentRule({
    framework: FW,
    roots: CA,
    tails: ['ChatAgent', 'CriticAgent', 'MCPAgent', 'RepoAgent', 'SearchAgent', 'KnowledgeGraphAgent', 'TaskSpecifyAgent', 'TaskPlannerAgent', 'RoleAssignmentAgent', 'EmbodiedAgent'],
    // ChatAgent(system_message, model, memory, ...)
    tools: ['tools', 'function_list'],
    memory: ['memory', 2],
    maxIterations: ['max_iteration'],
    extra(ctx, call, args, id) {
      const line = ctx.callLine(call);
      const model = (kwarg(args, 'model', 'model_type') ?? positional(args, 1))?.value;
      const items = model?.name === 'TupleExpression' ? listItems(model) : [];
      if (items.length === 2) {
        // ("anthropic", "claude-sonnet-4-5"): a platform and a model id.
        const provider = platformOf(ctx, items[0]);
        if (provider) ctx.edge(id, addModel(ctx, provider, stringArg(ctx, items[1]), ctx.line(model!), 'model tuple', model), 'uses-model', line, 'model argument');
      } else if (isGiven(model)) {
        // A bare model id (`model="gpt-4o"`) runs on the default platform, OpenAI unless the environment says otherwise.
        linkModels(ctx, id, model, 'openai');
      } else ctx.edge(id, addModel(ctx, 'openai', undefined, line, 'framework default model'), 'uses-model', line, 'framework default', true);
    },
  }),
  agentRule({
    framework: FW,
    roots: CA,
    tails: ['Workforce'],
    extra(ctx, _call, args, id) {
      for (const k of ['coordinator_agent', 'task_agent', 'new_worker_agent']) {
        const v = kwarg(args, k)?.value;
        if (v) linkDelegates(ctx, id, v);
      }
    },
  }),
  agentRule({
    framework: FW,
    roots: CA,
    tails: ['RolePlaying'],
    model: ['model'],
    // Its assistant and user agents, given whole or built from keyword dicts (`assistant_agent_kwargs=dict(tools=...)`).
    delegates: ['assistant_agent', 'user_agent'],
    extra(ctx, _call, args, id) {
      for (const k of ['assistant_agent_kwargs', 'user_agent_kwargs']) {
        const made = dictCall(ctx, kwarg(args, k)?.value);
        if (!made) continue;
        const inner = ctx.args(made);
        const tools = kwarg(inner, 'tools')?.value;
        if (tools) linkTools(ctx, id, tools, FW);
        const model = kwarg(inner, 'model')?.value;
        if (model) linkModels(ctx, id, model, 'openai');
      }
    },
  }),
];

/** `dict(model=m, tools=t)`, directly or through a variable. */
function dictCall(ctx: FileContext, node: SyntaxNode | undefined): CallInfo | undefined {
  const call = ctx.originCall(node);
  return call && ctx.text(call.callee) === 'dict' ? call : undefined;
}

/** `workforce.add_single_agent_worker("...", worker=agent)`, chained or not: the workforce hands tasks to the agent. */
const addWorker: CallRule = {
  roots: CA,
  tails: ['add_single_agent_worker'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const worker = (kwarg(args, 'worker') ?? positional(args, 1))?.value;
    let recv = call.callee.firstChild ?? undefined;
    // `.add_single_agent_worker(...).add_single_agent_worker(...)`: each returns the workforce.
    while (recv?.name === 'CallExpression') recv = recv.firstChild?.firstChild ?? undefined;
    if (!worker || !recv) return;
    const from = recv;
    ctx.linkJobs.push(() => {
      for (const t of ctx.targets(from)) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') linkDelegates(ctx, t.id, worker);
    });
  },
};

export const camel: RuleModule = {
  id: 'camel',
  // Not 'camel' alone, which every to_camel_case helper holds.
  needles: ['from camel', 'import camel'],
  frameworks: [{ id: FW, roots: CA }],
  calls: [...models, ...agents, addWorker, toolClassRule(FW, CA, TOOLKITS), wrapperToolRule(FW, CA, ['FunctionTool', 'OpenAIFunction'], ['func', 0])],
};
