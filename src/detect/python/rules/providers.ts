import { kwarg } from '../analysis/values.js';
import { addModel, modelRule, stringArg } from '../engine/builders.js';
import { boto3Service } from '../engine/capabilities.js';
import type { FileContext } from '../engine/context.js';
import { providerOfBaseUrl } from '../engine/models.js';
import type { CallRule, RuleModule } from '../engine/types.js';
import { toolLoop } from './sdk-tool-loop.js';

/**
 * Provider SDKs called directly: a client constructor names the provider; a completion call on that client with
 * a literal model names the model too. Framework wrappers (ChatOpenAI...) live with their framework.
 */

/** The Messages API, plain or beta, and with its raw HTTP response. */
const ANTHROPIC_CALLS = ['messages', 'beta.messages'].flatMap((api) => ['create', 'stream', 'with_raw_response.create'].map((m) => `${api}.${m}`));

interface ClientSpec {
  roots: readonly string[];
  client: readonly string[];
  provider: string;
  /** Method paths on the client that take `model=` (`chat.completions.create`). */
  calls: readonly string[];
  modelKw?: readonly string[];
}

const CLIENTS: ClientSpec[] = [
  { roots: ['openai'], client: ['OpenAI', 'AsyncOpenAI'], provider: 'openai', calls: ['chat.completions.create', 'chat.completions.parse', 'beta.chat.completions.parse', 'responses.create', 'responses.parse', 'completions.create', 'embeddings.create'] },
  { roots: ['openai'], client: ['AzureOpenAI', 'AsyncAzureOpenAI'], provider: 'azure-openai', calls: ['chat.completions.create', 'responses.create', 'completions.create'] },
  { roots: ['anthropic'], client: ['Anthropic', 'AsyncAnthropic'], provider: 'anthropic', calls: ANTHROPIC_CALLS },
  { roots: ['anthropic'], client: ['AnthropicBedrock', 'AsyncAnthropicBedrock'], provider: 'bedrock', calls: ANTHROPIC_CALLS },
  { roots: ['anthropic'], client: ['AnthropicVertex', 'AsyncAnthropicVertex'], provider: 'vertex', calls: ANTHROPIC_CALLS },
  { roots: ['groq'], client: ['Groq', 'AsyncGroq'], provider: 'groq', calls: ['chat.completions.create'] },
  { roots: ['mistralai'], client: ['Mistral', 'MistralClient', 'MistralAsyncClient'], provider: 'mistral', calls: ['chat.complete', 'chat.complete_async', 'chat.stream', 'chat'] },
  { roots: ['cohere'], client: ['Client', 'ClientV2', 'AsyncClient', 'AsyncClientV2'], provider: 'cohere', calls: ['chat', 'generate', 'chat_stream'] },
  { roots: ['together'], client: ['Together', 'AsyncTogether'], provider: 'together', calls: ['chat.completions.create'] },
  { roots: ['ollama'], client: ['Client', 'AsyncClient'], provider: 'ollama', calls: ['chat', 'generate'] },
  { roots: ['google.genai'], client: ['Client'], provider: 'gemini', calls: ['models.generate_content', 'models.generate_content_stream', 'aio.models.generate_content', 'chats.create'] },
  { roots: ['huggingface_hub'], client: ['InferenceClient', 'AsyncInferenceClient'], provider: 'huggingface', calls: ['chat_completion', 'text_generation', 'chat.completions.create'] },
  { roots: ['fireworks'], client: ['Fireworks', 'AsyncFireworks'], provider: 'fireworks', calls: ['chat.completions.create'] },
  { roots: ['cerebras'], client: ['Cerebras'], provider: 'cerebras', calls: ['chat.completions.create'] },
];

