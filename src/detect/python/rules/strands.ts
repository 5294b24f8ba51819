import { agentRule, modelRule, toolDecorator } from '../engine/builders.js';
import { toolSymbolResolver, type ToolTable } from '../engine/tool-tables.js';
import { kwarg, listItems } from '../analysis/values.js';
import type { CallRule, ClassRule, RuleModule } from '../engine/types.js';

/** Strands Agents (AWS): Agent (Bedrock by default), model providers, @tool, and the strands_tools catalogue. */

const FW = 'strands';
const ST = ['strands', 'strands_tools'] as const;

const agent = agentRule({
  framework: FW,
  roots: ['strands'],
  tails: ['Agent'],
  model: ['model'],
  tools: ['tools'],
  modelProvider: 'bedrock',
  defaultModel: 'bedrock',
});

const multi = agentRule({ framework: FW, roots: ['strands'], tails: ['Swarm', 'GraphBuilder().build'], delegates: ['nodes', 0], maxIterations: ['max_handoffs', 'max_iterations'] });

const MODELS: Record<string, string> = {
  BedrockModel: 'bedrock',
  AnthropicModel: 'anthropic',
  OpenAIModel: 'openai',
  LiteLLMModel: 'litellm',
  OllamaModel: 'ollama',
  LlamaAPIModel: 'llama-api',
  GeminiModel: 'gemini',
  MistralModel: 'mistral',
  WriterModel: 'writer',
  SageMakerAIModel: 'sagemaker',
  LlamaCppModel: 'llamacpp',
};

const models: CallRule[] = Object.entries(MODELS).map(([cls, provider]) =>
  modelRule({ roots: ['strands'], tails: [cls], provider, modelArgs: ['model_id', 'model', 0], parseProvider: provider === 'litellm' }),
);

const TOOLS: ToolTable = {
  shell: { caps: ['shell'] },
  python_repl: { caps: ['code-exec'] },
  code_interpreter: { caps: ['code-exec'], sandboxed: true },
  file_read: { caps: ['file-read'] },
  file_write: { caps: ['file-write'] },
  editor: { caps: ['file-read', 'file-write'] },
  journal: { caps: ['file-write'] },
  image_reader: { caps: ['file-read'] },
  http_request: { caps: ['http'] },
  use_aws: { caps: ['cloud-api'] },
  nova_reels: { caps: ['cloud-api'] },
  slack: { caps: ['messaging'] },
  browser: { caps: ['browser'] },
  use_computer: { caps: ['shell', 'browser'] },
  tavily: { caps: ['web-search'] },
  exa: { caps: ['web-search'] },
  cron: { caps: ['shell'] },
  load_tool: { caps: ['code-exec'] },
  environment: { caps: [] },
  retrieve: { caps: [] },
  memory: { caps: [] },
  mem0_memory: { caps: [] },
  calculator: { caps: [] },
  current_time: { caps: [] },
  think: { caps: [] },
  use_llm: { caps: [] },
  handoff_to_user: { caps: [] },
  workflow: { caps: [] },
  swarm: { caps: [] },
  graph: { caps: [] },
  agent_graph: { caps: [] },
  generate_image: { caps: [] },
  speak: { caps: [] },
  stop: { caps: [] },
  sleep: { caps: [] },
};

/** `A2AClientToolProvider(known_agent_urls=[...])`: peer agents reached over A2A, handed over as tools. */
const a2aProvider: CallRule = {
  roots: ['strands_tools', 'strands'],
  tails: ['A2AClientToolProvider'],
  apply(ctx, call) {
    const urls = kwarg(ctx.args(call), 'known_agent_urls')?.value;
    for (const item of urls ? listItems(urls) : []) {
      const url = ctx.str(item);
      if (!url) continue;
      const id = ctx.add({ kind: 'peer-agent', name: url, framework: FW, attributes: { url }, line: ctx.line(item), note: 'A2A agent URL' });
      ctx.bindNode(call.node, id);
    }
  },
};

/** `class Orik(Agent)`: a subclass of the Strands agent is an agent. */
const agentSubclass: ClassRule = {
  roots: ['strands'],
  tails: ['Agent'],
  apply(ctx, cls) {
    ctx.add({ kind: 'agent', name: cls.name, framework: FW, line: cls.line, note: 'subclass Agent' }, cls.node);
  },
};

export const strands: RuleModule = {
  id: 'strands',
  needles: ['strands'],
  frameworks: [{ id: FW, roots: ST }],
  calls: [agent, multi, ...models, a2aProvider],
  classes: [agentSubclass],
  decorators: [toolDecorator(FW, ['strands'], ['tool'])],
};

export const strandsSymbols = toolSymbolResolver(FW, ['strands_tools'], TOOLS);
