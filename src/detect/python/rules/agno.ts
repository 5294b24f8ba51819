import type { SyntaxNode } from '@lezer/common';
import type { AttrValue } from '../../../model/types.js';
import { kwarg, listItems, positional } from '../analysis/values.js';
import { agentRule, argValues, componentRule, kindOf, modelRule, stringArg, toolDecorator } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';
import { addServer, type ServerSpec } from './mcp.js';
import { storeAttrs } from './data.js';

/**
 * Agno (formerly phidata): `Agent(model=OpenAIChat(id=...), tools=[...], knowledge=..., db=...)`, `Team(members=[...])`,
 * the model classes under `agno.models`, the toolkits under `agno.tools` (and `@tool`), MCP through `MCPTools` and
 * `MultiMCPTools`, vector databases under `agno.vectordb`, and knowledge bases fed from URLs or files.
 */

const FW = 'agno';
const AG = ['agno'] as const;

const agent = agentRule({
  framework: FW,
  roots: AG,
  tails: ['Agent'],
  model: ['model'],
  tools: ['tools'],
  memory: ['db', 'storage', 'memory'],
  retriever: ['knowledge'],
  // phidata's teams were agents listed on an agent.
  delegates: ['team'],
  maxIterations: ['tool_call_limit'],
  modelProvider: 'openai',
  // An Agent without a model runs OpenAIChat.
  defaultModel: 'openai',
});

const team = agentRule({ framework: FW, roots: AG, tails: ['Team'], model: ['model'], tools: ['tools'], delegates: ['members'], memory: ['db', 'storage', 'memory'], retriever: ['knowledge'], modelProvider: 'openai', defaultModel: 'openai' });

const MODELS: Record<string, string> = {
  OpenAIChat: 'openai',
  OpenAIResponses: 'openai',
  OpenAILike: 'openai',
  AzureOpenAI: 'azure-openai',
  Claude: 'anthropic',
  Gemini: 'gemini',
  Ollama: 'ollama',
  Groq: 'groq',
  Together: 'together',
  OpenRouter: 'openrouter',
  xAI: 'xai',
  DeepSeek: 'deepseek',
  MistralChat: 'mistral',
  Cohere: 'cohere',
  AwsBedrock: 'bedrock',
  HuggingFace: 'huggingface',
  LiteLLM: 'litellm',
  Fireworks: 'fireworks',
  Cerebras: 'cerebras',
  Nvidia: 'nvidia',
  Perplexity: 'perplexity',
  LMStudio: 'lmstudio',
  VLLM: 'vllm',
};

const models: CallRule[] = Object.entries(MODELS).map(([cls, provider]) =>
  modelRule({ roots: AG, tails: [cls], accepts: (qn) => qn.startsWith('agno.models.'), provider, modelArgs: ['id', 0], parseProvider: provider === 'litellm', framework: FW }),
);

const TOOLS: ToolTable = {
  ShellTools: { caps: ['shell'] },
  DockerTools: { caps: ['shell'] },
  PythonTools: { caps: ['code-exec', 'file-write'] },
  E2BTools: { caps: ['code-exec'], sandboxed: true },
  DaytonaTools: { caps: ['code-exec'], sandboxed: true },
  FileTools: { caps: ['file-read', 'file-write'] },
  LocalFileSystemTools: { caps: ['file-write'] },
  CsvTools: { caps: ['file-read'] },
  DuckDuckGoTools: { caps: ['web-search'] },
  DuckDuckGo: { caps: ['web-search'] },
  GoogleSearchTools: { caps: ['web-search'] },
  SerpApiTools: { caps: ['web-search'] },
  SerperTools: { caps: ['web-search'] },
  TavilyTools: { caps: ['web-search'] },
  ExaTools: { caps: ['web-search'] },
  BaiduSearchTools: { caps: ['web-search'] },
  BraveSearchTools: { caps: ['web-search'] },
  SearxngTools: { caps: ['web-search'] },
  WikipediaTools: { caps: ['web-search'] },
  ArxivTools: { caps: ['web-search'] },
  PubmedTools: { caps: ['web-search'] },
  HackerNewsTools: { caps: ['http'] },
  YFinanceTools: { caps: ['http'] },
  FirecrawlTools: { caps: ['http'] },
  Crawl4aiTools: { caps: ['http'] },
  Newspaper4kTools: { caps: ['http'] },
  NewspaperTools: { caps: ['http'] },
  WebsiteTools: { caps: ['http'] },
  JinaReaderTools: { caps: ['http'] },
  SpiderTools: { caps: ['http'] },
  ApifyTools: { caps: ['http'] },
  BrowserbaseTools: { caps: ['browser'] },
  WebBrowserTools: { caps: ['browser'] },
  DuckDbTools: { caps: ['sql'] },
  SQLTools: { caps: ['sql'] },
  PostgresTools: { caps: ['sql'] },
  EmailTools: { caps: ['email'] },
  GmailTools: { caps: ['email'] },
  ResendTools: { caps: ['email'] },
  SlackTools: { caps: ['messaging'] },
  DiscordTools: { caps: ['messaging'] },
  TelegramTools: { caps: ['messaging'] },
  TwilioTools: { caps: ['messaging'] },
  GithubTools: { caps: ['git'] },
  AWSLambdaTools: { caps: ['cloud-api'] },
  PandasTools: { caps: [] },
  CalculatorTools: { caps: [] },
  ReasoningTools: { caps: [] },
  DalleTools: { caps: [] },
};

