import { agentRule, builtInTool, modelRule, wrapperToolRule } from '../engine/builders.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/** LlamaIndex: agents and workflows, LLM classes under llama_index.llms.<provider>, tool specs, query engines. */

const FW = 'llamaindex';
const LI = ['llama_index'] as const;

const LLM_PROVIDERS: Record<string, string> = {
  openai: 'openai',
  azure_openai: 'azure-openai',
  anthropic: 'anthropic',
  bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  gemini: 'gemini',
  google_genai: 'gemini',
  vertex: 'vertex',
  ollama: 'ollama',
  groq: 'groq',
  mistralai: 'mistral',
  huggingface: 'transformers',
  huggingface_api: 'huggingface',
  litellm: 'litellm',
  together: 'together',
  fireworks: 'fireworks',
  deepseek: 'deepseek',
  openrouter: 'openrouter',
  openai_like: 'openai-compatible',
  llama_cpp: 'llamacpp',
  vllm: 'vllm',
  cohere: 'cohere',
  perplexity: 'perplexity',
  nvidia: 'nvidia',
};

const LLM_CLASSES = ['OpenAI', 'AzureOpenAI', 'Anthropic', 'Bedrock', 'BedrockConverse', 'Gemini', 'GoogleGenAI', 'Vertex', 'Ollama', 'Groq', 'MistralAI', 'HuggingFaceLLM', 'HuggingFaceInferenceAPI', 'LiteLLM', 'TogetherLLM', 'Fireworks', 'DeepSeek', 'OpenRouter', 'OpenAILike', 'LlamaCPP', 'Vllm', 'Cohere', 'Perplexity', 'NVIDIA', 'OpenAIResponses'];

const llms = modelRule({
  roots: LI,
  tails: LLM_CLASSES,
  accepts: (qn) => /^llama_index\.llms\.\w+/.test(qn),
  provider: (ctx, call) => LLM_PROVIDERS[(ctx.qn(call) ?? '').split('.')[2] ?? ''] ?? 'openai',
  modelArgs: ['model', 'model_name', 'model_id', 'deployment_name', 'engine'],
  parseProvider: false,
});

const agents: CallRule[] = [
  agentRule({
    framework: FW,
    roots: LI,
    tails: ['ReActAgent', 'ReActAgent.from_tools', 'OpenAIAgent', 'OpenAIAgent.from_tools', 'FunctionCallingAgent', 'FunctionCallingAgent.from_tools', 'FunctionAgent', 'CodeActAgent', 'AgentRunner', 'AgentRunner.from_llm', 'StructuredPlannerAgent', 'AgentWorkflow.from_tools_or_functions'],
    model: ['llm'],
    tools: ['tools', 'tools_or_functions', 0],
    memory: ['memory'],
    maxIterations: ['max_iterations'],
    modelProvider: 'openai',
    extra(ctx, call, args, id) {
      if (!/CodeActAgent$/.test(ctx.qn(call) ?? '')) return;
      void args;
      builtInTool(ctx, id, { suffix: 'code_execute', framework: FW, capabilities: ['code-exec'], line: ctx.callLine(call), note: 'code_execute_fn', why: 'CodeActAgent executes code' });
    },
  }),
  agentRule({ framework: FW, roots: LI, tails: ['AgentWorkflow'], delegates: ['agents', 0, 'root_agent'], modelProvider: 'openai' }),
  agentRule({
    framework: FW,
    roots: LI,
    tails: ['VectorStoreIndex().as_query_engine', 'VectorStoreIndex().as_chat_engine', 'VectorStoreIndex.from_documents().as_query_engine', 'VectorStoreIndex.from_documents().as_chat_engine', 'VectorStoreIndex.from_vector_store().as_query_engine', 'VectorStoreIndex.from_vector_store().as_chat_engine', 'load_index_from_storage().as_query_engine', 'load_index_from_storage().as_chat_engine', 'RetrieverQueryEngine', 'RetrieverQueryEngine.from_args', 'CondensePlusContextChatEngine.from_defaults', 'ContextChatEngine.from_defaults'],
    model: ['llm'],
    retriever: ['retriever', 0],
    memory: ['memory'],
    extra(ctx, call, _args, id) {
      const recv = call.callee.name === 'MemberExpression' ? call.callee.firstChild : null;
      if (!recv) return;
      for (const t of ctx.targets(recv)) if (t.t === 'id' && ctx.component(t.id)?.kind === 'vector-store') ctx.edge(id, t.id, 'retrieves', ctx.callLine(call), 'index');
    },
  }),
];

/** `QueryEngineTool.from_defaults(query_engine=qe)` hands the agent that engine. */
const queryEngineTool: CallRule = {
  roots: LI,
  tails: ['QueryEngineTool', 'QueryEngineTool.from_defaults', 'RetrieverTool.from_defaults'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const qe = args.find((a) => a.name === 'query_engine' || a.name === 'retriever') ?? args.find((a) => !a.name);
    if (qe) ctx.alias(call.node, [qe.value]);
  },
};

const SPECS: ToolTable = {
  CodeInterpreterToolSpec: { caps: ['code-exec'] },
  AzureCodeInterpreterToolSpec: { caps: ['code-exec'], sandboxed: true },
  RequestsToolSpec: { caps: ['http'] },
  DatabaseToolSpec: { caps: ['sql'] },
  GmailToolSpec: { caps: ['email'] },
  SlackToolSpec: { caps: ['messaging'] },
  TavilyToolSpec: { caps: ['web-search'] },
  DuckDuckGoSearchToolSpec: { caps: ['web-search'] },
  BraveSearchToolSpec: { caps: ['web-search'] },
  GoogleSearchToolSpec: { caps: ['web-search'] },
  WikipediaToolSpec: { caps: ['web-search'] },
  ArxivToolSpec: { caps: ['web-search'] },
  PlaywrightToolSpec: { caps: ['browser'] },
  ShopifyToolSpec: { caps: ['cloud-api'] },
  ZapierToolSpec: { caps: ['cloud-api'] },
  GitHubToolSpec: { caps: ['git'] },
  NotionToolSpec: { caps: ['cloud-api'] },
};

export const llamaindex: RuleModule = {
  id: 'llamaindex',
  needles: ['llama_index'],
  frameworks: [{ id: FW, roots: ['llama_index', 'llama_parse', 'llama_cloud'] }],
  calls: [llms, ...agents, queryEngineTool, toolClassRule(FW, LI, SPECS), wrapperToolRule(FW, LI, ['FunctionTool.from_defaults', 'FunctionTool'], ['fn', 'async_fn', 0])],
};