function clientRules(spec: ClientSpec): CallRule[] {
  const ctor: CallRule = {
    roots: spec.roots,
    tails: spec.client,
    apply(ctx, call) {
      const args = ctx.args(call);
      let provider = spec.provider;
      let hosted: boolean | undefined;
      const base = stringArg(ctx, kwarg(args, 'base_url', 'api_base', 'host')?.value);
      if (base && spec.provider !== 'ollama') {
        const via = providerOfBaseUrl(base);
        if (spec.provider === 'openai') provider = via.provider;
        hosted = via.hosted;
        if (via.gateway) ctx.add({ kind: 'llm-gateway', name: via.gateway, attributes: { provider: via.gateway }, line: ctx.callLine(call), note: 'base_url' });
      }
      if (spec.provider === 'gemini' && ctx.text(kwarg(args, 'vertexai')?.value ?? call.node) === 'True') provider = 'vertex';
      const extra = hosted === undefined ? {} : { hosted };
      const id = addModel(ctx, provider, stringArg(ctx, kwarg(args, 'model')?.value), ctx.callLine(call), `client ${spec.client[0]}`, call.node, extra);
      ctx.note('provider-client', id);
    },
  };
  const completions: CallRule = {
    roots: spec.roots,
    tails: spec.client.flatMap((c) => spec.calls.map((m) => `${c}().${m}`)),
    apply(ctx, call) {
      const args = ctx.args(call);
      const modelNode = kwarg(args, ...(spec.modelKw ?? ['model']))?.value;
      const name = stringArg(ctx, modelNode);
      const receiver = ctx.qn(call) ?? '';
      const method = receiver.slice(receiver.indexOf('().') + 3);
      let provider = spec.provider;
      const clientIds = (call.callee.firstChild ? ctx.targets(call.callee.firstChild) : []).flatMap((t) => (t.t === 'id' && ctx.component(t.id)?.kind === 'model' ? [t.id] : []));
      const clientModel = clientIds.length ? ctx.component(clientIds[0]!) : undefined;
      if (clientModel?.attributes?.provider && typeof clientModel.attributes.provider === 'string') provider = clientModel.attributes.provider;
      const extra = clientModel?.attributes?.hosted === false ? { hosted: false } : {};
      const id = name ? addModel(ctx, provider, name, ctx.line(modelNode!), `call ${method}`, call.node, extra) : undefined;
      if (id) ctx.note('provider-model', id);
      // The model the loop runs: the one the call names, else its client's (each, when branches make one of several),
      // else its provider's.
      const models = () => (id ? [id] : clientIds.length ? clientIds : [addModel(ctx, provider, undefined, ctx.callLine(call), `call ${method}`, undefined, extra)]);
      if (!method.startsWith('embeddings')) toolLoop(ctx, call, args, spec.roots[0]!, models);
    },
  };
  return [ctor, completions];
}

/** Module-level functions that take the model per call: `ollama.chat(model=...)`, `litellm.completion(...)`. */
const moduleCalls: CallRule[] = [
  modelRule({ roots: ['ollama'], tails: ['chat', 'generate', 'embed', 'embeddings'], accepts: (qn) => /^ollama\.[a-z]+$/.test(qn), provider: 'ollama', modelArgs: ['model', 0] }),
  modelRule({ roots: ['litellm'], tails: ['completion', 'acompletion', 'responses', 'text_completion'], provider: 'litellm', modelArgs: ['model', 0], parseProvider: true }),
  modelRule({ roots: ['openai'], tails: ['ChatCompletion.create', 'Completion.create', 'ChatCompletion.acreate'], provider: 'openai', modelArgs: ['model', 'engine'] }),
  modelRule({ roots: ['google.generativeai'], tails: ['GenerativeModel'], provider: 'gemini', modelArgs: ['model_name', 'model', 0] }),
  modelRule({ roots: ['vertexai'], tails: ['GenerativeModel', 'ChatModel.from_pretrained', 'TextGenerationModel.from_pretrained'], provider: 'vertex', modelArgs: ['model_name', 0] }),
  modelRule({ roots: ['anthropic'], tails: ['Client'], accepts: (qn) => qn === 'anthropic.Client', provider: 'anthropic' }),
];

/** `litellm.Router(model_list=[{"litellm_params": {"model": "azure/gpt-4"}}])` is a gateway in code. */
const litellmRouter: CallRule = {
  roots: ['litellm'],
  tails: ['Router'],
  apply(ctx, call) {
    ctx.add({ kind: 'llm-gateway', name: 'litellm', attributes: { provider: 'litellm' }, line: ctx.callLine(call), note: 'call Router' }, call.node);
  },
};

