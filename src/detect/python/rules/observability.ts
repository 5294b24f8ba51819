import type { SyntaxNode } from '@lezer/common';
import type { AttrValue } from '../../../model/types.js';
import { boolValue, dictGet, kwarg, listItems, positional } from '../analysis/values.js';
import { kindOf } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/**
 * Tracing of agent runs. Most tracers record prompts and completions by default, so `logsPrompts` is true unless
 * the code turns on masking/redaction. Global tracers (env switches, instrumentors) observe every agent of the module.
 */

interface Vendor {
  vendor: string;
  /** Instruments everything in the process rather than what it is handed. */
  global: boolean;
}

function add(ctx: FileContext, v: Vendor, line: number, note: string, attrs: Record<string, AttrValue | undefined> = {}, node?: SyntaxNode): string {
  const id = ctx.add({ kind: 'observability', name: v.vendor, attributes: { vendor: v.vendor, logsPrompts: true, ...attrs }, line, note }, node);
  if (attrs.redaction) ctx.setAttr(id, 'logsPrompts', false);
  if (v.global) ctx.note('global-observer', { id, line });
  return id;
}

function simple(roots: string[], tails: string[], vendor: string, global: boolean, redaction?: (ctx: FileContext, args: ReturnType<FileContext['args']>) => boolean): CallRule {
  return {
    roots,
    tails,
    apply(ctx, call, qn) {
      const args = ctx.args(call);
      const attrs = redaction?.(ctx, args) ? { redaction: true } : {};
      add(ctx, { vendor, global }, ctx.callLine(call), `call ${qn.slice(qn.lastIndexOf('.') + 1)}`, attrs, call.node);
    },
  };
}

const AI_INTEGRATIONS = /(OpenAI|Anthropic|Langchain|LangChain|LangGraph|HuggingFaceHub|LiteLLM|PydanticAI|OpenAIAgents|GoogleGenAI)Integration/;

const calls: CallRule[] = [
  simple(['langsmith'], ['Client', 'wrappers.wrap_openai', 'wrap_openai', 'wrap_anthropic'], 'langsmith', false, (ctx, args) => !!kwarg(args, 'hide_inputs', 'anonymizer')),
  simple(['langchain', 'langchain_core'], ['LangChainTracer'], 'langsmith', false),
  simple(['langfuse'], ['Langfuse', 'get_client', 'CallbackHandler', 'LangfuseCallbackHandler'], 'langfuse', false, (ctx, args) => !!kwarg(args, 'mask')),
  simple(['openinference'], ['instrument'], 'openinference', true),
  simple(['phoenix'], ['otel.register', 'register', 'launch_app'], 'phoenix', true),
  simple(['traceloop'], ['Traceloop.init'], 'traceloop', true, (ctx, args) => boolValue(ctx.mod, kwarg(args, 'trace_content')?.value) === false),
  simple(['weave'], ['init'], 'weave', true),
  simple(['mlflow'], ['autolog', 'langchain.autolog', 'openai.autolog', 'anthropic.autolog', 'crewai.autolog', 'autogen.autolog', 'llama_index.autolog', 'dspy.autolog', 'gemini.autolog', 'bedrock.autolog', 'pydantic_ai.autolog', 'smolagents.autolog'], 'mlflow', true),
  simple(['agentops'], ['init'], 'agentops', true),
  simple(['logfire'], ['instrument_openai', 'instrument_anthropic', 'instrument_pydantic_ai', 'instrument_openai_agents', 'instrument_litellm'], 'logfire', true),
  simple(['braintrust'], ['init_logger', 'wrap_openai', 'wrap_anthropic'], 'braintrust', false),
  simple(['openlit'], ['init'], 'openlit', true),
  simple(['lmnr'], ['Laminar.initialize'], 'laminar', true),
  simple(['opik'], ['configure', 'track', 'integrations.langchain.OpikTracer'], 'opik', false),
  simple(['helicone', 'helicone_helpers'], ['HeliconeManualLogger'], 'helicone', false),
  {
    roots: ['opentelemetry'],
    tails: ['TracerProvider', 'set_tracer_provider'],
    apply(ctx, call, qn) {
      if (!aiContext(ctx)) return;
      add(ctx, { vendor: 'opentelemetry', global: true }, ctx.callLine(call), `call ${qn.slice(qn.lastIndexOf('.') + 1)}`, {}, call.node);
    },
  },
  {
    roots: ['sentry_sdk'],
    tails: ['init'],
    apply(ctx, call) {
      const args = ctx.args(call);
      const integrations = kwarg(args, 'integrations')?.value;
      const aiIntegration = !!integrations && listItems(integrations).some((i) => AI_INTEGRATIONS.test(ctx.text(i)));
      if (!aiIntegration && !aiContext(ctx)) return;
      const pii = boolValue(ctx.mod, kwarg(args, 'send_default_pii')?.value) === true;
      const include = integrations ? /include_prompts\s*=\s*True/.test(ctx.text(integrations)) : false;
      const id = add(ctx, { vendor: 'sentry', global: true }, ctx.callLine(call), 'call sentry_sdk.init', {}, call.node);
      ctx.setAttr(id, 'logsPrompts', pii || include);
    },
  },
];

const decorators: DecoratorRule[] = [
  { roots: ['langsmith'], tails: ['traceable', 'run_helpers.traceable'], apply: (ctx, fn, dec) => void add(ctx, { vendor: 'langsmith', global: false }, dec.line, '@traceable', {}, fn.node) },
  { roots: ['langfuse'], tails: ['observe', 'decorators.observe'], apply: (ctx, _fn, dec) => void add(ctx, { vendor: 'langfuse', global: false }, dec.line, '@observe') },
  { roots: ['weave'], tails: ['op'], apply: (ctx, _fn, dec) => void add(ctx, { vendor: 'weave', global: false }, dec.line, '@weave.op') },
  { roots: ['agentops'], tails: ['record_action', 'track_agent', 'operation', 'agent'], apply: (ctx, _fn, dec) => void add(ctx, { vendor: 'agentops', global: false }, dec.line, `@${dec.dotted}`) },
];

