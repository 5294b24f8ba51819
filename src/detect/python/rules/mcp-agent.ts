import { agentRule } from '../engine/builders.js';
import { isSequence, kwarg, listItems } from '../analysis/values.js';
import type { RuleModule } from '../engine/types.js';

/**
 * lastmile's mcp-agent: `Agent(server_names=["fetch", "filesystem"], functions=[...])` connects to the servers
 * that `mcp_agent.config.yaml` defines under those names. The config detector lists its servers by name
 * (`facts.exports`), so each name here is a ref the linker resolves to the nearest config's server.
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
      if (name) ctx.ref(id, name, ['mcp-server'], 'connects-mcp', ctx.line(item), `server_names "${name}"`);
    }
  },
});

export const mcpAgent: RuleModule = {
  id: 'mcp-agent',
  needles: ['mcp_agent'],
  frameworks: [{ id: FW, roots: ['mcp_agent'] }],
  calls: [agent],
};
