import type { SyntaxNode } from '@lezer/common';
import type { AttrValue } from '../../../model/types.js';
import type { CallInfo } from '../analysis/module.js';
import { kwarg, positional, type Arg } from '../analysis/values.js';
import { argValues, componentRule, kindOf, stringArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/**
 * L2 data operations across frameworks: vector stores, document loaders (and who may write what they load),
 * ingestion edges loader -> store, conversation memory outside the graph frameworks, and SQL databases handed to
 * agents. Components appear only from AI libraries' classes, so a plain web app yields nothing here.
 */

const AI_ROOTS = ['langchain', 'langchain_*', 'llama_index', 'haystack', 'haystack_integrations'] as const;

const STORES: Record<string, string> = {
  Chroma: 'chroma',
  ChromaVectorStore: 'chroma',
  ChromaDocumentStore: 'chroma',
  Pinecone: 'pinecone',
  PineconeVectorStore: 'pinecone',
  PineconeDocumentStore: 'pinecone',
  Qdrant: 'qdrant',
  QdrantVectorStore: 'qdrant',
  QdrantDocumentStore: 'qdrant',
  Weaviate: 'weaviate',
  WeaviateVectorStore: 'weaviate',
  WeaviateDocumentStore: 'weaviate',
  FAISS: 'faiss',
  FaissVectorStore: 'faiss',
  PGVector: 'pgvector',
  PGVectorStore: 'pgvector',
  PGEmbedding: 'pgvector',
  PgvectorDocumentStore: 'pgvector',
  OpenSearchVectorSearch: 'opensearch',
  OpensearchVectorStore: 'opensearch',
  OpenSearchDocumentStore: 'opensearch',
  Milvus: 'milvus',
  MilvusVectorStore: 'milvus',
  MilvusDocumentStore: 'milvus',
  Zilliz: 'milvus',
  ElasticsearchStore: 'elasticsearch',
  ElasticVectorSearch: 'elasticsearch',
  ElasticsearchVectorStore: 'elasticsearch',
  ElasticsearchDocumentStore: 'elasticsearch',
  LanceDB: 'lancedb',
  LanceDBVectorStore: 'lancedb',
  Redis: 'redis',
  RedisVectorStore: 'redis',
  MongoDBAtlasVectorSearch: 'mongodb',
  MongoDBAtlasDocumentStore: 'mongodb',
  AzureSearch: 'azure-ai-search',
  AzureAISearchVectorStore: 'azure-ai-search',
  SupabaseVectorStore: 'supabase',
  Neo4jVector: 'neo4j',
  AstraDBVectorStore: 'astra',
  AstraDB: 'astra',
  Cassandra: 'cassandra',
  InMemoryVectorStore: 'in-memory',
  DocArrayInMemorySearch: 'in-memory',
  SKLearnVectorStore: 'in-memory',
  InMemoryDocumentStore: 'in-memory',
  SimpleVectorStore: 'in-memory',
  VectorStoreIndex: 'llama-index',
};

const CLOUD = new Set(['pinecone', 'azure-ai-search', 'supabase', 'astra', 'mongodb']);
const STORE_METHODS = ['from_documents', 'afrom_documents', 'from_texts', 'afrom_texts', 'from_existing_index', 'load_local', 'from_embeddings', 'from_vector_store', 'from_params', 'from_connection_string'];

export function storeAttrs(ctx: FileContext, args: Arg[], provider: string): Record<string, AttrValue | undefined> {
  const persistent = !!kwarg(args, 'persist_directory', 'persist_path', 'path', 'uri', 'connection', 'connection_string', 'index_name', 'url', 'host', 'collection_name');
  const remoteArg = stringArg(ctx, kwarg(args, 'url', 'host', 'uri', 'connection_string', 'connection', 'es_url', 'opensearch_url')?.value);
  const remote = CLOUD.has(provider) || (!!remoteArg && /^(https?|postgres(ql)?(\+\w+)?|mongodb(\+srv)?|redis):\/\//.test(remoteArg) && !/localhost|127\.0\.0\.1/.test(remoteArg));
  return { provider, persistent: provider === 'in-memory' ? false : persistent || CLOUD.has(provider) || undefined, remote: remote || undefined };
}

const frameworkStores = componentRule({
  roots: AI_ROOTS,
  tails: [...Object.keys(STORES), ...Object.keys(STORES).flatMap((s) => STORE_METHODS.map((m) => `${s}.${m}`))],
  kind: 'vector-store',
  globalName: (ctx, call, args, tail) => providerOf(ctx, call, args, tail),
  attributes: (ctx, call, args, tail) => storeAttrs(ctx, args, providerOf(ctx, call, args, tail)),
  after(ctx, call, args, id) {
    const tail = ctx.qn(call) ?? '';
    if (/\.(a?from_documents|a?from_texts)$/.test(tail)) noteIngestion(ctx, call, argValues(args, ['documents', 'texts', 'nodes', 0])[0], id);
    if (tail.endsWith('.load_local') && kwarg(args, 'allow_dangerous_deserialization') && ctx.text(kwarg(args, 'allow_dangerous_deserialization')!.value) === 'True') {
      ctx.setAttr(id, 'pickle', true);
    }
  },
});

/** `VectorStoreIndex(..., storage_context=StorageContext.from_defaults(vector_store=ChromaVectorStore(...)))`. */
function providerOf(ctx: FileContext, call: CallInfo, args: Arg[], tail: string): string {
  const cls = tail.split('.')[0]!;
  if (cls === 'VectorStoreIndex') {
    const sc = kwarg(args, 'storage_context')?.value;
    const origin = ctx.originCall(sc);
    const vs = origin ? kwarg(ctx.args(origin), 'vector_store')?.value : undefined;
    const inner = ctx.originCall(vs);
    const innerCls = inner ? (ctx.qn(inner) ?? '').split('.').pop() : undefined;
    if (innerCls && STORES[innerCls]) return STORES[innerCls]!;
    void call;
  }
  return STORES[cls] ?? cls.toLowerCase();
}

const NATIVE: [string, readonly string[], string][] = [
  ['chromadb', ['Client', 'PersistentClient', 'HttpClient', 'EphemeralClient', 'AsyncHttpClient', 'CloudClient'], 'chroma'],
  ['pinecone', ['Pinecone', 'Index', 'PineconeAsyncio'], 'pinecone'],
  ['qdrant_client', ['QdrantClient', 'AsyncQdrantClient'], 'qdrant'],
  ['weaviate', ['Client', 'WeaviateClient', 'connect_to_local', 'connect_to_weaviate_cloud', 'connect_to_wcs', 'connect_to_custom', 'connect_to_embedded'], 'weaviate'],
  ['faiss', ['IndexFlatL2', 'IndexFlatIP', 'IndexIVFFlat', 'IndexHNSWFlat', 'read_index'], 'faiss'],
  ['pymilvus', ['MilvusClient', 'Collection'], 'milvus'],
  ['lancedb', ['connect', 'connect_async'], 'lancedb'],
  ['pgvector', ['register_vector'], 'pgvector'],
  ['turbopuffer', ['Namespace', 'Turbopuffer'], 'turbopuffer'],
];

const nativeStores: CallRule[] = NATIVE.map(([root, tails, provider]) =>
  componentRule({
    roots: [root],
    tails,
    kind: 'vector-store',
    globalName: provider,
    attributes: (ctx, _call, args) => storeAttrs(ctx, args, provider),
  }),
);

/** `store.add_documents(docs)` / `index.insert(doc)` / `collection.add(documents=...)`: ingestion into a store. */
const addDocuments: CallRule = {
  roots: [...AI_ROOTS, 'chromadb', 'qdrant_client', 'pinecone'],
  tails: ['add_documents', 'aadd_documents', 'add_texts', 'aadd_texts', 'insert', 'insert_nodes', 'add', 'upsert', 'write_documents', 'refresh_ref_docs'],
  accepts: (qn) => /\(\)(\.[a-z_]+\(\))*\.(add_documents|aadd_documents|add_texts|aadd_texts|insert|insert_nodes|add|upsert|write_documents|refresh_ref_docs)$/.test(qn),
  apply(ctx, call) {
    const recv = call.callee.firstChild;
    const docs = argValues(ctx.args(call), ['documents', 'texts', 'nodes', 'docs', 0])[0];
    if (!recv || !docs) return;
    ctx.linkJobs.unshift(() => {
      for (const t of ctx.targets(recv)) if (t.t === 'id' && kindOf(ctx, t.id) === 'vector-store') noteIngestion(ctx, call, docs, t.id);
    });
  },
};

/** Haystack `DocumentWriter(document_store=store)` and retrievers stand for their store. */
const storeUsers: CallRule = {
  roots: ['haystack', 'haystack_integrations', 'llama_index'],
  tails: ['DocumentWriter', 'InMemoryBM25Retriever', 'InMemoryEmbeddingRetriever', 'ChromaQueryTextRetriever', 'ChromaEmbeddingRetriever', 'QdrantEmbeddingRetriever', 'PineconeEmbeddingRetriever', 'WeaviateEmbeddingRetriever', 'PgvectorEmbeddingRetriever', 'ElasticsearchEmbeddingRetriever', 'OpenSearchEmbeddingRetriever', 'VectorIndexRetriever', 'StorageContext.from_defaults'],
  apply(ctx, call) {
    const store = argValues(ctx.args(call), ['document_store', 'vector_store', 'index', 0])[0];
    if (store) ctx.alias(call.node, [store]);
  },
};

// ---- loaders ---------------------------------------------------------------------------------------------------

type Source = [sourceType: string, untrusted: boolean];
const LOADERS: Record<string, Source> = {};
const define = (names: string[], src: Source) => names.forEach((n) => (LOADERS[n] = src));
define(
  ['WebBaseLoader', 'RecursiveUrlLoader', 'SeleniumURLLoader', 'PlaywrightURLLoader', 'AsyncHtmlLoader', 'AsyncChromiumLoader', 'ChromiumLoader', 'UnstructuredURLLoader', 'SitemapLoader', 'FireCrawlLoader', 'SpiderLoader', 'ApifyDatasetLoader', 'NewsURLLoader', 'YoutubeLoader', 'WikipediaLoader', 'ArxivLoader', 'RSSFeedLoader', 'ScrapflyLoader', 'BrowserbaseLoader', 'HyperbrowserLoader', 'SimpleWebPageReader', 'BeautifulSoupWebReader', 'TrafilaturaWebReader', 'FireCrawlWebReader', 'SpiderWebReader', 'RssReader', 'WholeSiteReader', 'AsyncWebPageReader', 'LinkContentFetcher', 'YoutubeTranscriptReader'],
  ['web', true],
);
define(['GmailLoader', 'OutlookMessageLoader', 'UnstructuredEmailLoader', 'GmailReader', 'IMAPReader', 'ImapReader', 'MboxLoader', 'OutlookEmailReader'], ['email', true]);
define(['JiraReader', 'JIRAReader', 'GitHubIssuesLoader', 'GitHubRepositoryIssuesReader', 'GitLabIssuesReader', 'ZendeskReader', 'LinearReader', 'TrelloLoader', 'ConfluenceLoader', 'ConfluenceReader', 'JiraLoader'], ['ticket', true]);
define(['SlackDirectoryLoader', 'SlackReader', 'DiscordChatLoader', 'DiscordReader', 'TelegramChatLoader', 'TelegramChatApiLoader', 'WhatsAppChatLoader', 'FacebookChatLoader'], ['chat', true]);
define(['GitLoader', 'GithubFileLoader', 'GithubRepositoryReader', 'GitHubRepositoryReader'], ['repo', false]);
define(
  ['PyPDFLoader', 'PyMuPDFLoader', 'PDFPlumberLoader', 'UnstructuredPDFLoader', 'PyPDFium2Loader', 'PDFMinerLoader', 'TextLoader', 'DirectoryLoader', 'CSVLoader', 'UnstructuredFileLoader', 'UnstructuredMarkdownLoader', 'UnstructuredWordDocumentLoader', 'Docx2txtLoader', 'JSONLoader', 'UnstructuredHTMLLoader', 'BSHTMLLoader', 'UnstructuredExcelLoader', 'UnstructuredPowerPointLoader', 'PyPDFDirectoryLoader', 'SimpleDirectoryReader', 'PDFReader', 'DocxReader', 'PyMuPDFReader', 'LlamaParse', 'AzureAIDocumentIntelligenceLoader', 'PyPDFToDocument', 'TextFileToDocument', 'HTMLToDocument', 'MarkdownToDocument', 'DOCXToDocument', 'CSVToDocument', 'UnstructuredLoader', 'DoclingLoader', 'DocumentConverter'],
  ['file', false],
);
define(['SQLDatabaseLoader', 'MongodbLoader', 'DatabaseReader'], ['database', false]);
define(['GoogleDriveLoader', 'GoogleDriveReader', 'S3FileLoader', 'S3DirectoryLoader', 'AzureBlobStorageContainerLoader', 'NotionDBLoader', 'NotionDirectoryLoader', 'NotionPageReader'], ['api', false]);

const LOADER_ROOTS = [...AI_ROOTS, 'unstructured', 'docling', 'llama_parse'];

/** A file loader fed by an upload handler's file is ingesting what strangers send. */
function isUpload(ctx: FileContext, call: CallInfo, args: Arg[]): boolean {
  const fn = ctx.enclosingFunction(call.node);
  const first = argValues(args, ['file_path', 'path', 'input_files', 'input_dir', 'sources', 0])[0];
  if (!first || ctx.str(first) !== undefined) return false;
  const uploadParam = fn?.node.getChild('ParamList')?.getChildren('TypeDef').some((t) => /UploadFile|FileStorage/.test(ctx.text(t)));
  if (uploadParam) return true;
  return ctx.mod.calls.some((c) => /(\.file_uploader|request\.files|gradio\.(File|UploadButton))$/.test(ctx.qn(c) ?? '') || /\bfile_uploader$/.test(ctx.text(c.callee)));
}

const loaders = componentRule({
  roots: LOADER_ROOTS,
  tails: Object.keys(LOADERS),
  kind: 'document-loader',
  attributes(ctx, call, args, tail) {
    const [sourceType, untrusted] = LOADERS[tail]!;
    if (sourceType === 'file' && isUpload(ctx, call, args)) return { sourceType: 'upload', untrusted: true };
    if (sourceType === 'repo' && kwarg(args, 'clone_url')) return { sourceType, untrusted: true };
    return { sourceType, untrusted };
  },
});

/**
 * Ingestion: the documents handed to a store came from a loader, possibly through a splitter
 * (`splitter.split_documents(loader.load())`). Followed a few steps, never across files.
 */
function noteIngestion(ctx: FileContext, call: CallInfo, docs: SyntaxNode | undefined, store: string): void {
  if (!docs) return;
  ctx.linkJobs.push(() => {
    for (const loader of loadersFeeding(ctx, docs, 0)) ctx.edge(loader, store, 'ingests', ctx.callLine(call), 'documents into store');
  });
}

const LOAD_METHODS = /\.(load|aload|lazy_load|load_data|aload_data|load_and_split|load_documents|run|convert|fetch|scrape_url|crawl_url)$/;
const PASS_METHODS = /\.(split_documents|split_text|create_documents|transform_documents|get_nodes_from_documents|atransform_documents|split_nodes|run)$/;

function loadersFeeding(ctx: FileContext, node: SyntaxNode, depth: number): string[] {
  if (depth > 6) return [];
  if (node.name === 'ArrayComprehensionExpression' || node.name === 'ArrayExpression' || node.name === 'BinaryExpression') {
    const out: string[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'for' && c.name !== 'in') out.push(...loadersFeeding(ctx, c, depth + 1));
    return out;
  }
  const call = ctx.originCall(node);
  if (!call) {
    if (node.name === 'VariableName') {
      // `for doc in loader.load(): docs.append(doc)` and `docs.extend(loader.load())` are too dynamic; stop here.
    }
    return [];
  }
  const direct = ctx.idsAt(call.node).filter((id) => kindOf(ctx, id) === 'document-loader');
  if (direct.length) return direct;
  const qn = ctx.qn(call) ?? ctx.text(call.callee);
  const recv = call.callee.name === 'MemberExpression' ? call.callee.firstChild : null;
  if (recv && LOAD_METHODS.test(qn)) {
    const ids = ctx.targets(recv).flatMap((t) => (t.t === 'id' && kindOf(ctx, t.id) === 'document-loader' ? [t.id] : []));
    if (ids.length) return ids;
  }
  if (PASS_METHODS.test(qn) || PASS_METHODS.test(ctx.text(call.callee))) {
    const first = positional(ctx.args(call), 0)?.value ?? kwarg(ctx.args(call), 'documents')?.value;
    if (first) return loadersFeeding(ctx, first, depth + 1);
  }
  return [];
}

// ---- memory and databases --------------------------------------------------------------------------------------

const LC_MEMORY: Record<string, boolean> = {
  ConversationBufferMemory: false,
  ConversationBufferWindowMemory: false,
  ConversationSummaryMemory: false,
  ConversationSummaryBufferMemory: false,
  ConversationTokenBufferMemory: false,
  ConversationEntityMemory: false,
  VectorStoreRetrieverMemory: true,
  ChatMessageHistory: false,
  InMemoryChatMessageHistory: false,
  RedisChatMessageHistory: true,
  PostgresChatMessageHistory: true,
  SQLChatMessageHistory: true,
  MongoDBChatMessageHistory: true,
  DynamoDBChatMessageHistory: true,
  FileChatMessageHistory: true,
  ZepChatMessageHistory: true,
  ZepMemory: true,
  ChatMemoryBuffer: false,
  'ChatMemoryBuffer.from_defaults': false,
  'Memory.from_defaults': true,
  VectorMemory: true,
  'VectorMemory.from_defaults': true,
  ChatSummaryMemoryBuffer: false,
};

const lcMemory = componentRule({
  roots: ['langchain', 'langchain_*', 'llama_index'],
  tails: Object.keys(LC_MEMORY),
  kind: 'memory',
  attributes: (ctx, call, _args, tail) => ({
    persistent: LC_MEMORY[tail],
    scope: 'session',
    provider: (ctx.qn(call) ?? '').startsWith('llama_index') ? 'llama-index' : tail.split('.')[0]!.replace(/(ChatMessageHistory|Memory|MemoryBuffer)$/, '').toLowerCase() || 'in-memory',
  }),
});

const longTermMemory: CallRule[] = [
  componentRule({ roots: ['mem0'], tails: ['Memory', 'Memory.from_config', 'MemoryClient', 'AsyncMemory', 'AsyncMemoryClient'], kind: 'memory', attributes: () => ({ persistent: true, scope: 'user', provider: 'mem0' }) }),
  componentRule({ roots: ['zep_cloud', 'zep_python'], tails: ['Zep', 'AsyncZep', 'ZepClient'], kind: 'memory', attributes: () => ({ persistent: true, scope: 'user', provider: 'zep' }) }),
  componentRule({ roots: ['letta', 'letta_client'], tails: ['Letta', 'AsyncLetta', 'Client', 'AsyncClient', 'RESTClient', 'LocalClient', 'create_client'], kind: 'memory', attributes: () => ({ persistent: true, scope: 'user', provider: 'letta' }) }),
];

const ENGINES: [RegExp, string][] = [
  [/^sqlite/, 'sqlite'],
  [/^postgres/, 'postgres'],
  [/^mysql|^mariadb/, 'mysql'],
  [/^mssql/, 'mssql'],
  [/^oracle/, 'oracle'],
  [/^snowflake/, 'snowflake'],
  [/^bigquery/, 'bigquery'],
  [/^duckdb/, 'duckdb'],
  [/^databricks/, 'databricks'],
];

const sqlDatabase = componentRule({
  roots: ['langchain', 'langchain_*', 'llama_index'],
  tails: ['SQLDatabase', 'SQLDatabase.from_uri', 'SQLDatabase.from_databricks'],
  kind: 'database',
  attributes(ctx, _call, args) {
    const uri = stringArg(ctx, (kwarg(args, 'database_uri') ?? positional(args, 0))?.value);
    const engine = uri ? ENGINES.find(([re]) => re.test(uri))?.[1] ?? 'sql' : 'sql';
    const readOnly = uri ? /mode=ro|readonly|read_only/i.test(uri) : false;
    return { engine, writable: readOnly ? false : undefined };
  },
});

export const data: RuleModule = {
  id: 'data',
  needles: ['langchain', 'llama_index', 'haystack', 'chromadb', 'pinecone', 'qdrant', 'weaviate', 'faiss', 'pymilvus', 'lancedb', 'pgvector', 'mem0', 'zep', 'letta', 'turbopuffer', 'unstructured', 'docling', 'llama_parse'],
  calls: [frameworkStores, ...nativeStores, addDocuments, storeUsers, loaders, lcMemory, ...longTermMemory, sqlDatabase],
};