const AI_ROOTS = /^(langchain|langgraph|llama_index|openai|anthropic|crewai|autogen|agents|pydantic_ai|smolagents|semantic_kernel|haystack|google\.adk|google\.genai|strands|litellm|mcp|fastmcp|boto3)/;

function aiContext(ctx: FileContext): boolean {
  return ctx.mod.imports.some((i) => !i.relative && AI_ROOTS.test(i.module));
}

const TRACING_ENV: Record<string, string> = {
  LANGCHAIN_TRACING_V2: 'langsmith',
  LANGSMITH_TRACING: 'langsmith',
  LANGSMITH_TRACING_V2: 'langsmith',
  LANGFUSE_HOST: 'langfuse',
  AGENTOPS_API_KEY: 'agentops',
  TRACELOOP_BASE_URL: 'traceloop',
  PHOENIX_COLLECTOR_ENDPOINT: 'phoenix',
  HELICONE_API_KEY: 'helicone',
};
const REDACT_ENV = new Set(['LANGCHAIN_HIDE_INPUTS', 'LANGSMITH_HIDE_INPUTS', 'LANGCHAIN_HIDE_OUTPUTS', 'LANGSMITH_HIDE_OUTPUTS', 'TRACELOOP_TRACE_CONTENT', 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT']);

/** `os.environ["LANGCHAIN_TRACING_V2"] = "true"` and `os.environ.setdefault(...)` turn tracing on from code. */
function envSwitches(ctx: FileContext): void {
  const redacted = new Set<string>();
  const found: { vendor: string; line: number; value?: string }[] = [];
  for (const node of ctx.treeNodes().strings) {
    const key = ctx.str(node);
    if (key && (TRACING_ENV[key] || REDACT_ENV.has(key))) {
      const value = envValue(ctx, node);
      if (value !== null) {
        if (REDACT_ENV.has(key)) redacted.add(key);
        else found.push({ vendor: TRACING_ENV[key]!, line: ctx.line(node), ...(value ? { value } : {}) });
      }
    }
  }
  for (const f of found) {
    if (f.value && /^(false|0|)$/i.test(f.value)) continue;
    const langsmithHidden = f.vendor === 'langsmith' && [...redacted].some((k) => k.includes('HIDE_INPUTS'));
    add(ctx, { vendor: f.vendor, global: true }, f.line, 'tracing env', langsmithHidden ? { redaction: true } : {});
  }
}

/** The value assigned to `os.environ[KEY]` or passed to `os.environ.setdefault(KEY, v)`; null when not an env write. */
function envValue(ctx: FileContext, key: SyntaxNode): string | undefined | null {
  const p = key.parent;
  if (p?.name === 'MemberExpression' && /^os\.environ\b/.test(ctx.text(p))) {
    const stmt = p.parent;
    if (stmt?.name === 'AssignStatement' && stmt.firstChild?.from === p.from) return ctx.str(stmt.lastChild ?? undefined);
    return null;
  }
  if (p?.name === 'ArgList') {
    const call = p.parent;
    const callee = call?.firstChild ? ctx.text(call.firstChild) : '';
    if (/^os\.(environ\.setdefault|putenv|environ\.update)$/.test(callee)) return ctx.str(positional(ctx.args({ node: call!, callee: call!.firstChild!, args: p, line: 0, scope: ctx.mod.module }), 1)?.value);
  }
  return null;
}

/** `agent.invoke(x, config={"callbacks": [handler]})`: that handler observes that agent. */
function callbackConfigs(ctx: FileContext): void {
  for (const call of ctx.mod.calls) {
    if (call.callee.name !== 'MemberExpression' || !call.callee.firstChild) continue;
    const cfg = kwarg(ctx.args(call), 'config')?.value;
    const cbs = cfg?.name === 'DictionaryExpression' ? dictGet(ctx.mod, cfg, 'callbacks') : undefined;
    if (!cbs) continue;
    const agents = ctx.targets(call.callee.firstChild).filter((t) => t.t === 'id' && kindOf(ctx, t.id) === 'agent');
    for (const cb of ctx.targets(cbs)) {
      if (cb.t !== 'id' || kindOf(ctx, cb.id) !== 'observability') continue;
      for (const a of agents) if (a.t === 'id') ctx.edge(cb.id, a.id, 'observes', ctx.line(cbs), 'callbacks');
    }
  }
}

function finish(ctx: FileContext): void {
  envSwitches(ctx);
  callbackConfigs(ctx);
  const globals = ctx.noted<{ id: string; line: number }>('global-observer');
  if (!globals.length) return;
  for (const agent of [...ctx.components.values()].filter((c) => c.kind === 'agent')) {
    for (const g of globals) ctx.edge(g.id, agent.id, 'observes', g.line, 'instruments module');
  }
}

export const observability: RuleModule = {
  id: 'observability',
  needles: ['langsmith', 'LANGCHAIN_TRACING', 'LANGSMITH_TRACING', 'langfuse', 'openinference', 'phoenix', 'traceloop', 'weave', 'mlflow', 'agentops', 'logfire', 'braintrust', 'openlit', 'lmnr', 'opik', 'helicone', 'opentelemetry', 'sentry_sdk', 'LangChainTracer'],
  calls,
  decorators,
  finish,
};

