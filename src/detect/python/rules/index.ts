import type { SymbolResolver } from '../engine/context.js';
import type { RuleModule } from '../engine/types.js';
import { a2a } from './a2a.js';
import { agno } from './agno.js';
import { anthropicTools } from './anthropic-tools.js';
import { autogen } from './autogen.js';
import { bedrockAgents } from './bedrock-agents.js';
import { browserUse } from './browser-use.js';
import { camel } from './camel.js';
import { crewai } from './crewai.js';
import { data } from './data.js';
import { deepagents } from './deepagents.js';
import { dspy } from './dspy.js';
import { endpoints } from './endpoints.js';
import { adkSymbols, googleAdk } from './google-adk.js';
import { guardrails } from './guardrails.js';
import { haystack } from './haystack.js';
import { langchain } from './langchain.js';
import { letta } from './letta.js';
import { langgraph } from './langgraph.js';
import { llamaindex } from './llamaindex.js';
import { mcp } from './mcp.js';
import { mcpAgent } from './mcp-agent.js';
import { modelArtifacts } from './model-artifacts.js';
import { observability } from './observability.js';
import { openaiAgents } from './openai-agents.js';
import { providers } from './providers.js';
import { pydanticAi } from './pydantic-ai.js';
import { semanticKernel } from './semantic-kernel.js';
import { smolagents } from './smolagents.js';
import { strands, strandsSymbols } from './strands.js';

/**
 * Every Python rule module, one per framework family (plus cross-cutting data, guardrails, observability and
 * endpoint modules). `finish` steps run in this order: endpoints last, so they see every agent.
 */
export const ruleModules: RuleModule[] = [
  providers,
  modelArtifacts,
  langchain,
  langgraph,
  deepagents,
  dspy,
  crewai,
  autogen,
  llamaindex,
  openaiAgents,
  pydanticAi,
  smolagents,
  semanticKernel,
  haystack,
  googleAdk,
  strands,
  agno,
  bedrockAgents,
  browserUse,
  camel,
  letta,
  mcp,
  mcpAgent,
  anthropicTools,
  a2a,
  data,
  guardrails,
  observability,
  endpoints,
];

export const symbolResolvers: SymbolResolver[] = [adkSymbols, strandsSymbols];
