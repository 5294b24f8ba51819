import type { NewComponent } from './out.js';
import { RUN_TIME_PROVIDER } from '../run-time-model.js';

const LOCAL_PROVIDERS = new Set(['ollama', 'lmstudio', 'llamacpp', 'vllm', 'transformers-js']);

/** Provider aliases as they appear in model-router strings (`openai/gpt-4o`, `anthropic:claude-...`). */
const PROVIDER_ALIASES: Record<string, string> = {
  google: 'gemini',
  'google-vertex': 'vertex',
  vertexai: 'vertex',
  'amazon-bedrock': 'bedrock',
  azure: 'azure-openai',
  'azure-openai': 'azure-openai',
  'azure_openai': 'azure-openai',
  google_genai: 'gemini',
  google_vertexai: 'vertex',
  bedrock_converse: 'bedrock',
  mistralai: 'mistral',
  xai: 'xai',
};

export function normaliseProvider(p: string): string {
  const k = p.toLowerCase();
  return PROVIDER_ALIASES[k] ?? k;
}

/** Provider from a bare model id (`gpt-4o`, `claude-3-5-sonnet`, `gemini-2.0-flash`). */
export function providerOfModelName(name: string): string | undefined {
  const n = name.toLowerCase();
  if (/^(gpt-|o[1-9](-|$)|chatgpt|text-embedding|dall-e|whisper|tts-|davinci|babbage|computer-use)/.test(n)) return 'openai';
  if (n.startsWith('claude')) return 'anthropic';
  if (n.startsWith('gemini') || n.startsWith('text-embedding-004') || n.startsWith('gemma')) return 'gemini';
  if (n.startsWith('mistral') || n.startsWith('codestral') || n.startsWith('pixtral') || n.startsWith('ministral')) return 'mistral';
  if (n.startsWith('command-')) return 'cohere';
  if (n.startsWith('grok')) return 'xai';
  if (n.startsWith('deepseek')) return 'deepseek';
  if (/^(anthropic|amazon|meta|cohere|ai21|mistral)\.[a-z]/.test(n) || /^(us|eu|apac)\.(anthropic|amazon|meta)\./.test(n)) return 'bedrock';
  return undefined;
}

/**
 * A model component: repo-global, named `provider/model` (or just the provider when the model is not a literal).
 * Model-router strings (`openai/gpt-4o`, `openai:gpt-4o`) carry their provider.
 */
export function modelComponent(provider: string | undefined, modelName: string | undefined, framework?: string): NewComponent | undefined {
  let p = provider;
  let m = modelName?.trim() || undefined;
  if (m && /\{\{|\$\{/.test(m)) m = undefined; // template placeholders are not model ids
  if (!p && m) {
    const split = splitRouterString(m);
    if (split) [p, m] = split;
    else p = providerOfModelName(m);
  }
  if (!p) return undefined;
  p = normaliseProvider(p);
  // Where a run-time model runs is as unknown as which it is.
  const attributes: Record<string, string | boolean> = p === RUN_TIME_PROVIDER ? { provider: p } : { provider: p, hosted: !LOCAL_PROVIDERS.has(p) };
  if (m) attributes.modelName = m;
  const c: NewComponent = { kind: 'model', name: m ? `${p}/${m}` : p, global: true, attributes };
  if (framework) c.framework = framework;
  return c;
}

/** `openai/gpt-4o` or `openai:gpt-4o` -> [provider, model]; undefined for bare ids and HF-style `org/model`. */
export function splitRouterString(s: string): [string, string] | undefined {
  const m = /^([a-z][a-z0-9_-]*)[/:](.+)$/i.exec(s);
  if (!m) return undefined;
  const prov = m[1]!.toLowerCase();
  const known = ['openai', 'anthropic', 'google', 'gemini', 'vertex', 'google-vertex', 'bedrock', 'amazon-bedrock', 'azure', 'azure-openai', 'ollama', 'groq', 'mistral', 'mistralai', 'xai', 'deepseek', 'cohere', 'togetherai', 'fireworks', 'perplexity', 'openrouter', 'cerebras', 'google_genai', 'google_vertexai', 'bedrock_converse', 'azure_openai', 'lmstudio', 'huggingface'];
  return known.includes(prov) ? [prov, m[2]!] : undefined;
}
