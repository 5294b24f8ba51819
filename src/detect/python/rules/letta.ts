import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { kwarg, listItems, type Arg } from '../analysis/values.js';
import { agentRule, builtInTool, kindOf, stringArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/**
 * Letta (formerly MemGPT): agents live on a Letta server (Letta Cloud unless `base_url` says otherwise) and are
 * made through a client, `client.agents.create(model="openai/gpt-4.1", memory_blocks=[...], tools=["web_search",
 * "run_code"], tool_ids=[...])`. Their memory is the server's (the client call is that memory component, see
 * data.ts); built-in tools are asked for by name; custom tools made from a function run on the server.
 */

const FW = 'letta';
const LT = ['letta_client', 'letta'] as const;

/** Built-in tools by name: `run_code` runs in an E2B sandbox, `web_search` and `fetch_webpage` go through Exa. */
const BUILT_IN: Record<string, { caps: string[]; sandboxed?: boolean }> = {
  run_code: { caps: ['code-exec'], sandboxed: true },
  run_code_with_tools: { caps: ['code-exec'], sandboxed: true },
  web_search: { caps: ['web-search'] },
  fetch_webpage: { caps: ['http'] },
};

/** The client a call hangs off (`client` in `client.agents.create(...)`). */
function clientOf(call: CallInfo): SyntaxNode | undefined {
  let n: SyntaxNode | null | undefined = call.callee;
  while (n?.name === 'MemberExpression') n = n.firstChild;
  return n ?? undefined;
}

/** The tools a person approves before they run: `tool_rules=[RequiresApprovalToolRule(tool_name="run_code")]`. */
function approvedTools(ctx: FileContext, args: Arg[]): Set<string> {
  const rules = kwarg(args, 'tool_rules')?.value;
  const names = new Set<string>();
  for (const r of rules ? listItems(rules) : []) {
    const made = ctx.originCall(r);
    if (!made || !/(^|\.)RequiresApprovalToolRule$/.test(ctx.qn(made) ?? '')) continue;
    const name = stringArg(ctx, kwarg(ctx.args(made), 'tool_name')?.value);
    if (name) names.add(name);
  }
  return names;
}

const agents = agentRule({
  framework: FW,
  roots: LT,
  tails: ['agents.create', 'create_agent'],
  accepts: (qn) => /^letta(_client)?\.(Async)?(Letta|Client|RESTClient|LocalClient|create_client)\(\)\.(agents\.create|create_agent)$/.test(qn),
  // "provider/model-name"; `llm` in the earliest clients.
  model: ['model', 'llm'],
  tools: ['tool_ids'],
  unnamed: (ctx, call) => stringArg(ctx, kwarg(ctx.args(call), 'name')?.value),
  extra(ctx, call, args, id) {
    const line = ctx.callLine(call);
    // The agent's memory is the server's: the client (a memory component) it was made through.
    const client = clientOf(call);
    for (const t of client ? ctx.targets(client) : []) if (t.t === 'id' && kindOf(ctx, t.id) === 'memory') ctx.edge(id, t.id, 'uses-memory', line, 'Letta server memory');
    const approved = approvedTools(ctx, args);
    const names = kwarg(args, 'tools')?.value;
    for (const item of names ? listItems(names) : []) {
      const name = stringArg(ctx, item);
      const spec = name ? BUILT_IN[name] : undefined;
      if (!name || !spec) continue;
      const attributes = { ...(spec.sandboxed ? { sandboxed: true } : {}), ...(approved.has(name) ? { humanApproval: true } : {}) };
      builtInTool(ctx, id, { suffix: name, framework: FW, capabilities: spec.caps, attributes, line: ctx.line(item), note: `built-in tool ${name}`, why: 'tools argument', edgeLine: line });
    }
  },
});

/** `client.tools.upsert_from_function(func=f)`: the tool is `f`, run on the Letta server. */
const fromFunction: CallRule = {
  roots: LT,
  tails: ['tools.upsert_from_function', 'tools.create_from_function', 'create_tool', 'create_or_update_tool'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const f = (kwarg(args, 'func') ?? args.find((a) => a.name === undefined && !a.star))?.value;
    if (!f) return;
    ctx.linkJobs.unshift(() => {
      for (const t of ctx.targets(f)) if (t.t === 'fn') ctx.bindNode(call.node, ctx.functionTool(t.fn, FW));
    });
  },
};

export const letta: RuleModule = {
  id: 'letta',
  needles: ['letta'],
  frameworks: [{ id: FW, roots: LT }],
  calls: [agents, fromFunction],
};
