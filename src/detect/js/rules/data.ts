import type { AttrValue } from '../../../model/types.js';
import { type CallSite, type Cx, type Rule, SLOT } from '../context.js';
import { frameworkOfModule, packageOf } from '../frameworks.js';

/** Vector-store classes (LangChain, LlamaIndex) and native clients -> provider. */
const VECTOR_STORES: Record<string, [provider: string, persistent: boolean]> = {
  MemoryVectorStore: ['in-memory', false],
  PineconeStore: ['pinecone', true],
  Pinecone: ['pinecone', true],
  Chroma: ['chroma', true],
  ChromaClient: ['chroma', true],
  CloudClient: ['chroma', true],
  QdrantVectorStore: ['qdrant', true],
  QdrantClient: ['qdrant', true],
  PGVectorStore: ['pgvector', true],
  PGVectorStoreDriver: ['pgvector', true],
  SupabaseVectorStore: ['supabase', true],
  WeaviateStore: ['weaviate', true],
  FaissStore: ['faiss', true],
  HNSWLib: ['hnswlib', true],
  Milvus: ['milvus', true],
  MilvusClient: ['milvus', true],
  ElasticVectorSearch: ['elasticsearch', true],
  OpenSearchVectorStore: ['opensearch', true],
  LanceDB: ['lancedb', true],
  RedisVectorStore: ['redis', true],
  MongoDBAtlasVectorSearch: ['mongodb-atlas', true],
  Neo4jVectorStore: ['neo4j', true],
  AstraDBVectorStore: ['astra', true],
  UpstashVectorStore: ['upstash', true],
  PrismaVectorStore: ['pgvector', true],
  VercelPostgres: ['pgvector', true],
  AzureAISearchVectorStore: ['azure-ai-search', true],
  AzureCosmosDBNoSQLVectorStore: ['azure-cosmosdb', true],
  CloudflareVectorizeStore: ['cloudflare-vectorize', true],
  TurbopufferVectorStore: ['turbopuffer', true],
  VectorStoreIndex: ['llamaindex', false],
  PGVectorStoreLlamaIndex: ['pgvector', true],
  PineconeVectorStore: ['pinecone', true],
  ChromaVectorStore: ['chroma', true],
  QdrantVectorStoreLlamaIndex: ['qdrant', true],
};

/** Native vector database SDKs, recognised by package. */
const VECTOR_PACKAGES: Record<string, string> = {
  '@pinecone-database/pinecone': 'pinecone',
  chromadb: 'chroma',
  '@qdrant/js-client-rest': 'qdrant',
  'weaviate-client': 'weaviate',
  'weaviate-ts-client': 'weaviate',
  '@zilliz/milvus2-sdk-node': 'milvus',
  '@upstash/vector': 'upstash',
  '@lancedb/lancedb': 'lancedb',
  vectordb: 'lancedb',
};

const STATIC_BUILDERS = ['fromDocuments', 'fromTexts', 'fromExistingIndex', 'fromExistingCollection', 'initialize', 'load', 'fromExistingGraph', 'fromVectorStore', 'fromConnectionString'];

/** Document loaders -> source type and whether outsiders write the content. */
const LOADERS: Record<string, [sourceType: string, untrusted: boolean]> = {
  CheerioWebBaseLoader: ['web', true],
  PuppeteerWebBaseLoader: ['web', true],
  PlaywrightWebBaseLoader: ['web', true],
  RecursiveUrlLoader: ['web', true],
  SitemapLoader: ['web', true],
  FireCrawlLoader: ['web', true],
  SpiderLoader: ['web', true],
  BrowserbaseLoader: ['web', true],
  ApifyDatasetLoader: ['web', true],
  HTMLWebBaseLoader: ['web', true],
  SerpAPILoader: ['web', true],
  YoutubeLoader: ['web', true],
  GithubRepoLoader: ['repo', true],
  GitbookLoader: ['web', true],
  ConfluencePagesLoader: ['ticket', true],
  JiraProjectLoader: ['ticket', true],
  NotionAPILoader: ['api', true],
  NotionLoader: ['file', false],
  FigmaFileLoader: ['api', true],
  S3Loader: ['file', false],
  AzureBlobStorageContainerLoader: ['file', false],
  PDFLoader: ['file', false],
  WebPDFLoader: ['upload', true],
  DocxLoader: ['file', false],
  CSVLoader: ['file', false],
  JSONLoader: ['file', false],
  JSONLinesLoader: ['file', false],
  TextLoader: ['file', false],
  DirectoryLoader: ['file', false],
  UnstructuredLoader: ['file', false],
  EPubLoader: ['file', false],
  SimpleDirectoryReader: ['file', false],
  SimpleWebPageReader: ['web', true],
  LlamaParseReader: ['file', false],
  SonixAudioTranscriptionLoader: ['file', false],
  RedditPostsLoader: ['web', true],
  HNLoader: ['web', true],
  IMSDBLoader: ['web', true],
  CollegeConfidentialLoader: ['web', true],
  SlackLoader: ['chat', true],
  GmailLoader: ['email', true],
};

