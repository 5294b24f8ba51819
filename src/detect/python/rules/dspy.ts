import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { kwarg, type Arg } from '../analysis/values.js';
import { agentRule, builtInTool, linkModels, modelRule, wrapperToolRule, type AgentSpec } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/**
 * DSPy: modules that act. ReAct (and ReActV2, Avatar) call the model's chosen tools on the host; CodeAct,
 * ProgramOfThought, RLM and Flex run model-written Python in `dspy.PythonInterpreter` (Deno and Pyodide, no network,
 * writes or environment unless granted; 2.6+) unless `interpreter_factory` swaps it. The model is `dspy.LM("provider/
 * model")`, usually set for every module with `dspy.configure(lm=...)` rather than passed to one.
 */

const FW = 'dspy';
const DS = ['dspy'] as const;

/** The LMs a file sets for all its modules (`dspy.configure(lm=...)`, `dspy.context(lm=...)`), linked to its agents. */
const configured = new WeakMap<FileContext, SyntaxNode[]>();

const configure: CallRule = {
  roots: DS,
  tails: ['configure', 'settings.configure', 'context', 'settings.context'],
  accepts: (qn) => /^dspy(\.settings)?\.(configure|context)$/.test(qn),
  apply(ctx, call) {
    const lm = kwarg(ctx.args(call), 'lm')?.value;
    if (!lm) return;
    const list = configured.get(ctx) ?? [];
    list.push(lm);
    configured.set(ctx, list);
  },
};

/** An agent with no `lm` of its own uses the file's configured one. */
function linkConfigured(ctx: FileContext, id: string): void {
  for (const lm of configured.get(ctx) ?? []) linkModels(ctx, id, lm, 'litellm');
}

const models: CallRule[] = [
  // LiteLLM ids: "openai/gpt-4o-mini", "ollama_chat/llama3.2".
  modelRule({ roots: DS, tails: ['LM'], provider: 'litellm', modelArgs: ['model', 0], parseProvider: true, framework: FW }),
  // The clients before 2.6.
  modelRule({ roots: DS, tails: ['OpenAI'], provider: 'openai', modelArgs: ['model'], framework: FW }),
  modelRule({ roots: DS, tails: ['AzureOpenAI'], provider: 'azure-openai', modelArgs: ['model', 'deployment_id'], framework: FW }),
  modelRule({ roots: DS, tails: ['Claude'], provider: 'anthropic', modelArgs: ['model'], framework: FW }),
  modelRule({ roots: DS, tails: ['OllamaLocal'], provider: 'ollama', modelArgs: ['model', 0], framework: FW }),
  modelRule({ roots: DS, tails: ['GROQ'], provider: 'groq', modelArgs: ['model'], framework: FW }),
  modelRule({ roots: DS, tails: ['Google'], provider: 'gemini', modelArgs: ['model'], framework: FW }),
];

const base: Omit<AgentSpec, 'tails'> = {
  framework: FW,
  roots: DS,
  maxIterations: ['max_iters'],
};

const PYTHON_INTERPRETER = /^dspy(\.primitives(\.python_interpreter)?)?\.PythonInterpreter(\(\))?$/;

/**
 * The sandbox a code-writing module runs its code in, as a tool of the module: a PythonInterpreter made here (with
 * what it grants), the default one (`interpreter_factory=dspy.PythonInterpreter`, or none given), or one of the
 * code's own, which may be anything.
 */
function interpreter(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  const line = ctx.callLine(call);
  const given = kwarg(args, 'interpreter_factory', 'interpreter')?.value;
  const made = given?.name === 'LambdaExpression' ? given.lastChild ?? undefined : given;
  const built = made && ctx.originCall(made);
  if (built && PYTHON_INTERPRETER.test(ctx.qn(built) ?? '')) {
    for (const t of ctx.targets(made)) if (t.t === 'id') ctx.edge(id, t.id, 'uses-tool', line, 'runs model-written code');
    return;
  }
  const standard = !made || PYTHON_INTERPRETER.test(ctx.qnOfNode(made) ?? '');
  const note = standard ? 'PythonInterpreter (Deno/Pyodide)' : 'interpreter given';
  builtInTool(ctx, id, { suffix: 'interpreter', framework: FW, capabilities: ['code-exec'], attributes: { sandboxed: standard }, line, note, why: 'runs model-written code' });
}

/** A code-writing module: the file's configured model, and the interpreter its code runs in. */
function codeWriting(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  linkConfigured(ctx, id);
  interpreter(ctx, call, args, id);
}

const agents: CallRule[] = [
  // Default steps: 20 since 3.1.1 (5, then 10, before).
  agentRule({ ...base, tails: ['ReAct', 'ReActV2'], tools: ['tools', 1], defaultLimit: 20, extra: (ctx, _call, _args, id) => linkConfigured(ctx, id) }),
  agentRule({ ...base, tails: ['Avatar'], accepts: (qn) => /^dspy(\.predict\.avatar)?\.Avatar$/.test(qn), tools: ['tools', 1], defaultLimit: 3, extra: (ctx, _c, _a, id) => linkConfigured(ctx, id) }),
  ...(
    [
      ['CodeAct', 5],
      ['ProgramOfThought', 3],
      ['RLM', 20],
    ] as const
  ).map(([tail, limit]) =>
    agentRule({
      ...base,
      tails: [tail],
      // RLM calls its tools back on the host; CodeAct copies its into the sandbox, where they are the interpreter's.
      tools: tail === 'RLM' ? ['tools'] : [],
      model: ['sub_lm'],
      defaultLimit: limit,
      extra: codeWriting,
    }),
  ),
  agentRule({
    ...base,
    tails: ['Flex'],
    tools: ['tools'],
    maxIterations: ['max_predictor_calls'],
    defaultLimit: 100,
    extra: codeWriting,
  }),
];

const TOOLS: ToolTable = {
  PythonInterpreter: {
    caps: ['code-exec'],
    sandboxed: true,
    refine(ctx, _call, args) {
      const caps = ['code-exec'];
      if (kwarg(args, 'enable_network_access')) caps.push('http');
      if (kwarg(args, 'enable_write_paths')) caps.push('file-write');
      if (kwarg(args, 'enable_read_paths')) caps.push('file-read');
      // Its own Deno flags may grant anything.
      return { caps, attributes: { sandboxed: !kwarg(args, 'deno_command') } };
    },
  },
};

export const dspy: RuleModule = {
  id: 'dspy',
  needles: ['dspy'],
  frameworks: [{ id: FW, roots: DS }],
  calls: [configure, ...models, ...agents, toolClassRule(FW, DS, TOOLS), wrapperToolRule(FW, DS, ['Tool'], ['func', 0])],
};
