import { agentRule, kindOf, modelRule, wrapperToolRule } from '../engine/builders.js';
import { boolValue, kwarg, readArgs } from '../analysis/values.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/** Pydantic AI: `Agent("openai:gpt-4o", tools=[...], toolsets=[...])`, `@agent.tool`, model classes, builtin tools. */

const FW = 'pydantic-ai';
const PA = ['pydantic_ai'] as const;

const agent = agentRule({
  framework: FW,
  roots: PA,
  tails: ['Agent'],
  model: ['model', 0],
  tools: ['tools', 'toolsets', 'builtin_tools'],
  mcp: ['mcp_servers'],
  // A run's usage limits allow 50 model requests unless the caller passes others.
  defaultLimit: 50,
});

/** `@agent.tool` / `@agent.tool_plain`: a tool of that agent. */
const agentTool: DecoratorRule = {
  roots: PA,
  tails: ['Agent().tool', 'Agent().tool_plain'],
  apply(ctx, fn, dec) {
    const tool = ctx.functionTool(fn, FW, dec.line, `@${dec.dotted}`);
    const args = readArgs(ctx.mod, dec.args);
    if (boolValue(ctx.mod, kwarg(args, 'requires_approval')?.value) === true) ctx.setAttr(tool, 'humanApproval', true);
    const recv = dec.dotted.split('.')[0]!;
    ctx.linkJobs.push(() => {
      const b = ctx.mod.module.bindings.get(recv)?.find((x) => x.kind === 'assign' && x.value);
      for (const t of b?.value ? ctx.targets(b.value) : []) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') ctx.edge(t.id, tool, 'uses-tool', dec.line, `@${dec.dotted}`);
    });
  },
};

const MODELS: Record<string, string> = {
  OpenAIModel: 'openai',
  OpenAIChatModel: 'openai',
  OpenAIResponsesModel: 'openai',
  AnthropicModel: 'anthropic',
  GeminiModel: 'gemini',
  GoogleModel: 'gemini',
  GroqModel: 'groq',
  MistralModel: 'mistral',
  BedrockConverseModel: 'bedrock',
  CohereModel: 'cohere',
  HuggingFaceModel: 'huggingface',
};

const models: CallRule[] = Object.entries(MODELS).map(([cls, provider]) =>
  modelRule({ roots: PA, tails: [cls], provider, modelArgs: ['model_name', 'model', 0], parseProvider: true }),
);

const BUILTIN: ToolTable = {
  duckduckgo_search_tool: { caps: ['web-search'] },
  tavily_search_tool: { caps: ['web-search'] },
  WebSearchTool: { caps: ['web-search'] },
  CodeExecutionTool: { caps: ['code-exec'], sandboxed: true },
  UrlContextTool: { caps: ['http'] },
  WebFetchTool: { caps: ['http'] },
};

export const pydanticAi: RuleModule = {
  id: 'pydantic-ai',
  needles: ['pydantic_ai'],
  frameworks: [{ id: FW, roots: ['pydantic_ai', 'pydantic_graph'] }],
  calls: [agent, ...models, toolClassRule(FW, PA, BUILTIN), wrapperToolRule(FW, PA, ['Tool'], ['function', 0])],
  decorators: [agentTool],
};
