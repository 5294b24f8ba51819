import type { ts } from 'ts-morph';
import { type CallSite, type Cx, type Rule, SLOT } from '../context.js';
import { packageOf } from '../frameworks.js';
import { modelComponent } from '../models.js';
import type { NewComponent } from '../out.js';
import { addTool, inPackage } from './util.js';

/** Vercel AI SDK provider packages -> provider id. */
const AI_SDK_PROVIDERS: Record<string, string> = {
  '@ai-sdk/openai': 'openai',
  '@ai-sdk/anthropic': 'anthropic',
  '@ai-sdk/google': 'gemini',
  '@ai-sdk/google-vertex': 'vertex',
  '@ai-sdk/amazon-bedrock': 'bedrock',
  '@ai-sdk/azure': 'azure-openai',
  '@ai-sdk/mistral': 'mistral',
  '@ai-sdk/groq': 'groq',
  '@ai-sdk/xai': 'xai',
  '@ai-sdk/deepseek': 'deepseek',
  '@ai-sdk/cohere': 'cohere',
  '@ai-sdk/togetherai': 'togetherai',
  '@ai-sdk/fireworks': 'fireworks',
  '@ai-sdk/perplexity': 'perplexity',
  '@ai-sdk/cerebras': 'cerebras',
  '@ai-sdk/openai-compatible': 'openai-compatible',
  '@ai-sdk/deepinfra': 'deepinfra',
  '@ai-sdk/huggingface': 'huggingface',
  'ollama-ai-provider': 'ollama',
  'ollama-ai-provider-v2': 'ollama',
  '@openrouter/ai-sdk-provider': 'openrouter',
  'workers-ai-provider': 'cloudflare',
  '@ai-sdk/gateway': 'gateway',
};

const PROVIDER_METHODS = ['chat', 'responses', 'completion', 'languageModel', 'embedding', 'textEmbeddingModel', 'textEmbedding', 'embeddingModel', 'image', 'imageModel', 'transcription', 'speech', 'messages', 'chatModel'];

/** Provider-defined tools (`openai.tools.webSearch()`, `anthropic.tools.bash_20250124(...)`). */
function providerToolCapabilities(name: string): string[] {
  const n = name.toLowerCase();
  if (n.includes('search') && !n.includes('file')) return ['web-search'];
  if (n.startsWith('bash') || n.includes('shell')) return ['shell'];
  if (n.includes('codeinterpreter') || n.includes('code_execution') || n.includes('codeexecution')) return ['code-exec'];
  if (n.includes('computer')) return ['browser'];
  if (n.includes('texteditor') || n.includes('text_editor') || n.includes('applypatch')) return ['file-write'];
  if (n.includes('webfetch') || n.includes('web_fetch') || n.includes('urlcontext')) return ['http'];
  if (n.includes('filesearch')) return ['file-read'];
  return [];
}

function aiSdkProvider(cx: Cx, site: CallSite, provider: string): void {
  const p = site.origin.path;
  const head = p[0] ?? '';
  const isFactory = head.startsWith('create');
  // createOpenAI({...}) itself only configures; the model is the call of its result.
  const rest = isFactory ? (p[1] === '()' ? p.slice(2) : undefined) : p.slice(1);
  if (!rest) return;
  if (rest[0] === 'tools' && rest.length === 3 && rest[2] === '()') {
    const toolName = rest[1]!;
    const options = site.args[0];
    const impl = options && cx.a.propValue(cx.a.objectLiteral(options) ?? options, 'execute');
    const name = cx.a.bindingName(site.node) ?? cx.factoryName(site.node) ?? `${provider}.${toolName}`;
    const id = addTool(cx, site, { framework: 'vercel-ai', options, impl, name, capabilities: providerToolCapabilities(toolName), attributes: { providerTool: `${provider}.${toolName}` } }, 'provider tool');
    // the provider runs its code interpreter in its own sandbox
    if (/codeinterpreter|code_execution|codeexecution/i.test(toolName)) cx.out.attr(id, 'sandboxed', true);
    return;
  }
  const direct = rest.length === 1 && rest[0] === '()';
  const method = rest.length === 2 && PROVIDER_METHODS.includes(rest[0]!) && rest[1] === '()';
  if (!direct && !method) return;
  const modelId = cx.a.constValue(site.args[0]);
  const mc = provider === 'gateway' || provider === 'openrouter' ? gatewayModel(modelId, provider) : modelComponent(provider, modelId, 'vercel-ai');
  if (mc) cx.out.add(mc, site.line, 'model', site.node);
}

