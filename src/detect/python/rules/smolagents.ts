import type { AttrValue } from '../../../model/types.js';
import { kwarg, listItems } from '../analysis/values.js';
import { agentRule, builtInTool, modelRule, stringArg, toolBaseClass, toolDecorator } from '../engine/builders.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/** smolagents: CodeAgent runs model-written Python (locally unless an executor sandbox is chosen). */

const FW = 'smolagents';
const SA = ['smolagents'] as const;
const SANDBOXES = new Set(['e2b', 'docker', 'modal', 'wasm', 'blaxel']);

const agents: CallRule[] = [
  agentRule({
    framework: FW,
    roots: SA,
    tails: ['CodeAgent'],
    model: ['model'],
    tools: ['tools'],
    delegates: ['managed_agents'],
    maxIterations: ['max_steps'],
    // A run stops after max_steps, 20 unless set.
    defaultLimit: 20,
    modelProvider: 'huggingface',
    extra(ctx, call, args, id) {
      const executor = stringArg(ctx, kwarg(args, 'executor_type')?.value) ?? 'local';
      const imports = kwarg(args, 'additional_authorized_imports')?.value;
      const wildcard = !!imports && (ctx.str(imports) === '*' || listItems(imports).some((i) => ctx.str(i) === '*'));
      const attrs: Record<string, AttrValue | undefined> = { sandboxed: SANDBOXES.has(executor), allowList: !wildcard };
      builtInTool(ctx, id, { suffix: 'python_executor', framework: FW, capabilities: ['code-exec'], attributes: attrs, line: ctx.callLine(call), note: `executor ${executor}`, why: 'CodeAgent executes code' });
    },
  }),
  agentRule({ framework: FW, roots: SA, tails: ['ToolCallingAgent', 'MultiStepAgent'], model: ['model'], tools: ['tools'], delegates: ['managed_agents'], maxIterations: ['max_steps'], defaultLimit: 20, modelProvider: 'huggingface' }),
];

const models: CallRule[] = [
  modelRule({ roots: SA, tails: ['InferenceClientModel', 'HfApiModel'], provider: 'huggingface', modelArgs: ['model_id', 0], parseProvider: false }),
  modelRule({ roots: SA, tails: ['LiteLLMModel', 'LiteLLMRouterModel'], provider: 'litellm', modelArgs: ['model_id', 0], parseProvider: true }),
  modelRule({ roots: SA, tails: ['OpenAIServerModel', 'OpenAIModel'], provider: 'openai', modelArgs: ['model_id', 0] }),
  modelRule({ roots: SA, tails: ['AzureOpenAIServerModel', 'AzureOpenAIModel'], provider: 'azure-openai', modelArgs: ['model_id', 0] }),
  modelRule({ roots: SA, tails: ['AmazonBedrockServerModel', 'AmazonBedrockModel'], provider: 'bedrock', modelArgs: ['model_id', 0] }),
  modelRule({ roots: SA, tails: ['TransformersModel', 'MLXModel', 'VLLMModel'], provider: 'transformers', modelArgs: ['model_id', 0] }),
];

const TOOLS: ToolTable = {
  PythonInterpreterTool: { caps: ['code-exec'] },
  DuckDuckGoSearchTool: { caps: ['web-search'] },
  GoogleSearchTool: { caps: ['web-search'] },
  WebSearchTool: { caps: ['web-search'] },
  ApiWebSearchTool: { caps: ['web-search'] },
  WikipediaSearchTool: { caps: ['web-search'] },
  VisitWebpageTool: { caps: ['http'] },
  SpeechToTextTool: { caps: [] },
};

export const smolagents: RuleModule = {
  id: 'smolagents',
  needles: ['smolagents'],
  frameworks: [{ id: FW, roots: SA }],
  calls: [...agents, ...models, toolClassRule(FW, SA, TOOLS)],
  decorators: [toolDecorator(FW, SA, ['tool'])],
  classes: [toolBaseClass(FW, SA, ['Tool'])],
};