/** A server's command line as agno takes it, one string (`"npx -y @modelcontextprotocol/server-github"`). */
function commandSpec(line: string, transport: string | undefined): ServerSpec {
  const [command, ...args] = line.trim().split(/\s+/);
  return { command, args, ...(transport ? { transport } : {}) };
}

/**
 * `MCPTools("npx -y pkg")`, `MCPTools(url=..., transport="streamable-http")`, `MCPTools(server_params=...)` and
 * `MultiMCPTools(commands=[...], urls=[...])`: the tools of the servers they start or reach.
 */
const mcpTools: CallRule = {
  roots: AG,
  tails: ['MCPTools', 'MultiMCPTools'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    const line = ctx.callLine(call);
    const transport = stringArg(ctx, kwarg(args, 'transport')?.value);
    const specs: ServerSpec[] = [];
    const multi = qn.endsWith('MultiMCPTools');
    const list = (node: SyntaxNode | undefined) => (node ? listItems(node) : []);
    const commands = multi ? list(kwarg(args, 'commands')?.value ?? positional(args, 0)?.value) : [kwarg(args, 'command')?.value ?? positional(args, 0)?.value];
    for (const c of commands) {
      const text = c && stringArg(ctx, c);
      if (text) specs.push(commandSpec(text, undefined));
    }
    const urls = multi ? list(kwarg(args, 'urls')?.value) : [kwarg(args, 'url')?.value];
    for (const u of urls) {
      const url = u && stringArg(ctx, u);
      if (url) specs.push({ url, ...(transport ? { transport } : {}) });
    }
    let added = 0;
    for (const s of specs) if (addServer(ctx, s, line, call.node)) added++;
    ctx.credit(FW, line, 'MCP tools');
    if (added) return;
    const params = kwarg(args, 'server_params')?.value;
    if (params) ctx.alias(call.node, [params]);
  },
};

const VECTOR_DBS: Record<string, string> = {
  LanceDb: 'lancedb',
  PgVector: 'pgvector',
  Qdrant: 'qdrant',
  ChromaDb: 'chroma',
  PineconeDb: 'pinecone',
  MongoDb: 'mongodb',
  Weaviate: 'weaviate',
  Milvus: 'milvus',
  Cassandra: 'cassandra',
  SingleStore: 'singlestore',
  Clickhouse: 'clickhouse',
  SurrealDb: 'surrealdb',
  Redis: 'redis',
};

const vectorDbs = componentRule({
  roots: AG,
  tails: Object.keys(VECTOR_DBS),
  accepts: (qn) => qn.startsWith('agno.vectordb.'),
  kind: 'vector-store',
  framework: FW,
  globalName: (_ctx, _call, _args, tail) => VECTOR_DBS[tail],
  attributes: (ctx, _call, args, tail) => storeAttrs(ctx, args, VECTOR_DBS[tail]!),
});

