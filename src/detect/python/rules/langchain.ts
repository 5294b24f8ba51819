import type { CallInfo } from '../analysis/module.js';
import { kwarg, listItems, positional, type Arg } from '../analysis/values.js';
import {
  agentRule,
  argValues,
  builtInTool,
  componentRule,
  linkDatabase,
  modelRule,
  stringArg,
  toolBaseClass,
  toolDecorator,
  wrapperToolRule,
} from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/** LangChain: chat models, classic agents and chains, tools and toolkits. Vector stores and loaders: rules/data-*. */

export const LC = ['langchain', 'langchain_*'] as const;
const FW = 'langchain';

const MODEL_CLASSES: Record<string, string> = {
  ChatOpenAI: 'openai',
  OpenAI: 'openai',
  AzureChatOpenAI: 'azure-openai',
  AzureOpenAI: 'azure-openai',
  ChatAnthropic: 'anthropic',
  AnthropicLLM: 'anthropic',
  ChatBedrock: 'bedrock',
  ChatBedrockConverse: 'bedrock',
  BedrockChat: 'bedrock',
  BedrockLLM: 'bedrock',
  Bedrock: 'bedrock',
  ChatVertexAI: 'vertex',
  VertexAI: 'vertex',
  ChatAnthropicVertex: 'vertex',
  ChatGoogleGenerativeAI: 'gemini',
  GoogleGenerativeAI: 'gemini',
  ChatOllama: 'ollama',
  Ollama: 'ollama',
  OllamaLLM: 'ollama',
  ChatGroq: 'groq',
  ChatMistralAI: 'mistral',
  ChatCohere: 'cohere',
  ChatFireworks: 'fireworks',
  ChatTogether: 'together',
  ChatHuggingFace: 'huggingface',
  HuggingFaceEndpoint: 'huggingface',
  HuggingFaceHub: 'huggingface',
  HuggingFacePipeline: 'transformers',
  ChatDeepSeek: 'deepseek',
  ChatXAI: 'xai',
  ChatPerplexity: 'perplexity',
  ChatNVIDIA: 'nvidia',
  ChatCerebras: 'cerebras',
  ChatLiteLLM: 'litellm',
  ChatLiteLLMRouter: 'litellm',
  LlamaCpp: 'llamacpp',
  ChatLlamaCpp: 'llamacpp',
  VLLM: 'vllm',
  VLLMOpenAI: 'vllm',
  ChatDatabricks: 'databricks',
  ChatWatsonx: 'watsonx',
};

const MODEL_ARGS = ['model', 'model_name', 'model_id', 'repo_id', 'deployment_name', 'azure_deployment'] as const;

const models: CallRule[] = Object.entries(MODEL_CLASSES).map(([cls, provider]) =>
  modelRule({
    roots: LC,
    tails: [cls],
    accepts: (qn) => !qn.startsWith('langchain_mcp_adapters'),
    provider,
    modelArgs: [...MODEL_ARGS, ...(cls === 'HuggingFacePipeline' ? ['model_id'] : [])],
    parseProvider: provider === 'litellm',
  }),
);

/** `init_chat_model("openai:gpt-4o")` or `init_chat_model("gpt-4o", model_provider="openai")`. */
const initChatModel = modelRule({
  roots: LC,
  tails: ['init_chat_model'],
  provider: (ctx, _call, args) => {
    const p = stringArg(ctx, kwarg(args, 'model_provider')?.value);
    return p ? (p === 'google_genai' ? 'gemini' : p === 'azure_openai' ? 'azure-openai' : p === 'bedrock_converse' ? 'bedrock' : p) : undefined;
  },
  modelArgs: ['model', 0],
  parseProvider: true,
});

/** Classic constructors whose result is only a runnable handed to AgentExecutor: they stand for their model and tools. */
const agentFactories: CallRule = {
  roots: LC,
  tails: [
    'create_tool_calling_agent',
    'create_openai_tools_agent',
    'create_openai_functions_agent',
    'create_structured_chat_agent',
    'create_json_chat_agent',
    'create_xml_agent',
    'create_self_ask_with_search_agent',
    'create_stuff_documents_chain',
    'create_history_aware_retriever',
  ],
  accepts: (qn) => !qn.startsWith('langgraph'),
  apply(ctx, call) {
    const args = ctx.args(call);
    ctx.alias(call.node, argValues(args, ['llm', 0, 'tools', 1, 'retriever']));
  },
};

