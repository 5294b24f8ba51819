import { frameworkOfModule, isAiPackage } from '../js/frameworks.js';

/** PEP 503 normal form: `LangChain_Core` -> `langchain-core`. */
export function normalisePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Python distribution -> framework id (the ids the code detectors use). */
const PY_FRAMEWORKS: readonly [RegExp, string][] = [
  [/^langgraph(-|$)/, 'langgraph'],
  [/^langchain(-|$)/, 'langchain'],
  [/^crewai(-|$)/, 'crewai'],
  [/^(pyautogen|autogen|autogen-agentchat|autogen-core|autogen-ext|ag2)$/, 'autogen'],
  [/^llama-index(-|$)/, 'llamaindex'],
  [/^openai-agents$/, 'openai-agents'],
  [/^pydantic-ai(-slim)?$/, 'pydantic-ai'],
  [/^smolagents$/, 'smolagents'],
  [/^semantic-kernel$/, 'semantic-kernel'],
  [/^(haystack-ai|farm-haystack)$/, 'haystack'],
  [/^google-adk$/, 'google-adk'],
  [/^strands-agents(-|$)/, 'strands'],
  [/^(agno|phidata)$/, 'agno'],
  [/^browser-use$/, 'browser-use'],
  [/^camel-ai$/, 'camel'],
  [/^deepagents$/, 'deepagents'],
  [/^dspy(-ai)?$/, 'dspy'],
  [/^(letta|letta-client|pymemgpt)$/, 'letta'],
  [/^(mcp|fastmcp)$/, 'mcp'],
];

/** Other Python packages that make a manifest an AI one: model SDKs, vector stores, tracing, guardrails, sandboxes. */
const PY_AI = new Set([
  'openai', 'anthropic', 'google-generativeai', 'google-genai', 'vertexai', 'google-cloud-aiplatform', 'mistralai', 'groq', 'cohere',
  'ollama', 'litellm', 'transformers', 'torch', 'sentence-transformers', 'huggingface-hub', 'tiktoken', 'accelerate', 'vllm',
  'llama-cpp-python', 'chromadb', 'pinecone', 'pinecone-client', 'qdrant-client', 'weaviate-client', 'faiss-cpu', 'faiss-gpu',
  'pymilvus', 'lancedb', 'pgvector', 'langsmith', 'langfuse', 'arize-phoenix', 'guardrails-ai', 'nemoguardrails', 'llm-guard',
  'e2b', 'e2b-code-interpreter', 'instructor', 'dspy', 'dspy-ai', 'tavily-python', 'weave', 'a2a-sdk', 'boto3-bedrock',
]);

export function pyFramework(name: string): string | undefined {
  const n = normalisePyName(name);
  return PY_FRAMEWORKS.find(([re]) => re.test(n))?.[1];
}

/** Frameworks whose family of distributions is matched by prefix (`langchain-openai`, `llama-index-llms-groq`). */
const PREFIXED = ['langgraph', 'langchain', 'crewai', 'llama-index', 'strands-agents', 'openinference', 'opentelemetry-instrumentation-openai'];

/**
 * Whether an AI package name is one only by its prefix: a project called `langgraph-demo` or `crewai-python` is
 * named after the framework it uses as often as a partner package is named after the framework it extends.
 */
export function isPyAiByPrefixOnly(name: string): boolean {
  const n = normalisePyName(name);
  return !PY_AI.has(n) && PREFIXED.some((p) => n !== p && n.startsWith(`${p}-`));
}

export function isPyAiPackage(name: string): boolean {
  const n = normalisePyName(name);
  return pyFramework(n) !== undefined || PY_AI.has(n) || n.startsWith('openinference-') || n.startsWith('opentelemetry-instrumentation-openai');
}

export { frameworkOfModule as npmFramework, isAiPackage as isNpmAiPackage };

export const NPM_LOCKFILES = ['bun.lock', 'bun.lockb', 'npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];
export const PY_LOCKFILES = ['Pipfile.lock', 'pdm.lock', 'poetry.lock', 'uv.lock'];
