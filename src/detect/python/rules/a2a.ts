import { argValues, componentRule } from '../engine/builders.js';
import type { RuleModule } from '../engine/types.js';

/** Agent-to-agent calls: an A2A client pointed at a peer's URL is a peer agent this code talks to. */

const peer = componentRule({
  roots: ['a2a', 'python_a2a'],
  tails: ['A2AClient', 'A2ACardResolver', 'A2AClient.get_client_from_agent_card_url', 'ClientFactory.connect', 'A2AClient.from_card_url'],
  kind: 'peer-agent',
  globalName: (ctx, _call, args) => argValues(args, ['url', 'base_url', 'agent_card_url', 1, 0]).map((n) => ctx.str(n)).find((s) => s && /^https?:\/\//.test(s)),
  attributes: (ctx, _call, args) => ({ url: argValues(args, ['url', 'base_url', 'agent_card_url', 1, 0]).map((n) => ctx.str(n)).find((s) => s && /^https?:\/\//.test(s)) }),
  // A tool whose body calls the peer hands the agent's task on to it: the agent delegates through that tool.
  after: (ctx, call, _args, id) =>
    ctx.linkJobs.push(() => {
      const fn = ctx.enclosingFunction(call.node);
      const tool = fn && ctx.functionTools.get(fn);
      if (tool) ctx.edge(tool, id, 'delegates', ctx.callLine(call), 'A2A call in tool');
    }),
});

export const a2a: RuleModule = {
  id: 'a2a',
  needles: ['a2a'],
  calls: [peer],
};