/** `langchain.agents.create_react_agent(llm, tools, prompt)` is a factory too; langgraph's is an agent (rules/langgraph). */
const classicReact: CallRule = {
  roots: ['langchain'],
  tails: ['create_react_agent'],
  apply: agentFactories.apply,
};

function middlewareApproval(ctx: FileContext, _call: CallInfo, args: Arg[]): boolean {
  const mw = kwarg(args, 'middleware')?.value;
  if (!mw) return false;
  return listItems(mw).some((item) => /HumanInTheLoop/.test(ctx.qnOfNode(item.name === 'CallExpression' ? item.firstChild! : item) ?? ''));
}

function approvalCallbacks(ctx: FileContext, _call: CallInfo, args: Arg[]): boolean {
  const cb = kwarg(args, 'callbacks')?.value;
  return !!cb && listItems(cb).some((i) => /HumanApprovalCallbackHandler/.test(ctx.qnOfNode(i.firstChild ?? i) ?? ''));
}

const agents: CallRule[] = [
  agentRule({
    framework: FW,
    roots: ['langchain'],
    tails: ['create_agent'],
    model: ['model', 0],
    tools: ['tools', 1],
    memory: ['checkpointer', 'store'],
    humanApproval: middlewareApproval,
    modelProvider: 'openai',
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['AgentExecutor', 'AgentExecutor.from_agent_and_tools'],
    model: ['agent'],
    tools: ['tools'],
    memory: ['memory'],
    callbacks: ['callbacks'],
    maxIterations: ['max_iterations'],
    // AgentExecutor's max_iterations defaults to 15.
    defaultLimit: 15,
    humanApproval: approvalCallbacks,
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['initialize_agent'],
    model: ['llm', 1],
    tools: ['tools', 0],
    memory: ['memory'],
    callbacks: ['callbacks'],
    maxIterations: ['max_iterations'],
    // AgentExecutor's max_iterations defaults to 15.
    defaultLimit: 15,
    humanApproval: approvalCallbacks,
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['create_sql_agent'],
    model: ['llm', 0],
    tools: ['toolkit', 'extra_tools'],
    database: ['db'],
    maxIterations: ['max_iterations'],
    // AgentExecutor's max_iterations defaults to 15.
    defaultLimit: 15,
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['create_pandas_dataframe_agent', 'create_csv_agent', 'create_spark_dataframe_agent', 'create_python_agent'],
    model: ['llm', 0],
    tools: ['tool', 'extra_tools'],
    maxIterations: ['max_iterations'],
    // AgentExecutor's max_iterations defaults to 15.
    defaultLimit: 15,
    extra(ctx, call, _args, id) {
      if (ctx.qn(call)?.endsWith('create_python_agent')) return;
      // These agents run model-written Python through a built-in REPL tool.
      builtInTool(ctx, id, { suffix: 'python_repl', framework: FW, capabilities: ['code-exec'], line: ctx.callLine(call), note: 'built-in python REPL', why: 'built-in tool' });
    },
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['create_openapi_agent', 'create_json_agent', 'create_vectorstore_agent', 'create_vectorstore_router_agent'],
    model: ['llm', 0],
    tools: ['toolkit', 1],
    maxIterations: ['max_iterations'],
    // AgentExecutor's max_iterations defaults to 15.
    defaultLimit: 15,
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: [
      'RetrievalQA.from_chain_type',
      'RetrievalQA.from_llm',
      'RetrievalQAWithSourcesChain.from_chain_type',
      'RetrievalQAWithSourcesChain.from_llm',
      'ConversationalRetrievalChain.from_llm',
      'RetrievalQA',
      'ConversationalRetrievalChain',
    ],
    model: ['llm', 0],
    retriever: ['retriever', 1],
    memory: ['memory'],
    callbacks: ['callbacks'],
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['create_retrieval_chain'],
    model: ['combine_docs_chain', 1],
    retriever: ['retriever', 0],
  }),
  agentRule({
    framework: FW,
    roots: LC,
    tails: ['ConversationChain', 'SQLDatabaseChain.from_llm', 'SQLDatabaseChain'],
    model: ['llm', 0],
    memory: ['memory'],
    database: ['db', 1, 'database'],
  }),
];