function gatewayModel(modelId: string | undefined, gateway: string): NewComponent {
  // a model chosen at run time through a gateway: the gateway is what the code shows
  if (modelId === undefined || /\{\{|\$\{/.test(modelId)) {
    const name = gateway === 'gateway' ? 'vercel-ai-gateway' : gateway;
    return { kind: 'llm-gateway', name, global: true, framework: 'vercel-ai', attributes: { provider: name } };
  }
  const mc = modelComponent(undefined, modelId, 'vercel-ai') ?? modelComponent(gateway, modelId, 'vercel-ai')!;
  mc.attributes = { ...mc.attributes, gateway: gateway === 'gateway' ? 'vercel-ai-gateway' : gateway };
  return mc;
}

/** LangChain chat and embedding model classes -> provider. */
const LANGCHAIN_MODELS: Record<string, string> = {
  ChatOpenAI: 'openai',
  OpenAI: 'openai',
  OpenAIEmbeddings: 'openai',
  AzureChatOpenAI: 'azure-openai',
  AzureOpenAIEmbeddings: 'azure-openai',
  ChatAnthropic: 'anthropic',
  ChatGoogleGenerativeAI: 'gemini',
  GoogleGenerativeAIEmbeddings: 'gemini',
  ChatVertexAI: 'vertex',
  VertexAIEmbeddings: 'vertex',
  ChatBedrockConverse: 'bedrock',
  BedrockChat: 'bedrock',
  BedrockEmbeddings: 'bedrock',
  ChatOllama: 'ollama',
  Ollama: 'ollama',
  OllamaEmbeddings: 'ollama',
  ChatGroq: 'groq',
  ChatMistralAI: 'mistral',
  MistralAIEmbeddings: 'mistral',
  ChatCohere: 'cohere',
  CohereEmbeddings: 'cohere',
  ChatFireworks: 'fireworks',
  ChatTogetherAI: 'togetherai',
  ChatDeepSeek: 'deepseek',
  ChatXAI: 'xai',
  ChatCerebras: 'cerebras',
  HuggingFaceInference: 'huggingface',
  HuggingFaceInferenceEmbeddings: 'huggingface',
  ChatWatsonx: 'watsonx',
};

const MODEL_KEYS = ['model', 'modelName', 'modelId', 'model_id', 'deploymentName', 'azureOpenAIApiDeploymentName'];

function literalModelOf(cx: Cx, options: ts.Expression | undefined): string | undefined {
  for (const k of MODEL_KEYS) {
    const v = cx.a.constValue(cx.a.propValue(options, k));
    if (v !== undefined) return v;
  }
  return undefined;
}

function langchainModel(cx: Cx, site: CallSite): void {
  const p = site.origin.path;
  if (p.length === 2 && p[1] === '()' && LANGCHAIN_MODELS[p[0]!]) {
    const options = site.args[0] && (cx.a.objectLiteral(site.args[0]) ?? site.args[0]);
    const mc = modelComponent(LANGCHAIN_MODELS[p[0]!], literalModelOf(cx, options), 'langchain');
    if (mc) cx.out.add(mc, site.line, 'model', site.node);
    return;
  }
  if (p.length === 2 && p[0] === 'initChatModel' && p[1] === '()') {
    const name = cx.a.constValue(site.args[0]);
    const options = site.args[1] && cx.a.objectLiteral(site.args[1]);
    const provider = cx.a.constValue(cx.a.propValue(options, 'modelProvider'));
    const mc = modelComponent(provider, name, 'langchain');
    if (mc) cx.out.add(mc, site.line, 'model', site.node);
  }
}

interface SdkSpec {
  provider: string;
  /** Export names that construct a client (`''` = the default export itself). */
  clients: string[];
  modelKeys: string[];
}

/** Provider SDKs used directly: a client construction, and calls that name a model. */
const SDKS: Record<string, SdkSpec> = {
  openai: { provider: 'openai', clients: ['', 'OpenAI', 'AzureOpenAI'], modelKeys: ['model'] },
  '@anthropic-ai/sdk': { provider: 'anthropic', clients: ['', 'Anthropic'], modelKeys: ['model'] },
  '@anthropic-ai/bedrock-sdk': { provider: 'bedrock', clients: ['', 'AnthropicBedrock'], modelKeys: ['model'] },
  '@anthropic-ai/vertex-sdk': { provider: 'vertex', clients: ['', 'AnthropicVertex'], modelKeys: ['model'] },
  '@google/genai': { provider: 'gemini', clients: ['GoogleGenAI'], modelKeys: ['model'] },
  '@google/generative-ai': { provider: 'gemini', clients: ['GoogleGenerativeAI'], modelKeys: ['model'] },
  '@google-cloud/vertexai': { provider: 'vertex', clients: ['VertexAI'], modelKeys: ['model'] },
  'groq-sdk': { provider: 'groq', clients: ['', 'Groq'], modelKeys: ['model'] },
  '@mistralai/mistralai': { provider: 'mistral', clients: ['Mistral', 'MistralClient', ''], modelKeys: ['model'] },
  'cohere-ai': { provider: 'cohere', clients: ['CohereClient', 'CohereClientV2'], modelKeys: ['model'] },
  ollama: { provider: 'ollama', clients: ['Ollama'], modelKeys: ['model'] },
  '@aws-sdk/client-bedrock-runtime': { provider: 'bedrock', clients: ['BedrockRuntimeClient', 'BedrockRuntime'], modelKeys: ['modelId'] },
  '@huggingface/inference': { provider: 'huggingface', clients: ['HfInference', 'InferenceClient'], modelKeys: ['model'] },
  '@azure/openai': { provider: 'azure-openai', clients: ['OpenAIClient', 'AzureOpenAI'], modelKeys: ['model', 'deployment'] },
  replicate: { provider: 'replicate', clients: ['', 'Replicate'], modelKeys: ['model'] },
  'together-ai': { provider: 'togetherai', clients: ['', 'Together'], modelKeys: ['model'] },
};

/** A base URL that points an OpenAI-compatible client at another provider or a gateway. */
function providerOfBaseUrl(url: string): string | undefined {
  if (url.includes('openrouter.ai')) return 'openrouter';
  if (url.includes(':11434')) return 'ollama';
  if (url.includes('api.groq.com')) return 'groq';
  if (url.includes('generativelanguage.googleapis.com')) return 'gemini';
  if (url.includes('api.deepseek.com')) return 'deepseek';
  if (url.includes('api.x.ai')) return 'xai';
  if (url.includes('api.together')) return 'togetherai';
  if (url.includes('openai.azure.com')) return 'azure-openai';
  if (url.includes(':1234')) return 'lmstudio';
  return undefined;
}

interface SdkState {
  clientSites: { site: CallSite; provider: string }[];
  modelsByProvider: Set<string>;
  baseProvider: Map<string, string>;
}
const states = new WeakMap<Cx, SdkState>();
function stateOf(cx: Cx): SdkState {
  let s = states.get(cx);
  if (!s) states.set(cx, (s = { clientSites: [], modelsByProvider: new Set(), baseProvider: new Map() }));
  return s;
}

function sdkCall(cx: Cx, site: CallSite, pkg: string, spec: SdkSpec): void {
  const p = site.origin.path;
  const st = stateOf(cx);
  const isClient = (p.length === 1 && p[0] === '()' && spec.clients.includes('')) || (p.length === 2 && p[1] === '()' && spec.clients.includes(p[0]!));
  if (isClient) {
    const options = site.args[0] && cx.a.objectLiteral(site.args[0]);
    const base = cx.a.constValue(cx.a.propValue(options, 'baseURL')) ?? cx.a.constValue(cx.a.propValue(options, 'baseUrl')) ?? cx.a.constValue(cx.a.propValue(options, 'host'));
    const provider = (base && providerOfBaseUrl(base)) ?? (p[0] === 'AzureOpenAI' ? 'azure-openai' : spec.provider);
    if (base?.includes('helicone.ai')) cx.out.add({ kind: 'observability', name: 'helicone', global: true, attributes: { vendor: 'helicone', logsPrompts: true } }, site.line, 'helicone proxy');
    st.baseProvider.set(pkg, provider);
    st.clientSites.push({ site, provider });
    return;
  }
  // client.chat.completions.create({ model }), new ConverseCommand({ modelId }), genAI.getGenerativeModel({ model })
  if (p[p.length - 1] !== '()') return;
  if (pkg === 'openai' && p.includes('moderations')) return;
  const provider = st.baseProvider.get(pkg) ?? spec.provider;
  for (const arg of site.args.slice(0, 2)) {
    const options = cx.a.objectLiteral(arg);
    for (const key of spec.modelKeys) {
      const m = cx.a.constValue(cx.a.propValue(options, key));
      if (m === undefined) continue;
      const mc = modelComponent(provider, m, undefined);
      const id = mc ? cx.out.add(mc, cx.a.line(cx.a.prop(options, key)!), 'model', site.node) : undefined;
      if (id) st.modelsByProvider.add(provider);
      if (options) toolLoop(cx, site, pkg, provider, options, id);
      return;
    }
  }
  const options = site.args[0] && cx.a.objectLiteral(site.args[0]);
  if (options) toolLoop(cx, site, pkg, provider, options, undefined);
}

/** The SDK methods that answer with tool calls when handed tools. */
const TOOL_CALLING = new Set(['messages.create', 'messages.stream', 'completions.create', 'completions.stream', 'responses.create', 'responses.stream']);

/**
 * An agent written on a provider SDK without a framework: `anthropic.messages.create({ model, tools })`, the app
 * running what the model asks for (as Python's sdk-tool-loop.ts). Named after the function that makes the call;
 * its tools those the call names, and when the code computes the list (`tools: toolsFor(user)`) it says so
 * (`toolsComputed`), for the model build to link its provider's own tools defined beside it.
 */
function toolLoop(cx: Cx, site: CallSite, pkg: string, provider: string, options: ts.ObjectLiteralExpression, modelId: string | undefined): void {
  const names = site.origin.path.filter((x) => x !== '()');
  const method = names.slice(-2).join('.');
  const tools = cx.a.propValue(options, 'tools');
  if (!TOOL_CALLING.has(method) || !tools) return;
  const sdk = pkg.startsWith('@anthropic-ai/') ? 'anthropic' : pkg;
  const encl = cx.a.enclosingName(site.node);
  const id = cx.out.add({ kind: 'agent', name: encl ? `${encl}.${method}` : cx.nameFor(site.node, method, options), framework: sdk }, site.line, `${sdk} SDK call with tools`, site.node);
  const client = modelId ? undefined : modelComponent(provider, undefined, undefined);
  const model = modelId ?? (client && cx.out.add(client, site.line, 'model client'));
  if (model) cx.out.edge(id, model, 'uses-model', site.line);
  cx.linkProp(id, options, ['tools'], SLOT.tools);
  if (!writtenOut(cx, tools)) cx.out.attr(id, 'toolsComputed', true, site.line);
}

/** An array literal, directly or as a name's initializer (`const tools = [...]`). */
function writtenOut(cx: Cx, expr: ts.Expression): boolean {
  const t = cx.ts;
  const e = cx.a.unwrap(expr);
  if (t.isArrayLiteralExpression(e)) return true;
  const init = t.isIdentifier(e) ? cx.a.initializerOf(e) : undefined;
  return !!init && t.isArrayLiteralExpression(cx.a.unwrap(init));
}

/** Anthropic-defined tool types: the app declares `{ type: 'bash_20250124', name: 'bash' }` and runs what the model asks. */
const ANTHROPIC_TOOL_TYPE = /^(bash|computer|text_editor|code_execution|web_search|web_fetch)_\d{8}$/;

function anthropicToolObjects(cx: Cx): void {
  if (!cx.a.moduleUses.some((u) => !u.typeOnly && u.module.startsWith('@anthropic-ai/'))) return;
  const t = cx.ts;
  const visit = (n: ts.Node): void => {
    if (t.isObjectLiteralExpression(n)) {
      const typeProp = cx.a.prop(n, 'type');
      const type = cx.a.stringValue(cx.a.propValue(n, 'type'));
      if (typeProp && type && ANTHROPIC_TOOL_TYPE.test(type)) {
        const name = cx.a.stringValue(cx.a.propValue(n, 'name')) ?? type;
        const id = addTool(cx, { node: n, line: cx.a.line(typeProp) }, { framework: 'anthropic', name, capabilities: providerToolCapabilities(type.replace(/_/g, '')), attributes: { providerTool: `anthropic.${type}` } }, 'anthropic tool type');
        if (type.startsWith('code_execution')) cx.out.attr(id, 'sandboxed', true);
      }
    }
    t.forEachChild(n, visit);
  };
  visit(cx.a.sf);
}

export const providerRules: Rule = {
  id: 'providers',
  appliesTo: (m) => AI_SDK_PROVIDERS[packageOf(m)] !== undefined || inPackage(m, '@langchain', 'langchain') || SDKS[packageOf(m)] !== undefined || m === 'ai',
  onCall(site, cx) {
    const pkg = packageOf(site.origin.module);
    const prov = AI_SDK_PROVIDERS[pkg];
    if (prov) return aiSdkProvider(cx, site, prov);
    if (pkg === 'ai' && site.origin.path[0] === 'gateway') {
      const mc = gatewayModel(cx.a.constValue(site.args[0]), 'gateway');
      if (mc) cx.out.add(mc, site.line, 'model', site.node);
      return;
    }
    if (pkg.startsWith('@langchain/') || pkg === 'langchain') return langchainModel(cx, site);
    const sdk = SDKS[pkg];
    if (sdk) sdkCall(cx, site, pkg, sdk);
  },
  afterCalls(cx) {
    anthropicToolObjects(cx);
    // A client whose calls never name a literal model still reaches the provider.
    const st = states.get(cx);
    if (!st) return;
    for (const { site, provider } of st.clientSites) {
      if (st.modelsByProvider.has(provider)) continue;
      const mc = modelComponent(provider, undefined, undefined);
      if (mc) cx.out.add(mc, site.line, 'model client', site.node);
    }
  },
};
