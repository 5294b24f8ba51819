import { kwarg, positional, readArgs } from '../analysis/values.js';
import { agentRule, linkModels, linkTools, modelRule } from '../engine/builders.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/** Semantic Kernel: agents, chat services, plugins (@kernel_function methods), kernels that carry services/plugins. */

const FW = 'semantic-kernel';
const SK = ['semantic_kernel'] as const;

const SERVICES: Record<string, string> = {
  OpenAIChatCompletion: 'openai',
  OpenAITextCompletion: 'openai',
  AzureChatCompletion: 'azure-openai',
  AzureTextCompletion: 'azure-openai',
  AzureAIInferenceChatCompletion: 'azure-ai',
  OllamaChatCompletion: 'ollama',
  GoogleAIChatCompletion: 'gemini',
  VertexAIChatCompletion: 'vertex',
  AnthropicChatCompletion: 'anthropic',
  BedrockChatCompletion: 'bedrock',
  MistralAIChatCompletion: 'mistral',
  HuggingFaceTextCompletion: 'transformers',
  OnnxGenAIChatCompletion: 'onnx',
};

const services: CallRule[] = Object.entries(SERVICES).map(([cls, provider]) =>
  modelRule({ roots: SK, tails: [cls], provider, modelArgs: ['ai_model_id', 'deployment_name', 'gemini_model_id', 'model_id', 'model'] }),
);

/** Methods called on a kernel variable: `kernel.add_service(svc)`, `kernel.add_plugin(Plugin(), "name")`. */
function kernelCalls(ctx: import('../engine/context.js').FileContext, kernelNode: import('@lezer/common').SyntaxNode, method: string) {
  const name = ctx.text(kernelNode);
  return ctx.mod.calls.filter((c) => {
    const callee = c.callee;
    return callee.name === 'MemberExpression' && callee.firstChild && ctx.text(callee.firstChild) === name && callee.lastChild && ctx.text(callee.lastChild) === method;
  });
}

const agents = agentRule({
  framework: FW,
  roots: SK,
  tails: ['ChatCompletionAgent', 'AzureAIAgent', 'OpenAIAssistantAgent', 'AzureAssistantAgent', 'OpenAIResponsesAgent', 'BedrockAgent', 'CopilotStudioAgent'],
  model: ['service'],
  tools: ['plugins', 'functions'],
  extra(ctx, _call, args, id) {
    const kernel = kwarg(args, 'kernel')?.value;
    if (kernel?.name !== 'VariableName') return;
    for (const c of kernelCalls(ctx, kernel, 'add_service')) {
      const svc = positional(readArgs(ctx.mod, c.args), 0)?.value;
      if (svc) linkModels(ctx, id, svc);
    }
    for (const c of kernelCalls(ctx, kernel, 'add_plugin')) {
      const plugin = positional(readArgs(ctx.mod, c.args), 0)?.value ?? kwarg(readArgs(ctx.mod, c.args), 'plugin')?.value;
      if (plugin) linkTools(ctx, id, plugin, FW);
    }
  },
});

const groups = agentRule({
  framework: FW,
  roots: SK,
  tails: ['AgentGroupChat', 'SequentialOrchestration', 'ConcurrentOrchestration', 'HandoffOrchestration', 'GroupChatOrchestration', 'MagenticOrchestration'],
  delegates: ['agents', 'members', 0],
});

/** A `@kernel_function` method makes its class a plugin: one tool per class, capabilities from all its methods. */
const kernelFunction: DecoratorRule = {
  roots: SK,
  tails: ['kernel_function'],
  apply(ctx, fn, dec) {
    if (fn.cls) ctx.functionTool(fn.cls, FW, fn.cls.line, 'plugin class');
    else ctx.functionTool(fn, FW, dec.line, `@${dec.dotted}`);
  },
};

export const semanticKernel: RuleModule = {
  id: 'semantic-kernel',
  needles: ['semantic_kernel'],
  frameworks: [{ id: FW, roots: SK }],
  calls: [...services, agents, groups],
  decorators: [kernelFunction],
};