/** Session and memory storage (`db=SqliteDb(...)`, phidata's `storage=`): what the agent remembers between runs. */
const storage = componentRule({
  roots: AG,
  tails: ['SqliteDb', 'PostgresDb', 'MongoDb', 'RedisDb', 'MySQLDb', 'DynamoDb', 'FirestoreDb', 'JsonDb', 'InMemoryDb', 'SqliteStorage', 'PostgresStorage', 'PostgresAgentStorage', 'SqliteAgentStorage', 'MongoDbStorage', 'Memory'],
  accepts: (qn) => qn.startsWith('agno.db.') || qn.startsWith('agno.storage.') || qn.startsWith('agno.memory.'),
  kind: 'memory',
  framework: FW,
  attributes: (_ctx, _call, _args, tail) => ({ persistent: tail !== 'InMemoryDb' && tail !== 'Memory', provider: 'agno', scope: 'session' }),
});

/** Knowledge bases read from the web (`urls=`) rather than from files the repository holds. */
const URL_KNOWLEDGE = new Set(['PDFUrlKnowledgeBase', 'WebsiteKnowledgeBase', 'UrlKnowledge', 'WikipediaKnowledgeBase', 'ArxivKnowledgeBase', 'YouTubeKnowledgeBase', 'FireCrawlKnowledgeBase']);
const FILE_KNOWLEDGE = new Set(['PDFKnowledgeBase', 'TextKnowledgeBase', 'CSVKnowledgeBase', 'JSONKnowledgeBase', 'DocxKnowledgeBase', 'MarkdownKnowledgeBase', 'DocumentKnowledgeBase']);

/** A loader of what a knowledge base takes in, ingested into the vector stores `stores` resolve to. */
function ingest(ctx: FileContext, line: number, name: string, web: boolean, stores: string[], note: string): void {
  const attributes: Record<string, AttrValue | undefined> = { sourceType: web ? 'web' : 'file', untrusted: web };
  const loader = ctx.add({ kind: 'document-loader', name, framework: FW, attributes, line, note });
  for (const s of stores) ctx.edge(loader, s, 'ingests', line, 'knowledge base contents');
}

function storesOf(ctx: FileContext, nodes: ReturnType<typeof argValues>): string[] {
  return nodes.flatMap((n) => ctx.targets(n).flatMap((t) => (t.t === 'id' && kindOf(ctx, t.id) === 'vector-store' ? [t.id] : [])));
}

/** A knowledge base stands for its vector database; one built from URLs or files also loads them into it. */
const knowledge: CallRule = {
  roots: AG,
  tails: ['Knowledge', 'AgentKnowledge', ...URL_KNOWLEDGE, ...FILE_KNOWLEDGE],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    const db = argValues(args, ['vector_db']);
    if (db.length) ctx.alias(call.node, db);
    const cls = qn.slice(qn.lastIndexOf('.') + 1);
    if (!URL_KNOWLEDGE.has(cls) && !FILE_KNOWLEDGE.has(cls)) return;
    ctx.linkJobs.push(() => ingest(ctx, ctx.callLine(call), ctx.nameFor(call, cls), URL_KNOWLEDGE.has(cls), storesOf(ctx, db), `call ${cls}`));
  },
};

/** `knowledge.add_content(url=...)`, `knowledge.insert(path=...)`: what the newer Knowledge takes in, by call. */
const knowledgeContents: CallRule = {
  roots: AG,
  tails: ['Knowledge().add_content', 'Knowledge().add_contents', 'Knowledge().insert', 'Knowledge().ainsert', 'Knowledge().add_content_async', 'Knowledge().load'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const web = !!kwarg(args, 'url', 'urls', 'topics');
    if (!web && !kwarg(args, 'path', 'text_content')) return;
    const recv = call.callee.firstChild;
    if (!recv) return;
    const line = ctx.callLine(call);
    ctx.linkJobs.push(() => ingest(ctx, line, `${ctx.text(recv)}_contents`, web, storesOf(ctx, [recv]), 'knowledge contents'));
  },
};

export const agno: RuleModule = {
  id: 'agno',
  needles: ['agno'],
  frameworks: [{ id: FW, roots: AG }],
  calls: [agent, team, ...models, toolClassRule(FW, AG, TOOLS), mcpTools, vectorDbs, storage, knowledge, knowledgeContents],
  decorators: [toolDecorator(FW, AG, ['tool'])],
};
