/** Provider and model id from the strings frameworks accept (`openai:gpt-4o`, `anthropic/claude-3-5`, `gpt-4o`). */

const PROVIDER_ALIASES: Record<string, string> = {
  openai: 'openai',
  azure: 'azure-openai',
  azure_openai: 'azure-openai',
  'azure-openai': 'azure-openai',
  anthropic: 'anthropic',
  bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  aws: 'bedrock',
  google: 'gemini',
  'google-gla': 'gemini',
  google_genai: 'gemini',
  'google-genai': 'gemini',
  gemini: 'gemini',
  'google-vertex': 'vertex',
  google_vertexai: 'vertex',
  vertex_ai: 'vertex',
  vertexai: 'vertex',
  vertex: 'vertex',
  ollama: 'ollama',
  ollama_chat: 'ollama',
  groq: 'groq',
  mistral: 'mistral',
  mistralai: 'mistral',
  cohere: 'cohere',
  together: 'together',
  together_ai: 'together',
  fireworks: 'fireworks',
  fireworks_ai: 'fireworks',
  deepseek: 'deepseek',
  xai: 'xai',
  openrouter: 'openrouter',
  huggingface: 'huggingface',
  perplexity: 'perplexity',
  nvidia: 'nvidia',
  nvidia_nim: 'nvidia',
  cerebras: 'cerebras',
  hosted_vllm: 'vllm',
  lm_studio: 'lm-studio',
  litellm: 'litellm',
};

const LOCAL_PROVIDERS = new Set(['ollama', 'vllm', 'lm-studio', 'transformers', 'llamacpp', 'local']);

export interface ModelRef {
  provider: string;
  modelName?: string;
}

export function normalizeProvider(p: string): string | undefined {
  return PROVIDER_ALIASES[p.toLowerCase()];
}

export function isHosted(provider: string): boolean {
  return !LOCAL_PROVIDERS.has(provider);
}

/** Guess the provider of a bare model id by its family name. */
export function providerOfModelName(name: string): string | undefined {
  const n = name.toLowerCase();
  if (/^(gpt-|gpt4|o1|o3|o4|chatgpt|text-davinci|davinci|text-embedding|dall-e|whisper|tts-)/.test(n)) return 'openai';
  if (/^claude/.test(n)) return 'anthropic';
  if (/^(gemini|models\/gemini|gemma)/.test(n)) return 'gemini';
  if (/^((us|eu|apac)\.)?(anthropic|amazon|meta|cohere|mistral|ai21|deepseek)\.[a-z]/.test(n)) return 'bedrock';
  if (/^(mistral-|mixtral|codestral|open-mistral|ministral|pixtral)/.test(n)) return 'mistral';
  if (/^(command-r|command-a|command$)/.test(n)) return 'cohere';
  if (/^deepseek-/.test(n)) return 'deepseek';
  if (/^grok-/.test(n)) return 'xai';
  return undefined;
}

/**
 * `openai:gpt-4o` (pydantic-ai, init_chat_model), `openai/gpt-4o` (LiteLLM, CrewAI), or a bare id with the
 * framework's default provider. A Hugging Face repo id (`meta-llama/Llama-3`) keeps the default provider.
 */
export function modelFromString(value: string, defaultProvider?: string): ModelRef | undefined {
  const v = value.trim();
  if (!v || v.length > 200 || /\s/.test(v) || v.includes('{')) return undefined;
  const m = /^([A-Za-z][\w-]*)[:/](.+)$/.exec(v);
  if (m) {
    const p = normalizeProvider(m[1]!);
    if (p) return { provider: p, modelName: m[2]! };
  }
  const guess = providerOfModelName(v);
  if (guess) return { provider: guess, modelName: v };
  if (defaultProvider) return { provider: defaultProvider, modelName: v };
  return undefined;
}

/** Provider of an OpenAI-compatible endpoint, from its base URL. */
export function providerOfBaseUrl(url: string): { provider: string; hosted: boolean; gateway?: string } {
  const u = url.toLowerCase();
  if (u.includes('openrouter.ai')) return { provider: 'openrouter', hosted: true, gateway: 'openrouter' };
  if (u.includes('helicone.ai')) return { provider: 'openai', hosted: true, gateway: 'helicone' };
  if (u.includes('portkey')) return { provider: 'openai', hosted: true, gateway: 'portkey' };
  if (u.includes('api.groq.com')) return { provider: 'groq', hosted: true };
  if (u.includes('deepseek.com')) return { provider: 'deepseek', hosted: true };
  if (u.includes('generativelanguage.googleapis.com')) return { provider: 'gemini', hosted: true };
  if (u.includes('together')) return { provider: 'together', hosted: true };
  if (u.includes('api.x.ai')) return { provider: 'xai', hosted: true };
  if (u.includes('mistral.ai')) return { provider: 'mistral', hosted: true };
  if (u.includes('nvidia.com')) return { provider: 'nvidia', hosted: true };
  if (u.includes(':11434')) return { provider: 'ollama', hosted: false };
  if (/\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)\b/.test(u)) return { provider: 'openai-compatible', hosted: false };
  return { provider: 'openai-compatible', hosted: true };
}
