import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { dictGet, kwarg, positional, readArgs } from '../analysis/values.js';
import { agentRule, argTargets, kindOf, linkTools, modelRule, stringArg, toolDecorator, wrapperToolRule } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/** Haystack 2: Agent, generators, tools, and pipelines that contain a generator (RAG pipelines are workflows). */

const FW = 'haystack';
const HS = ['haystack', 'haystack_integrations'] as const;

const GENERATORS: Record<string, string> = {
  OpenAIGenerator: 'openai',
  OpenAIChatGenerator: 'openai',
  AzureOpenAIGenerator: 'azure-openai',
  AzureOpenAIChatGenerator: 'azure-openai',
  AnthropicGenerator: 'anthropic',
  AnthropicChatGenerator: 'anthropic',
  HuggingFaceAPIGenerator: 'huggingface',
  HuggingFaceAPIChatGenerator: 'huggingface',
  HuggingFaceLocalGenerator: 'transformers',
  HuggingFaceLocalChatGenerator: 'transformers',
  OllamaGenerator: 'ollama',
  OllamaChatGenerator: 'ollama',
  AmazonBedrockGenerator: 'bedrock',
  AmazonBedrockChatGenerator: 'bedrock',
  GoogleAIGeminiGenerator: 'gemini',
  GoogleAIGeminiChatGenerator: 'gemini',
  GoogleGenAIChatGenerator: 'gemini',
  VertexAIGeminiGenerator: 'vertex',
  VertexAIGeminiChatGenerator: 'vertex',
  MistralChatGenerator: 'mistral',
  CohereGenerator: 'cohere',
  CohereChatGenerator: 'cohere',
  LlamaCppGenerator: 'llamacpp',
};

const generators: CallRule[] = Object.entries(GENERATORS).map(([cls, provider]) =>
  modelRule({
    roots: HS,
    tails: [cls],
    provider,
    modelArgs: ['model', 'azure_deployment', 'model_name'],
  }),
);

/** HuggingFaceAPI generators carry the model in `api_params={"model": ...}`. */
const apiParams: CallRule = {
  roots: HS,
  tails: ['HuggingFaceAPIGenerator', 'HuggingFaceAPIChatGenerator'],
  apply(ctx, call) {
    const p = kwarg(ctx.args(call), 'api_params')?.value;
    const model = p?.name === 'DictionaryExpression' ? stringArg(ctx, dictGet(ctx.mod, p, 'model')) : undefined;
    if (model) ctx.add({ kind: 'model', name: `huggingface/${model}`, attributes: { provider: 'huggingface', modelName: model, hosted: true }, line: ctx.callLine(call), note: 'api_params model' }, call.node);
  },
};

const agent = agentRule({
  framework: FW,
  roots: HS,
  tails: ['Agent'],
  accepts: (qn) => qn.startsWith('haystack.components.agents') || qn === 'haystack.Agent',
  model: ['chat_generator'],
  tools: ['tools'],
  maxIterations: ['max_agent_steps'],
});

/** `ToolInvoker(tools=[...])` stands for its tools; `ComponentTool(component=x)` for the component. */
const invoker: CallRule = {
  roots: HS,
  tails: ['ToolInvoker', 'ComponentTool'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const v = kwarg(args, 'tools', 'component')?.value ?? positional(args, 0)?.value;
    if (v) ctx.alias(call.node, [v]);
  },
};

const pipeline: CallRule = {
  roots: HS,
  tails: ['Pipeline', 'AsyncPipeline'],
  apply(ctx, call) {
    ctx.note('pipeline', call);
  },
};

/** A pipeline is an AI workflow when a generator or agent runs in it; its retrievers, tools and models link to it. */
function finish(ctx: FileContext): void {
  for (const call of ctx.noted<CallInfo>('pipeline')) {
    const name = ctx.nameFor(call, 'pipeline');
    const adds = ctx.mod.calls.filter((c) => {
      const callee = c.callee;
      return callee.name === 'MemberExpression' && callee.firstChild?.name === 'VariableName' && ctx.text(callee.firstChild) === name && callee.lastChild && ctx.text(callee.lastChild) === 'add_component' && c.scope === call.scope;
    });
    const members: { node: SyntaxNode; line: number }[] = adds.flatMap((c) => {
      const args = readArgs(ctx.mod, c.args);
      const v = kwarg(args, 'instance')?.value ?? positional(args, 1)?.value;
      return v ? [{ node: v, line: ctx.line(c.node) }] : [];
    });
    const found = members.flatMap((m) => argTargets(ctx, m.node).map((t) => ({ ...t, line: m.line })));
    const isAi = found.some(({ t }) => t.t === 'id' && ['model', 'agent'].includes(kindOf(ctx, t.id) ?? ''));
    if (!isAi) continue;
    const id = ctx.add({ kind: 'agent', name, framework: FW, line: ctx.callLine(call), note: 'RAG/LLM pipeline' }, call.node);
    for (const { t, line } of found) {
      if (t.t !== 'id') continue;
      const k = kindOf(ctx, t.id);
      if (k === 'model') ctx.edge(id, t.id, 'uses-model', line, 'pipeline component');
      else if (k === 'vector-store') ctx.edge(id, t.id, 'retrieves', line, 'pipeline component');
      else if (k === 'agent') ctx.edge(id, t.id, 'delegates', line, 'pipeline component');
      else if (k === 'tool') ctx.edge(id, t.id, 'uses-tool', line, 'pipeline component');
    }
    for (const m of members) {
      const origin = ctx.originCall(m.node);
      if (origin && /\.ToolInvoker$/.test(ctx.qn(origin) ?? '')) {
        const tools = kwarg(readArgs(ctx.mod, origin.args), 'tools')?.value;
        if (tools) linkTools(ctx, id, tools, FW);
      }
    }
  }
}

export const haystack: RuleModule = {
  id: 'haystack',
  needles: ['haystack'],
  frameworks: [{ id: FW, roots: ['haystack', 'haystack_integrations', 'haystack_experimental'] }],
  calls: [...generators, apiParams, agent, invoker, pipeline, wrapperToolRule(FW, HS, ['Tool', 'create_tool_from_function'], ['function', 0])],
  decorators: [toolDecorator(FW, HS, ['tool'])],
  finish,
};
