import type { SyntaxNode } from '@lezer/common';
import { kwarg } from '../analysis/values.js';
import { lookup } from '../analysis/resolve.js';
import { agentRule, builtInTool, isGiven, modelRule } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/**
 * browser-use: an Agent drives a real browser for a model, on pages anyone may have written. Its built-in actions
 * navigate, click, type, run JavaScript in the page (`evaluate`) and upload to a site the host files listed in
 * `available_file_paths`. Custom actions hang off a `Tools()` (`Controller()` before 0.7) registry:
 * `@tools.action('...')`. Sites are narrowed by `allowed_domains` on the BrowserProfile or BrowserSession (on
 * BrowserContextConfig in 0.1), never on the Agent.
 */

const FW = 'browser-use';
const BU = ['browser_use'] as const;

/** Chat wrappers (`browser_use` and `browser_use.llm` export them all) and the provider each one calls. */
const CHAT_MODELS: Record<string, string> = {
  ChatOpenAI: 'openai',
  ChatAnthropic: 'anthropic',
  ChatGoogle: 'gemini',
  ChatOllama: 'ollama',
  ChatAzureOpenAI: 'azure-openai',
  ChatGroq: 'groq',
  ChatBrowserUse: 'browser-use',
  ChatAWSBedrock: 'bedrock',
  ChatAnthropicBedrock: 'bedrock',
  ChatCerebras: 'cerebras',
  ChatDeepSeek: 'deepseek',
  ChatMistral: 'mistral',
  ChatOpenRouter: 'openrouter',
  ChatVercel: 'vercel',
  ChatOpenAILike: 'openai-compatible',
};

const models: CallRule[] = [
  ...Object.entries(CHAT_MODELS).map(([tail, provider]) => modelRule({ roots: BU, tails: [tail], provider, modelArgs: ['model'], framework: FW })),
  modelRule({ roots: BU, tails: ['ChatLiteLLM'], provider: 'litellm', modelArgs: ['model'], parseProvider: true, framework: FW }),
  modelRule({ roots: BU, tails: ['ChatOCIRaw'], provider: 'oci', modelArgs: ['model_id'], framework: FW }),
];

const agent = agentRule({
  framework: FW,
  roots: BU,
  tails: ['Agent'],
  // `browser_use.beta.Agent` takes the same arguments; `browser_use.agent.service.Agent` is the same class.
  accepts: (qn) => /^browser_use(\.beta|\.agent\.service)?\.Agent$/.test(qn),
  // Agent(task, llm) is common.
  model: ['llm', 1],
  tools: ['tools', 'controller'],
  // With no llm the agent calls Browser Use's own hosted model (ChatBrowserUse).
  defaultModel: 'browser-use',
  // agent.run(max_steps=...) bounds a run; 500 steps unless set (100 before 0.6).
  defaultLimit: 500,
  extra(ctx, call, args, id) {
    const line = ctx.callLine(call);
    const files = isGiven(kwarg(args, 'available_file_paths')?.value);
    const browser = kwarg(args, 'browser_session', 'browser', 'browser_profile', 'browser_context')?.value;
    builtInTool(ctx, id, {
      suffix: 'browser',
      framework: FW,
      // Host files it may read and upload to a site, only when the code lists some.
      capabilities: files ? ['browser', 'file-read'] : ['browser'],
      attributes: { allowList: restrictsDomains(ctx, browser) },
      line,
      note: 'browser actions (navigate, click, evaluate JavaScript, upload)',
      why: 'browser-use Agent drives a browser',
    });
  },
});

/**
 * Whether the browser handed to the Agent is held to `allowed_domains`: set on the session, on the profile the
 * session is given, or on the profile (or 0.1's context config) passed straight in.
 */
function restrictsDomains(ctx: FileContext, value: SyntaxNode | undefined, depth = 0): boolean {
  const call = ctx.originCall(value);
  if (!call || depth > 3) return false;
  const args = ctx.args(call);
  if (isGiven(kwarg(args, 'allowed_domains')?.value)) return true;
  return ['browser_profile', 'config', 'browser_context_config'].some((k) => restrictsDomains(ctx, kwarg(args, k)?.value, depth + 1));
}

/**
 * `@tools.action('...')`, `@controller.registry.action('...')`: a custom action of the registry the receiver holds.
 * The action is bound to that `Tools()` call, so an Agent given the registry (`tools=tools`) uses each action.
 */
const action: DecoratorRule = {
  roots: BU,
  tails: ['action'],
  apply(ctx, fn, dec) {
    const tool = ctx.functionTool(fn, FW, dec.line, `@${dec.dotted}`);
    // The registry the receiver names where the function is defined (a `Tools()` made in a function too).
    const made = lookup(ctx.mod, fn.parent, dec.dotted.split('.')[0]!, dec.node.from).find((b) => b.kind === 'assign' && b.value)?.value;
    if (made) ctx.bindNode(made, tool);
  },
};

export const browserUse: RuleModule = {
  id: 'browser-use',
  needles: ['browser_use'],
  frameworks: [{ id: FW, roots: BU }],
  calls: [agent, ...models],
  decorators: [action],
};
