import { agentRule } from '../engine/builders.js';
import { isSequence, kwarg, listItems } from '../analysis/values.js';
import type { RuleModule } from '../engine/types.js';
import { CONFIG_SERVER_REF } from '../../../model/link-mcp-agent-servers.js';

/**
 * lastmile's mcp-agent: `Agent(server_names=["fetch", "filesystem"], functions=[...])` connects to the servers
 * that `mcp_agent.config.yaml` defines under those names: each name is a ref that linkMcpAgentServers resolves to
 * the server of the config the app runs with.
 */
const FW = 'mcp-agent';

const agent = agentRule({
  framework: FW,
  roots: ['mcp_agent'],
  tails: ['Agent'],
  tools: ['functions'],
  extra(ctx, _call, args, id) {
    const names = kwarg(args, 'server_names')?.value;
    if (!names || !isSequence(names)) return;
    for (const item of listItems(names)) {
      const name = ctx.str(item);
      if (name) ctx.ref(id, name, [CONFIG_SERVER_REF], 'connects-mcp', ctx.line(item), `server_names "${name}"`);
    }
  },
});

export const mcpAgent: RuleModule = {
  id: 'mcp-agent',
  needles: ['mcp_agent'],
  frameworks: [{ id: FW, roots: ['mcp_agent'] }],
  calls: [agent],
};
