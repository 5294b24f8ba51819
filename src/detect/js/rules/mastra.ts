import { type Cx, type Rule, SLOT, isMember } from '../context.js';
import { addTool, inPackage, iterationCap, linkModel, optionsArg, systemPrompt } from './util.js';
import type { ts } from 'ts-morph';

const SCREENING = /Injection|PII|Moderation|Guard|Scrubber|Jailbreak|Safety|Secret/;

/** Mastra processors that screen inputs/outputs; their presence on an agent is a guardrail. */
function processors(cx: Cx, agentId: string, options: ts.Expression | undefined): void {
  for (const [prop, stage] of [
    ['inputProcessors', 'input'],
    ['outputProcessors', 'output'],
  ] as const) {
    const v = cx.a.propValue(options, prop);
    const list = v && cx.a.unwrap(v);
    if (!list || !cx.ts.isArrayLiteralExpression(list)) continue;
    for (const el of list.elements) {
      const e = cx.a.unwrap(el);
      const o = cx.ts.isNewExpression(e) ? cx.a.origin(e.expression) : undefined;
      if (!o || !o.module.startsWith('@mastra/')) continue;
      const name = o.path[o.path.length - 1]!;
      // token limiters, history shims and tool search shape context; only screening processors are guardrails
      if (!SCREENING.test(name)) continue;
      const g = cx.out.add({ kind: 'guardrail', name: `mastra/${name}`, global: true, framework: 'mastra', attributes: { vendor: 'mastra', stage } }, cx.a.line(e), 'processor');
      cx.out.edge(g, agentId, 'guards', cx.a.line(e));
    }
  }
}

const VECTOR_CLASSES: Record<string, string> = {
  PgVector: 'pgvector',
  LibSQLVector: 'libsql',
  PineconeVector: 'pinecone',
  QdrantVector: 'qdrant',
  ChromaVector: 'chroma',
  MongoDBVector: 'mongodb',
  UpstashVector: 'upstash',
  AstraVector: 'astra',
  OpenSearchVector: 'opensearch',
  ElasticSearchVector: 'elasticsearch',
  LanceVectorStore: 'lancedb',
  TurbopufferVector: 'turbopuffer',
  CloudflareVector: 'cloudflare-vectorize',
  CouchbaseVector: 'couchbase',
};

const STORAGE_PROVIDERS: Record<string, string> = {
  LibSQLStore: 'libsql',
  PostgresStore: 'postgres',
  UpstashStore: 'upstash',
  MongoDBStore: 'mongodb',
  DynamoDBStore: 'dynamodb',
  D1Store: 'cloudflare-d1',
  CloudflareStore: 'cloudflare-kv',
  ClickhouseStore: 'clickhouse',
  InMemoryStore: 'in-memory',
};

export const mastraRules: Rule = {
  id: 'mastra',
  appliesTo: (m) => m.startsWith('@mastra/'),
  onCall(site, cx) {
    const o = site.origin;
    const p = o.path;
    const options = optionsArg(cx, site);
    if (inPackage(o.module, '@mastra/core') && isMember(o, ['Agent'], ['()'])) {
      const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'agent', options), framework: 'mastra' }, site.line, 'new Agent', site.node);
      linkModel(cx, id, options, 'model', 'mastra');
      cx.linkProp(id, options, ['tools'], SLOT.tools);
      cx.linkProp(id, options, ['memory'], SLOT.memory);
      cx.linkProp(id, options, ['agents'], SLOT.agents);
      cx.linkProp(id, options, ['workflows'], SLOT.agents);
      systemPrompt(cx, id, options, ['instructions']);
      for (const d of ['defaultGenerateOptions', 'defaultStreamOptions', 'defaultOptions']) {
        const v = cx.a.propValue(options, d);
        if (v) iterationCap(cx, id, cx.a.objectLiteral(v));
      }
      processors(cx, id, options);
      return;
    }
    if (inPackage(o.module, '@mastra/core') && isMember(o, ['createTool'], ['()'])) {
      addTool(cx, site, { framework: 'mastra', options, impl: cx.a.propValue(options, 'execute') });
      return;
    }
    if (inPackage(o.module, '@mastra/core') && isMember(o, ['createWorkflow', 'Workflow'], ['()'])) {
      cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'workflow', options), framework: 'mastra', attributes: { workflow: true } }, site.line, 'workflow', site.node);
      return;
    }
    if (inPackage(o.module, '@mastra/core') && isMember(o, ['Mastra'], ['()'])) {
      // The Mastra server exposes every registered agent over HTTP (/api/agents/:id/generate).
      const agents = cx.a.prop(options, 'agents');
      if (!agents) return;
      const id = cx.out.add({ kind: 'agent-endpoint', name: cx.nameFor(site.node, 'mastra'), framework: 'mastra' }, site.line, 'mastra server', site.node);
      cx.link(id, cx.a.propValue(options, 'agents'), { refKind: 'exposes', refKinds: ['agent'], accept: ['agent'] }, agents);
      return;
    }
    if (o.module === '@mastra/memory' && isMember(o, ['Memory'], ['()'])) {
      const storageExpr = cx.a.propValue(options, 'storage');
      const storage = storageExpr && cx.a.origin(storageExpr);
      const provider = storage ? (STORAGE_PROVIDERS[storage.path[0]!] ?? storage.path[0]!) : undefined;
      const attributes: Record<string, string | boolean> = { persistent: !!provider && provider !== 'in-memory' };
      if (provider) attributes.provider = provider;
      cx.out.add({ kind: 'memory', name: cx.nameFor(site.node, 'memory'), framework: 'mastra', attributes }, site.line, 'new Memory', site.node);
      return;
    }
    if (p.length === 2 && p[1] === '()' && VECTOR_CLASSES[p[0]!]) {
      cx.out.add({ kind: 'vector-store', name: VECTOR_CLASSES[p[0]!]!, global: true, framework: 'mastra', attributes: { provider: VECTOR_CLASSES[p[0]!]!, persistent: true } }, site.line, p[0]!, site.node);
      return;
    }
    if (inPackage(o.module, '@mastra/rag') && isMember(o, ['createVectorQueryTool', 'createGraphRAGTool'], ['()'])) {
      addTool(cx, site, { framework: 'mastra', options, attributes: { retrieval: true } }, 'vector query tool');
    }
  },
};
