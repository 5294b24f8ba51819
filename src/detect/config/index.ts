import type { Detector } from '../types.js';
import { agentCardDetector } from './agent-card.js';
import { packageJsonDetector, pyprojectDetector, requirementsDetector } from './manifests.js';
import { mcpAgentConfigDetector, mcpConfigDetector, namedMcpConfigDetector } from './mcp-config.js';
import { workflowAgentDetector } from './workflow-agents.js';

/** MCP config files, A2A agent cards, dependency manifests, agents in CI workflows (no code parsing). */
export const configDetectors: Detector[] = [mcpConfigDetector, namedMcpConfigDetector, mcpAgentConfigDetector, agentCardDetector, packageJsonDetector, pyprojectDetector, requirementsDetector, workflowAgentDetector];