const FILE_WRITERS = new Set(['write_file', 'copy_file', 'move_file', 'file_delete']);
const TOOLS: ToolTable = {
  ShellTool: { caps: ['shell'] },
  BashProcess: { caps: ['shell'] },
  PythonREPLTool: { caps: ['code-exec'] },
  PythonAstREPLTool: { caps: ['code-exec'] },
  PythonREPL: { caps: ['code-exec'] },
  SessionsPythonREPLTool: { caps: ['code-exec'], sandboxed: true },
  E2BDataAnalysisTool: { caps: ['code-exec'], sandboxed: true },
  BearlyInterpreterTool: { caps: ['code-exec'], sandboxed: true },
  RizaExecPython: { caps: ['code-exec'], sandboxed: true },
  FileManagementToolkit: {
    caps: ['file-read', 'file-write'],
    refine(ctx, _call, args) {
      const sel = kwarg(args, 'selected_tools')?.value;
      const names = sel ? listItems(sel).map((i) => ctx.str(i)) : [];
      const caps = !sel || names.some((n) => n === undefined || FILE_WRITERS.has(n)) ? ['file-read', 'file-write'] : ['file-read'];
      return { caps, attributes: { allowList: kwarg(args, 'root_dir') ? true : undefined } };
    },
  },
  WriteFileTool: { caps: ['file-write'] },
  CopyFileTool: { caps: ['file-write'] },
  MoveFileTool: { caps: ['file-write'] },
  DeleteFileTool: { caps: ['file-write'] },
  ReadFileTool: { caps: ['file-read'] },
  ListDirectoryTool: { caps: ['file-read'] },
  FileSearchTool: { caps: ['file-read'] },
  GmailToolkit: { caps: ['email'] },
  GmailSendMessage: { caps: ['email'] },
  GmailCreateDraft: { caps: ['email'] },
  GmailSearch: { caps: ['email'] },
  GmailGetMessage: { caps: ['email'] },
  GmailGetThread: { caps: ['email'] },
  O365Toolkit: { caps: ['email'] },
  O365SendMessage: { caps: ['email'] },
  SlackToolkit: { caps: ['messaging'] },
  SlackSendMessage: { caps: ['messaging'] },
  SQLDatabaseToolkit: { caps: ['sql'] },
  QuerySQLDataBaseTool: { caps: ['sql'] },
  QuerySQLDatabaseTool: { caps: ['sql'] },
  InfoSQLDatabaseTool: { caps: ['sql'] },
  ListSQLDatabaseTool: { caps: ['sql'] },
  QuerySQLCheckerTool: { caps: ['sql'] },
  SparkSQLToolkit: { caps: ['sql'] },
  RequestsToolkit: { caps: ['http'] },
  RequestsGetTool: { caps: ['http'] },
  RequestsPostTool: { caps: ['http'] },
  RequestsPatchTool: { caps: ['http'] },
  RequestsPutTool: { caps: ['http'] },
  RequestsDeleteTool: { caps: ['http'] },
  OpenAPIToolkit: { caps: ['http'] },
  TavilySearchResults: { caps: ['web-search'] },
  TavilySearch: { caps: ['web-search'] },
  TavilyAnswer: { caps: ['web-search'] },
  DuckDuckGoSearchRun: { caps: ['web-search'] },
  DuckDuckGoSearchResults: { caps: ['web-search'] },
  GoogleSearchRun: { caps: ['web-search'] },
  GoogleSearchResults: { caps: ['web-search'] },
  GoogleSerperRun: { caps: ['web-search'] },
  GoogleSerperResults: { caps: ['web-search'] },
  BraveSearch: { caps: ['web-search'] },
  BingSearchRun: { caps: ['web-search'] },
  SearxSearchRun: { caps: ['web-search'] },
  WikipediaQueryRun: { caps: ['web-search'] },
  ArxivQueryRun: { caps: ['web-search'] },
  PubmedQueryRun: { caps: ['web-search'] },
  YouSearchTool: { caps: ['web-search'] },
  ExaSearchResults: { caps: ['web-search'] },
  JinaSearch: { caps: ['web-search'] },
  SerpAPIWrapper: { caps: ['web-search'] },
  GoogleSerperAPIWrapper: { caps: ['web-search'] },
  DuckDuckGoSearchAPIWrapper: { caps: ['web-search'] },
  WikipediaAPIWrapper: { caps: ['web-search'] },
  TavilySearchAPIWrapper: { caps: ['web-search'] },
  BingSearchAPIWrapper: { caps: ['web-search'] },
  PlayWrightBrowserToolkit: { caps: ['browser'] },
  NavigateTool: { caps: ['browser'] },
  ClickTool: { caps: ['browser'] },
  GitHubToolkit: { caps: ['git'] },
  GitHubAction: { caps: ['git'] },
  GitLabToolkit: { caps: ['git'] },
  JiraToolkit: { caps: ['cloud-api'] },
  ZapierToolkit: { caps: ['cloud-api'] },
  ZapierNLARunAction: { caps: ['cloud-api'] },
  StripeAgentToolkit: { caps: ['payment'] },
  AWSLambda: { caps: ['cloud-api'] },
};

