/**
 * npm package -> framework id (the same ids the Python detectors use). Order matters: the first match wins, so
 * the more specific prefix comes first (`@langchain/langgraph` before `@langchain/`).
 */
const FRAMEWORK_PREFIXES: readonly [string, string][] = [
  ['@langchain/langgraph', 'langgraph'],
  ['@langchain/', 'langchain'],
  ['langchain', 'langchain'],
  ['@openai/agents', 'openai-agents'],
  ['@ai-sdk/', 'vercel-ai'],
  ['ai', 'vercel-ai'],
  ['@mastra/', 'mastra'],
  ['mastra', 'mastra'],
  ['@llamaindex/', 'llamaindex'],
  ['llamaindex', 'llamaindex'],
  ['@modelcontextprotocol/sdk', 'mcp'],
  ['fastmcp', 'mcp'],
  ['@google/adk', 'google-adk'],
  ['@strands-agents/', 'strands'],
  ['@aws-sdk/client-bedrock-agent-runtime', 'bedrock-agents'],
  ['@aws-sdk/client-bedrock-agent', 'bedrock-agents'],
  ['deepagents', 'deepagents'],
];

/** The package part of a module specifier: `@a/b/c` -> `@a/b`, `ai/rsc` -> `ai`, `node:fs` -> `fs`. */
export function packageOf(spec: string): string {
  const s = spec.startsWith('node:') ? spec.slice(5) : spec;
  const parts = s.split('/');
  return s.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Framework id for an npm package name or module specifier, when it is one of the agent frameworks. */
export function frameworkOfModule(spec: string): string | undefined {
  const pkg = packageOf(spec);
  for (const [prefix, id] of FRAMEWORK_PREFIXES) {
    // Scoped prefixes also cover sibling packages (`@openai/agents-core`, `@langchain/langgraph-checkpoint`).
    if (prefix.startsWith('@') ? pkg.startsWith(prefix) : pkg === prefix) return id;
  }
  return undefined;
}

/**
 * Packages whose presence in an import makes a file worth parsing (besides the frameworks): model SDKs, vector
 * stores, tracing vendors, sandboxes. Also used for `aiPackages` in dependency manifests.
 */
export const AI_NPM_PACKAGES: readonly string[] = [
  'openai',
  '@anthropic-ai/sdk',
  '@anthropic-ai/claude-agent-sdk',
  '@anthropic-ai/bedrock-sdk',
  '@anthropic-ai/vertex-sdk',
  '@google/genai',
  '@google/generative-ai',
  '@google-cloud/vertexai',
  '@aws-sdk/client-bedrock-runtime',
  '@azure/openai',
  'groq-sdk',
  '@mistralai/mistralai',
  'cohere-ai',
  'ollama',
  'ollama-ai-provider',
  'ollama-ai-provider-v2',
  '@openrouter/ai-sdk-provider',
  '@huggingface/inference',
  '@huggingface/transformers',
  '@xenova/transformers',
  'replicate',
  'together-ai',
  '@pinecone-database/pinecone',
  'chromadb',
  '@qdrant/js-client-rest',
  'weaviate-client',
  'weaviate-ts-client',
  '@zilliz/milvus2-sdk-node',
  '@upstash/vector',
  '@lancedb/lancedb',
  'langsmith',
  'langfuse',
  'langfuse-langchain',
  'langfuse-vercel',
  '@langfuse/tracing',
  '@langfuse/otel',
  '@langfuse/client',
  '@arizeai/openinference-core',
  'helicone',
  '@helicone/helpers',
  '@traceloop/node-server-sdk',
  'braintrust',
  'weave',
  '@e2b/code-interpreter',
  'e2b',
  '@vercel/sandbox',
  '@tavily/core',
  'exa-js',
  '@browserbasehq/stagehand',
];

const AI_PACKAGE_PREFIXES: readonly string[] = ['@arizeai/openinference', '@langfuse/', '@a2a-js/'];

export function isAiPackage(pkg: string): boolean {
  return frameworkOfModule(pkg) !== undefined || AI_NPM_PACKAGES.includes(pkg) || AI_PACKAGE_PREFIXES.some((p) => pkg.startsWith(p));
}
