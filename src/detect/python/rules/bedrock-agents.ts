import { kwarg } from '../analysis/values.js';
import { addModel, stringArg } from '../engine/builders.js';
import { boto3Service } from '../engine/capabilities.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/**
 * Amazon Bedrock Agents: reached through boto3 (`bedrock-agent-runtime` to invoke, `bedrock-agent` to define) or
 * the AgentCore SDK. There is no import to show the framework, so the client call is the evidence.
 */

const FW = 'bedrock-agents';

const client: CallRule = {
  roots: ['boto3'],
  tails: ['client', 'Session().client', 'session.Session().client'],
  apply(ctx, call) {
    const svc = boto3Service(ctx, call);
    if (svc === 'bedrock-agent-runtime' || svc === 'bedrock-agent' || svc === 'bedrock-agentcore') ctx.credit(FW, ctx.callLine(call), `boto3 ${svc}`);
  },
};

/** `invoke_agent(agentId=..., agentAliasId=...)`: an agent hosted on Bedrock, driven from here. */
const invokeAgent: CallRule = {
  roots: ['boto3'],
  tails: ['client().invoke_agent', 'client().invoke_inline_agent', 'client().create_agent'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    const name = stringArg(ctx, kwarg(args, 'agentId', 'agentName')?.value) ?? ctx.nameFor(call, 'bedrock-agent');
    const id = ctx.add({ kind: 'agent', name, framework: FW, line: ctx.callLine(call), note: qn.slice(qn.lastIndexOf('.') + 1) }, call.node);
    ctx.credit(FW, ctx.callLine(call), qn.slice(qn.lastIndexOf('.') + 1));
    const fm = kwarg(args, 'foundationModel')?.value;
    const model = stringArg(ctx, fm);
    if (model && fm) ctx.edge(id, addModel(ctx, 'bedrock', model, ctx.line(fm), 'foundationModel'), 'uses-model', ctx.line(fm), 'foundationModel');
  },
};

const knowledgeBase: CallRule = {
  roots: ['boto3'],
  tails: ['client().retrieve', 'client().retrieve_and_generate'],
  apply(ctx, call) {
    if (boto3Service(ctx, call) !== 'bedrock-agent-runtime') return;
    ctx.add({ kind: 'vector-store', name: 'bedrock-knowledge-base', attributes: { provider: 'bedrock-knowledge-base', remote: true, persistent: true }, line: ctx.callLine(call), note: 'knowledge base' }, call.node);
  },
};

const agentCore: CallRule = {
  roots: ['bedrock_agentcore'],
  tails: ['BedrockAgentCoreApp'],
  apply(ctx, call) {
    ctx.credit(FW, ctx.callLine(call), 'BedrockAgentCoreApp');
  },
};

const langchainAws = {
  roots: ['langchain_aws'],
  tails: ['BedrockAgentsRunnable.create_agent', 'BedrockAgentsRunnable'],
  apply: invokeAgent.apply,
} satisfies CallRule;

export const bedrockAgents: RuleModule = {
  id: 'bedrock-agents',
  needles: ['bedrock-agent', 'bedrock_agent', 'BedrockAgent'],
  frameworks: [{ id: FW, roots: ['bedrock_agentcore'] }],
  calls: [client, invokeAgent, knowledgeBase, agentCore, langchainAws],
};