/** Checkpointers, stores and chat histories -> provider and persistence. */
const MEMORIES: Record<string, [provider: string, persistent: boolean]> = {
  MemorySaver: ['in-memory', false],
  InMemoryStore: ['in-memory', false],
  PostgresSaver: ['postgres', true],
  PostgresStore: ['postgres', true],
  SqliteSaver: ['sqlite', true],
  MongoDBSaver: ['mongodb', true],
  RedisSaver: ['redis', true],
  ShallowRedisSaver: ['redis', true],
  BufferMemory: ['in-memory', false],
  BufferWindowMemory: ['in-memory', false],
  ConversationSummaryMemory: ['in-memory', false],
  ConversationSummaryBufferMemory: ['in-memory', false],
  VectorStoreRetrieverMemory: ['vector-store', true],
  ChatMessageHistory: ['in-memory', false],
  InMemoryChatMessageHistory: ['in-memory', false],
  UpstashRedisChatMessageHistory: ['upstash', true],
  RedisChatMessageHistory: ['redis', true],
  PostgresChatMessageHistory: ['postgres', true],
  MongoDBChatMessageHistory: ['mongodb', true],
  DynamoDBChatMessageHistory: ['dynamodb', true],
  FirestoreChatMessageHistory: ['firestore', true],
  ZepMemory: ['zep', true],
  ZepCloudMemory: ['zep', true],
  MotorheadMemory: ['motorhead', true],
};

function isAiModule(m: string): boolean {
  return frameworkOfModule(m) !== undefined || VECTOR_PACKAGES[packageOf(m)] !== undefined;
}

function vectorStore(cx: Cx, site: CallSite, provider: string, persistent: boolean, note: string): void {
  const fw = frameworkOfModule(site.origin.module);
  const attributes: Record<string, AttrValue> = { provider, persistent, remote: persistent && !['faiss', 'hnswlib', 'lancedb'].includes(provider) };
  const id = cx.out.add({ kind: 'vector-store', name: provider, global: true, framework: fw, attributes }, site.line, note, site.node);
  // Store.fromDocuments(docs, ...) / addDocuments(docs): the documents' loaders feed the store
  const method = site.origin.path[site.origin.path.length - 2];
  if (method && (STATIC_BUILDERS.includes(method) || method === 'fromDocuments')) cx.link(id, site.args[0], SLOT.ingests);
}

export const dataRules: Rule = {
  id: 'data',
  appliesTo: isAiModule,
  onCall(site, cx) {
    const p = site.origin.path;
    const head = p[0]!;
    const pkg = packageOf(site.origin.module);
    // new PineconeStore(...), PineconeStore.fromDocuments(...), VectorStoreIndex.fromDocuments(...)
    const vs = VECTOR_STORES[head];
    if (vs && ((p.length === 2 && p[1] === '()') || (p.length === 3 && STATIC_BUILDERS.includes(p[1]!) && p[2] === '()'))) {
      return vectorStore(cx, site, vs[0], vs[1], head);
    }
    if (VECTOR_PACKAGES[pkg] && p.length === 2 && p[1] === '()' && /^[A-Z]/.test(head)) {
      return vectorStore(cx, site, VECTOR_PACKAGES[pkg]!, true, head);
    }
    if (VECTOR_PACKAGES[pkg] === 'weaviate' && (head === 'connectToWeaviateCloud' || head === 'connectToLocal' || head === 'client') && p.length === 2) {
      return vectorStore(cx, site, 'weaviate', true, head);
    }
    // store.addDocuments(docs) on a store constructed in this file
    if (vs && p[p.length - 2] === 'addDocuments' && p[1] === '()') {
      const callee = site.node.expression;
      if (cx.ts.isPropertyAccessExpression(callee)) {
        const found = { ids: new Set<string>(), refs: new Set<string>() };
        cx.targets(callee.expression, found, new Set(), 0);
        for (const id of found.ids) if (cx.out.components.get(id)?.kind === 'vector-store') cx.link(id, site.args[0], SLOT.ingests, site.node);
      }
      return;
    }
    const ld = LOADERS[head];
    if (ld && p.length === 2 && p[1] === '()') {
      const attributes: Record<string, AttrValue> = { sourceType: ld[0], untrusted: ld[1] };
      const url = cx.a.constValue(site.args[0]);
      if (url && /^https?:\/\//.test(url)) attributes.url = url;
      cx.out.add({ kind: 'document-loader', name: cx.nameFor(site.node, head), framework: frameworkOfModule(site.origin.module), attributes }, site.line, head, site.node);
      return;
    }
    const mem = MEMORIES[head];
    if (mem && ((p.length === 2 && p[1] === '()') || (p.length === 3 && ['fromConnString', 'fromConnectionString', 'fromUrl'].includes(p[1]!)))) {
      // Mastra storage classes share names with LangGraph stores; Mastra's Memory rule reads them
      if (site.origin.module.startsWith('@mastra/')) return;
      cx.out.add({ kind: 'memory', name: cx.nameFor(site.node, head), framework: frameworkOfModule(site.origin.module), attributes: { provider: mem[0], persistent: mem[1] } }, site.line, head, site.node);
    }
  },
};