/** Names `load_tools([...])` accepts, and what each does. */
const LOAD_TOOLS: Record<string, string[]> = {
  terminal: ['shell'],
  python_repl: ['code-exec'],
  requests: ['http'],
  requests_all: ['http'],
  requests_get: ['http'],
  requests_post: ['http'],
  requests_patch: ['http'],
  requests_put: ['http'],
  requests_delete: ['http'],
  serpapi: ['web-search'],
  'google-search': ['web-search'],
  'google-serper': ['web-search'],
  'ddg-search': ['web-search'],
  'searx-search': ['web-search'],
  'bing-search': ['web-search'],
  wikipedia: ['web-search'],
  arxiv: ['web-search'],
  pubmed: ['web-search'],
  'tavily-search': ['web-search'],
  awslambda: ['cloud-api'],
  sleep: [],
  'llm-math': [],
  human: [],
};

const loadTools: CallRule = {
  roots: LC,
  tails: ['load_tools'],
  apply(ctx, call) {
    const first = positional(ctx.args(call), 0)?.value ?? kwarg(ctx.args(call), 'tool_names')?.value;
    if (!first) return;
    for (const item of listItems(first)) {
      const name = ctx.str(item);
      if (!name) continue;
      const caps = LOAD_TOOLS[name] ?? [];
      const attrs = name === 'human' ? { humanApproval: true } : {};
      const id = ctx.add({ kind: 'tool', name, framework: FW, capabilities: caps, attributes: attrs, line: ctx.line(item), note: 'load_tools' }, item);
      ctx.bindNode(call.node, id);
    }
  },
};

const retrieverTool = componentRule({
  roots: LC,
  tails: ['create_retriever_tool'],
  kind: 'tool',
  framework: FW,
  after(ctx, _call, args, id) {
    const retriever = argValues(args, ['retriever', 0])[0];
    if (retriever) ctx.linkJobs.unshift(() => linkRetrieverFromTool(ctx, id, retriever));
  },
});

function linkRetrieverFromTool(ctx: FileContext, id: string, value: import('@lezer/common').SyntaxNode): void {
  for (const t of ctx.targets(value)) {
    if (t.t === 'id' && ctx.component(t.id)?.kind === 'vector-store') ctx.edge(id, t.id, 'retrieves', ctx.line(value), 'retriever');
    if (t.t === 'ref') ctx.ref(id, t.name, ['vector-store'], 'retrieves', ctx.line(value), 'retriever');
  }
}

/** `llm.bind_tools([...])` outside any agent constructor: the model itself is handed tools (LangGraph nodes). */
const bindTools: CallRule = {
  roots: LC,
  tails: Object.keys(MODEL_CLASSES).map((c) => `${c}().bind_tools`).concat(['init_chat_model().bind_tools']),
  apply(ctx, call) {
    ctx.note('bind_tools', call);
  },
};

/** SQL toolkits and tools query the database they are given. */
const sqlToolDatabase: CallRule = {
  roots: LC,
  tails: ['SQLDatabaseToolkit', 'QuerySQLDataBaseTool', 'QuerySQLDatabaseTool', 'InfoSQLDatabaseTool', 'ListSQLDatabaseTool', 'QuerySQLCheckerTool'],
  apply(ctx, call) {
    const db = argValues(ctx.args(call), ['db', 'database'])[0];
    if (!db) return;
    ctx.linkJobs.unshift(() => {
      for (const tool of ctx.idsAt(call.node)) linkDatabase(ctx, tool, db);
    });
  },
};

export const langchain: RuleModule = {
  id: 'langchain',
  needles: ['langchain'],
  frameworks: [{ id: FW, roots: ['langchain', 'langchain_*', 'langserve'], accepts: (imp) => !imp.module.startsWith('langchain_mcp_adapters') }],
  calls: [
    ...models,
    initChatModel,
    agentFactories,
    classicReact,
    ...agents,
    toolClassRule(FW, LC, TOOLS),
    sqlToolDatabase,
    loadTools,
    retrieverTool,
    wrapperToolRule(FW, LC, ['Tool', 'StructuredTool', 'Tool.from_function', 'StructuredTool.from_function'], ['func', 'coroutine', 0]),
    bindTools,
  ],
  decorators: [toolDecorator(FW, LC, ['tool'])],
  classes: [toolBaseClass(FW, LC, ['BaseTool', 'StructuredTool', 'BaseToolkit'])],
};