/** `boto3.client("bedrock-runtime").converse(modelId=...)` / `.invoke_model(modelId=...)`. */
const bedrockRuntime: CallRule = {
  roots: ['boto3'],
  tails: ['client', 'Session().client', 'session.Session().client'],
  apply(ctx, call) {
    if (boto3Service(ctx, call) !== 'bedrock-runtime') return;
    const id = addModel(ctx, 'bedrock', undefined, ctx.callLine(call), 'client bedrock-runtime', call.node);
    ctx.note('provider-client', id);
  },
};

const bedrockInvoke: CallRule = {
  roots: ['boto3'],
  tails: ['client().converse', 'client().converse_stream', 'client().invoke_model', 'client().invoke_model_with_response_stream'],
  apply(ctx, call) {
    if (boto3Service(ctx, call) !== 'bedrock-runtime') return;
    const args = ctx.args(call);
    const node = kwarg(args, 'modelId')?.value;
    const name = stringArg(ctx, node);
    if (!name) return;
    const id = addModel(ctx, 'bedrock', name, ctx.line(node!), 'call bedrock model', call.node);
    ctx.note('provider-model', id);
  },
};

/** LLM APIs called over plain HTTP: the endpoint's host names the provider. */
const API_HOSTS: [RegExp, string, boolean][] = [
  [/api\.openai\.com/, 'openai', true],
  [/\.openai\.azure\.com/, 'azure-openai', true],
  [/api\.anthropic\.com/, 'anthropic', true],
  [/generativelanguage\.googleapis\.com/, 'gemini', true],
  [/aiplatform\.googleapis\.com/, 'vertex', true],
  [/api\.groq\.com/, 'groq', true],
  [/api\.mistral\.ai/, 'mistral', true],
  [/api\.cohere\.(ai|com)/, 'cohere', true],
  [/api\.together\.(xyz|ai)/, 'together', true],
  [/api\.deepseek\.com/, 'deepseek', true],
  [/api\.x\.ai/, 'xai', true],
  [/openrouter\.ai\/api/, 'openrouter', true],
  [/(api-inference|router)\.huggingface\.co/, 'huggingface', true],
  [/bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com/, 'bedrock', true],
  [/(localhost|127\.0\.0\.1):11434/, 'ollama', false],
];

/** Paths on a provider's API host that serve no model: tracing ingest, files, fine-tuning jobs, the organisation. */
const NOT_INFERENCE = /\/(?:v\d+\/)?(?:traces|tracing|files|uploads|fine_tuning|fine-tunes|organization|organizations|usage|billing|dashboard|audit_logs|admin|batches)(?:[/?#"']|$)/;

function httpEndpoints(ctx: FileContext): void {
  for (const node of ctx.treeNodes().outerStrings) {
    const text = ctx.text(node);
    // openai-agents' trace exporter posts to api.openai.com/v1/traces/ingest: a tracing endpoint, not a model.
    if (NOT_INFERENCE.test(text)) continue;
    const hit = API_HOSTS.find(([re]) => re.test(text));
    const known = hit && [...ctx.components.values()].some((c) => c.kind === 'model' && c.attributes?.provider === hit[1]);
    if (hit && !known) addModel(ctx, hit[1], undefined, ctx.line(node), 'LLM API endpoint', undefined, { hosted: hit[2] });
  }
}

/** Drop a bare `model:openai` client when this file's calls on it already name the models. */
function finish(ctx: FileContext): void {
  httpEndpoints(ctx);
  const named = new Set(ctx.noted<string>('provider-model').map((id) => ctx.component(id)?.attributes?.provider));
  for (const id of new Set(ctx.noted<string>('provider-client'))) {
    const c = ctx.component(id);
    if (!c || c.attributes?.modelName) continue;
    if (!named.has(c.attributes?.provider)) continue;
    if (ctx.edges.some((e) => e.from === id || e.to === id)) continue;
    ctx.components.delete(id);
  }
}

export const providers: RuleModule = {
  id: 'providers',
  needles: ['openai', 'anthropic', 'groq', 'mistral', 'cohere', 'together', 'ollama', 'google.genai', 'from google import genai', 'generativeai', 'generativelanguage', 'aiplatform', 'vertexai', 'huggingface', 'litellm', 'bedrock', 'fireworks', 'cerebras', 'deepseek', 'api.x.ai', 'openrouter', ':11434'],
  calls: [...CLIENTS.flatMap(clientRules), ...moduleCalls, litellmRouter, bedrockRuntime, bedrockInvoke],
  finish,
};

