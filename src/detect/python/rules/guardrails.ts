import type { SyntaxNode } from '@lezer/common';
import { dictGet, kwarg } from '../analysis/values.js';
import { argValues, componentRule, kindOf } from '../engine/builders.js';
import { boto3Service } from '../engine/capabilities.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/** Guardrails actually invoked: evidence for mitigations. Named by the Python symbol, vendor as an attribute. */

function guardrail(vendor: string, stage: string) {
  return () => ({ vendor, stage });
}

const nemo = componentRule({
  roots: ['nemoguardrails'],
  tails: ['LLMRails', 'RunnableRails'],
  kind: 'guardrail',
  attributes: guardrail('nemo-guardrails', 'both'),
  after(ctx, call, _args, id) {
    // `RunnableRails(config) | chain` / `RunnableRails(config, runnable=agent)`: the rails wrap that runnable.
    const wrapped = kwarg(ctx.args(call), 'runnable')?.value;
    if (wrapped) ctx.linkJobs.push(() => guardTargets(ctx, id, wrapped));
  },
});

const guardrailsAi = componentRule({
  roots: ['guardrails'],
  tails: ['Guard', 'Guard.from_rail', 'Guard.from_pydantic', 'Guard.from_rail_string', 'Guard.for_pydantic', 'Guard.for_rail', 'AsyncGuard'],
  kind: 'guardrail',
  attributes: guardrail('guardrails-ai', 'output'),
});

const llmGuard: CallRule = {
  roots: ['llm_guard'],
  tails: ['scan_prompt', 'scan_output'],
  apply(ctx, call, qn) {
    const stage = qn.endsWith('scan_prompt') ? 'input' : 'output';
    const id = ctx.add({ kind: 'guardrail', name: 'llm-guard', attributes: { vendor: 'llm-guard', stage }, line: ctx.callLine(call), note: `call ${qn.slice(qn.lastIndexOf('.') + 1)}` }, call.node);
    const c = ctx.component(id)!;
    if (c.attributes?.stage && c.attributes.stage !== stage) c.attributes.stage = 'both';
  },
};

const presidio = componentRule({
  roots: ['presidio_analyzer', 'presidio_anonymizer'],
  tails: ['AnalyzerEngine', 'AnonymizerEngine'],
  kind: 'guardrail',
  attributes: guardrail('presidio', 'input'),
});

const lakera = componentRule({
  roots: ['lakera_chainguard'],
  tails: ['LakeraChainGuard', 'LakeraGuardrail'],
  kind: 'guardrail',
  attributes: guardrail('lakera', 'input'),
});

const rebuff = componentRule({
  roots: ['rebuff'],
  tails: ['Rebuff', 'RebuffSdk'],
  kind: 'guardrail',
  attributes: guardrail('rebuff', 'input'),
});

/** Lakera's HTTP API called with requests/httpx: the URL literal names it. */
const lakeraHttp: CallRule = {
  roots: ['requests', 'httpx'],
  tails: ['post', 'Client().post', 'AsyncClient().post', 'Session().post'],
  apply(ctx, call) {
    const url = argValues(ctx.args(call), ['url', 0]).map((n) => ctx.str(n)).find((s) => s);
    if (url && /lakera\.ai/.test(url)) {
      ctx.add({ kind: 'guardrail', name: 'lakera', attributes: { vendor: 'lakera', stage: 'input' }, line: ctx.callLine(call), note: 'Lakera Guard API' }, call.node);
    }
  },
};

const moderation: CallRule = {
  roots: ['openai'],
  tails: ['OpenAI().moderations.create', 'AsyncOpenAI().moderations.create', 'Moderation.create'],
  apply(ctx, call) {
    ctx.add({ kind: 'guardrail', name: 'openai-moderation', attributes: { vendor: 'openai-moderation', stage: 'input' }, line: ctx.callLine(call), note: 'moderations.create' }, call.node);
  },
};

/** Bedrock Guardrails: `apply_guardrail(...)`, `guardrailConfig=` on converse, `guardrails={...}` on ChatBedrock. */
const bedrock: CallRule = {
  roots: ['boto3', 'langchain_aws', 'langchain_community'],
  tails: ['client().apply_guardrail', 'client().converse', 'client().converse_stream', 'client().invoke_model', 'ChatBedrock', 'ChatBedrockConverse', 'BedrockLLM'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    let node: SyntaxNode | undefined;
    if (qn.endsWith('apply_guardrail')) node = call.node;
    else if (qn.startsWith('boto3')) node = kwarg(args, 'guardrailConfig', 'guardrailIdentifier')?.value;
    else {
      const g = kwarg(args, 'guardrails', 'guardrail_config')?.value;
      node = g && (g.name !== 'DictionaryExpression' || dictGet(ctx.mod, g, 'guardrailIdentifier') || dictGet(ctx.mod, g, 'id')) ? g : undefined;
    }
    if (!node) return;
    if (qn.startsWith('boto3') && boto3Service(ctx, call) !== 'bedrock-runtime') return;
    const id = ctx.add({ kind: 'guardrail', name: 'bedrock-guardrails', attributes: { vendor: 'bedrock', stage: 'both' }, line: ctx.line(node), note: 'Bedrock guardrail' });
    ctx.linkJobs.push(() => {
      for (const m of ctx.idsAt(call.node)) if (kindOf(ctx, m) === 'model') ctx.edge(id, m, 'guards', ctx.line(node!), 'guardrail on model');
    });
  },
};

/** openai-agents `@input_guardrail` / `@output_guardrail` functions, linked from `Agent(input_guardrails=[...])`. */
const agentsGuardrails: DecoratorRule = {
  roots: ['agents'],
  tails: ['input_guardrail', 'output_guardrail', 'tool_input_guardrail', 'tool_output_guardrail'],
  apply(ctx, fn, dec) {
    ctx.add({ kind: 'guardrail', name: fn.name, framework: 'openai-agents', attributes: { vendor: 'openai-agents', stage: dec.dotted.includes('input') ? 'input' : 'output' }, line: dec.line, note: `@${dec.dotted}` }, fn.node);
  },
};

const agentsGuardrailObjects: CallRule = {
  roots: ['agents'],
  tails: ['InputGuardrail', 'OutputGuardrail'],
  apply(ctx, call, qn) {
    const fnArg = argValues(ctx.args(call), ['guardrail_function', 0])[0];
    const name = fnArg ? ctx.text(fnArg) : ctx.nameFor(call, 'guardrail');
    ctx.add({ kind: 'guardrail', name, framework: 'openai-agents', attributes: { vendor: 'openai-agents', stage: qn.endsWith('InputGuardrail') ? 'input' : 'output' }, line: ctx.callLine(call), note: `call ${qn.slice(qn.lastIndexOf('.') + 1)}` }, call.node);
  },
};

function guardTargets(ctx: FileContext, guard: string, value: SyntaxNode): void {
  for (const t of ctx.targets(value)) if (t.t === 'id' && ['agent', 'model', 'tool'].includes(kindOf(ctx, t.id) ?? '')) ctx.edge(guard, t.id, 'guards', ctx.line(value), 'wrapped runnable');
}

export const guardrails: RuleModule = {
  id: 'guardrails',
  needles: ['nemoguardrails', 'guardrails', 'llm_guard', 'presidio', 'lakera', 'rebuff', 'moderations', 'Moderation', 'guardrail', 'input_guardrail', 'output_guardrail'],
  calls: [nemo, guardrailsAi, llmGuard, presidio, lakera, rebuff, lakeraHttp, moderation, bedrock, agentsGuardrailObjects],
  decorators: [agentsGuardrails],
};
