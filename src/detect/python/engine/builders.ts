import type { SyntaxNode } from '@lezer/common';
import { RUN_TIME_PROVIDER } from '../../run-time-model.js';
import type { AttrValue } from '../../../model/types.js';
import type { CallInfo } from '../analysis/module.js';
import { boolValue, isSequence, kwarg, listItems, numberValue, positional, type Arg } from '../analysis/values.js';
import type { FileContext, Made, Target } from './context.js';
import { isHosted, modelFromString, providerOfBaseUrl } from './models.js';
import type { CallRule, ClassRule, DecoratorRule } from './types.js';

/** An argument by keyword name or positional index. */
export type Sel = string | number;

export function argValues(args: Arg[], sels: readonly Sel[] | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const s of sels ?? []) {
    const a = typeof s === 'number' ? positional(args, s) : kwarg(args, s);
    if (a && !out.some((n) => n.from === a.value.from)) out.push(a.value);
  }
  return out;
}

/** Targets of an argument with the line that shows each one at the call site (list items on their own line). */
export function argTargets(ctx: FileContext, value: SyntaxNode): { t: Target; line: number }[] {
  const items = isSequence(value) ? listItems(value) : [value];
  return items.flatMap((item) => ctx.targets(item).map((t) => ({ t, line: ctx.line(item) })));
}

export function kindOf(ctx: FileContext, id: string): string | undefined {
  return ctx.component(id)?.kind;
}

/** The number an argument holds, directly or through a module constant. */
export function numberArg(ctx: FileContext, node: SyntaxNode | undefined): number | undefined {
  if (!node) return undefined;
  const direct = numberValue(ctx.mod, node);
  if (direct !== undefined) return direct;
  if (node.name === 'VariableName') {
    const b = ctx.mod.module.bindings.get(ctx.text(node))?.find((x) => x.kind === 'assign');
    return b?.value ? numberValue(ctx.mod, b.value) : undefined;
  }
  return undefined;
}

/** The string an argument holds, directly or through a constant assigned in scope. */
export function stringArg(ctx: FileContext, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const direct = ctx.str(node);
  if (direct !== undefined) return direct;
  for (const t of ctx.targets(node)) if (t.t === 'str') return t.value;
  return undefined;
}

/** An argument that sets something: not `None`, and not an empty list, tuple, set or dict written out. */
export function isGiven(node: SyntaxNode | undefined): node is SyntaxNode {
  if (!node || node.name === 'None') return false;
  if (node.name === 'DictionaryExpression') return !!node.firstChild?.nextSibling && node.firstChild.nextSibling.name !== '}';
  return !isSequence(node) || listItems(node).length > 0;
}

export function boolArg(ctx: FileContext, node: SyntaxNode | undefined): boolean | undefined {
  return boolValue(ctx.mod, node);
}

// ---- models ----------------------------------------------------------------------------------------------------

export function addModel(
  ctx: FileContext,
  provider: string,
  modelName: string | undefined,
  evLine: number,
  note: string,
  node?: SyntaxNode,
  extra: Record<string, AttrValue | undefined> = {},
): string {
  // A name still holding format placeholders (`projects/{project}/...`) is not a literal model id.
  if (modelName && (/[{}\s]/.test(modelName) || modelName.length > 200)) modelName = undefined;
  const name = modelName ? `${provider}/${modelName}` : provider;
  // Where a run-time model runs is as unknown as which it is.
  const attrs: Record<string, AttrValue | undefined> = { provider, hosted: provider === RUN_TIME_PROVIDER ? undefined : isHosted(provider), ...extra };
  if (modelName) attrs.modelName = modelName;
  return ctx.add({ kind: 'model', name, attributes: attrs, line: evLine, note }, node);
}

/** `None`, a number, a boolean or a plain string: nothing computed (a string names its model, or none we know). */
function isLiteral(value: SyntaxNode): boolean {
  return ['None', 'Number', 'Boolean', 'String'].includes(value.name);
}

export interface ModelSpec {
  roots: readonly string[];
  tails: readonly string[];
  accepts?(qn: string): boolean;
  provider: string | ((ctx: FileContext, call: CallInfo, args: Arg[]) => string | undefined);
  /** Where the model id sits (`model`, `model_name`, 0). */
  modelArgs?: readonly Sel[];
  /** Strings like `openai:gpt-4o` decide the provider themselves. */
  parseProvider?: boolean;
  framework?: string;
}

export function modelRule(spec: ModelSpec): CallRule {
  const rule: CallRule = {
    roots: spec.roots,
    tails: spec.tails,
    apply(ctx, call, qn) {
      const args = ctx.args(call);
      let provider = typeof spec.provider === 'string' ? spec.provider : spec.provider(ctx, call, args);
      const raw = argValues(args, spec.modelArgs ?? ['model', 'model_name']).map((n) => stringArg(ctx, n)).find((s) => s !== undefined);
      let modelName = raw;
      if (raw && spec.parseProvider) {
        const parsed = modelFromString(raw, provider);
        if (parsed) {
          provider = parsed.provider;
          modelName = parsed.modelName;
        }
      }
      // `init_chat_model(settings.model)`: a model all the same, from a provider chosen at run time.
      provider ??= RUN_TIME_PROVIDER;
      const extra: Record<string, AttrValue | undefined> = {};
      const base = stringArg(ctx, kwarg(args, 'base_url', 'openai_api_base', 'api_base', 'base_url_override')?.value);
      if (base && /^(openai|azure-openai|openai-compatible)$/.test(provider)) {
        const via = providerOfBaseUrl(base);
        provider = via.provider;
        extra.hosted = via.hosted;
        if (via.gateway) addGateway(ctx, via.gateway, ctx.callLine(call));
      }
      const tail = qn.slice(qn.lastIndexOf('.') + 1);
      addModel(ctx, provider, modelName, ctx.callLine(call), `call ${tail}`, call.node, extra);
      if (spec.framework) ctx.credit(spec.framework, ctx.callLine(call), `call ${tail}`);
    },
  };
  if (spec.accepts) rule.accepts = spec.accepts;
  return rule;
}

function addGateway(ctx: FileContext, provider: string, evLine: number): void {
  ctx.add({ kind: 'llm-gateway', name: provider, attributes: { provider }, line: evLine, note: 'base_url' });
}

// ---- agents ----------------------------------------------------------------------------------------------------

export interface AgentSpec {
  framework: string;
  roots: readonly string[];
  tails: readonly string[];
  accepts?(qn: string): boolean;
  kind?: string;
  model?: readonly Sel[];
  tools?: readonly Sel[];
  memory?: readonly Sel[];
  retriever?: readonly Sel[];
  delegates?: readonly Sel[];
  mcp?: readonly Sel[];
  guardrails?: readonly Sel[];
  callbacks?: readonly Sel[];
  database?: readonly Sel[];
  maxIterations?: readonly string[];
  /** The cap the framework puts on every run when the code sets none (the Agents SDK's Runner stops at 10 turns). */
  defaultLimit?: number;
  /** Provider for bare model strings (`Agent(model="gpt-4o")` in openai-agents means OpenAI). */
  modelProvider?: string;
  /** The framework's model when none is passed; linked as a guess. */
  defaultModel?: string;
  humanApproval?(ctx: FileContext, call: CallInfo, args: Arg[]): boolean | undefined;
  /** Extra linking, run in the link phase with the agent's id. */
  extra?(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void;
  /** A name for an agent the code does not assign to a variable, before falling back to the call's own name. */
  unnamed?(ctx: FileContext, call: CallInfo): string | undefined;
}

export function agentRule(spec: AgentSpec): CallRule {
  const rule: CallRule = {
    roots: spec.roots,
    tails: spec.tails,
    apply(ctx, call, qn) {
      const args = ctx.args(call);
      const tail = qn.slice(qn.lastIndexOf('.') + 1);
      const fallback = tail.replace(/\(\)$/, '');
      const id = ctx.add(
        { kind: spec.kind ?? 'agent', name: ctx.nameFor(call, spec.unnamed?.(ctx, call) ?? fallback), framework: spec.framework, line: ctx.callLine(call), note: `call ${fallback}` },
        call.node,
      );
      ctx.credit(spec.framework, ctx.callLine(call), `call ${fallback}`);
      for (const kw of spec.maxIterations ?? []) {
        const n = numberArg(ctx, kwarg(args, kw)?.value);
        if (n !== undefined) ctx.setAttr(id, 'maxIterations', n);
      }
      if (spec.defaultLimit !== undefined) ctx.setAttr(id, 'defaultLimit', spec.defaultLimit);
      if (spec.humanApproval?.(ctx, call, args)) ctx.setAttr(id, 'humanApproval', true);
      ctx.linkJobs.push(() => linkAgent(ctx, spec, call, args, id));
    },
  };
  if (spec.accepts) rule.accepts = spec.accepts;
  return rule;
}

function linkAgent(ctx: FileContext, spec: AgentSpec, call: CallInfo, args: Arg[], id: string): void {
  const models = argValues(args, spec.model);
  for (const v of models) linkModels(ctx, id, v, spec.modelProvider);
  if (!models.length && spec.defaultModel) {
    const m = addModel(ctx, spec.defaultModel, undefined, ctx.callLine(call), 'framework default model');
    ctx.edge(id, m, 'uses-model', ctx.callLine(call), 'framework default', true);
  }
  for (const v of argValues(args, spec.tools)) linkTools(ctx, id, v, spec.framework);
  for (const v of argValues(args, spec.memory)) linkMemory(ctx, id, v);
  for (const v of argValues(args, spec.retriever)) linkRetriever(ctx, id, v);
  for (const v of argValues(args, spec.delegates)) linkDelegates(ctx, id, v);
  for (const v of argValues(args, spec.mcp)) linkTools(ctx, id, v, spec.framework);
  for (const v of argValues(args, spec.guardrails)) linkGuardrails(ctx, id, v);
  for (const v of argValues(args, spec.callbacks)) linkObservers(ctx, id, v);
  for (const v of argValues(args, spec.database)) linkDatabase(ctx, id, v);
  spec.extra?.(ctx, call, args, id);
}

export function linkModels(ctx: FileContext, from: string, value: SyntaxNode, provider?: string): void {
  let linked = false;
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id') {
      const k = kindOf(ctx, t.id);
      if (k !== 'model' && k !== 'llm-gateway') continue;
      ctx.edge(from, t.id, 'uses-model', line, 'model argument');
    } else if (t.t === 'str') {
      const ref = modelFromString(t.value, provider);
      if (!ref) continue;
      const m = addModel(ctx, ref.provider, ref.modelName, ctx.line(t.node), 'model id', t.node);
      ctx.edge(from, m, 'uses-model', line, 'model argument');
    } else if (t.t === 'ref') ctx.ref(from, t.name, ['model'], 'uses-model', line, 'model argument');
    else continue;
    linked = true;
  }
  // A model the code computes (a parameter, a setting's attribute, `os.getenv("MODEL")`): the agent still runs one,
  // and a chain through it holds whichever it turns out to be. Not the framework's provider: a computed value is
  // as often another provider's model.
  if (!linked && !isLiteral(value)) {
    const line = ctx.line(value);
    ctx.edge(from, addModel(ctx, RUN_TIME_PROVIDER, undefined, line, 'model set at run time'), 'uses-model', line, 'model argument');
  }
}

export function linkTools(ctx: FileContext, from: string, value: SyntaxNode, framework?: string): void {
  for (const { t, line } of argTargets(ctx, value)) linkToolTarget(ctx, from, t, line, framework);
}

export function linkToolTarget(ctx: FileContext, from: string, t: Target, line: number, framework?: string): void {
  switch (t.t) {
    case 'id':
      linkToolId(ctx, from, t.id, line);
      return;
    case 'fn':
    case 'cls':
      ctx.edge(from, ctx.functionTool(t.t === 'fn' ? t.fn : t.cls, framework), 'uses-tool', line, 'tools argument');
      return;
    case 'lib': {
      const id = ctx.symbol(t.qn, t.node);
      if (id) linkToolId(ctx, from, id, line);
      return;
    }
    case 'ref':
      // What sits in a tools list elsewhere may be a tool, an agent used as a tool, or an MCP server: one ref per
      // reading; the linker keeps whichever resolves.
      ctx.ref(from, t.name, ['tool'], 'uses-tool', line, 'tools argument');
      ctx.ref(from, t.name, ['agent', 'peer-agent'], 'delegates', line, 'agent as tool');
      ctx.ref(from, t.name, ['mcp-server'], 'connects-mcp', line, 'MCP tools');
      return;
    default:
      return;
  }
}

function linkToolId(ctx: FileContext, from: string, id: string, line: number): void {
  switch (kindOf(ctx, id)) {
    case 'tool':
      ctx.edge(from, id, 'uses-tool', line, 'tools argument');
      return;
    case 'agent':
    case 'peer-agent':
      ctx.edge(from, id, 'delegates', line, 'agent as tool');
      return;
    case 'mcp-server':
      ctx.edge(from, id, 'connects-mcp', line, 'MCP tools');
      return;
    case 'mcp-client':
      for (const e of ctx.edges) if (e.from === id && e.kind === 'connects-mcp') ctx.edge(from, e.to, 'connects-mcp', line, 'MCP client tools');
      return;
    case 'vector-store':
      ctx.edge(from, id, 'retrieves', line, 'retriever tool');
      return;
    case 'database':
      ctx.edge(from, id, 'queries', line, 'database tool');
      return;
    default:
      return;
  }
}

export function linkMemory(ctx: FileContext, from: string, value: SyntaxNode): void {
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id' && ['memory', 'database', 'vector-store'].includes(kindOf(ctx, t.id) ?? '')) ctx.edge(from, t.id, 'uses-memory', line, 'memory argument');
    else if (t.t === 'ref') ctx.ref(from, t.name, ['memory'], 'uses-memory', line, 'memory argument');
  }
}

export function linkRetriever(ctx: FileContext, from: string, value: SyntaxNode): void {
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id') {
      const k = kindOf(ctx, t.id);
      if (k === 'vector-store') ctx.edge(from, t.id, 'retrieves', line, 'retriever argument');
      else if (k === 'tool') ctx.edge(from, t.id, 'uses-tool', line, 'retriever tool');
    } else if (t.t === 'ref') ctx.ref(from, t.name, ['vector-store'], 'retrieves', line, 'retriever argument');
  }
}

export function linkDelegates(ctx: FileContext, from: string, value: SyntaxNode): void {
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id' && ['agent', 'peer-agent'].includes(kindOf(ctx, t.id) ?? '')) ctx.edge(from, t.id, 'delegates', line, 'sub-agent');
    else if (t.t === 'ref') ctx.ref(from, t.name, ['agent', 'peer-agent'], 'delegates', line, 'sub-agent');
  }
}

export function linkGuardrails(ctx: FileContext, agent: string, value: SyntaxNode): void {
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id' && kindOf(ctx, t.id) === 'guardrail') ctx.edge(t.id, agent, 'guards', line, 'guardrail argument');
    else if (t.t === 'ref') ctx.ref(agent, t.name, ['guardrail'], 'guards', line, 'guardrail argument', true);
  }
}

export function linkObservers(ctx: FileContext, agent: string, value: SyntaxNode): void {
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id' && kindOf(ctx, t.id) === 'observability') ctx.edge(t.id, agent, 'observes', line, 'callback');
    if (t.t === 'id' && kindOf(ctx, t.id) === 'guardrail') ctx.edge(t.id, agent, 'guards', line, 'callback');
  }
}

export function linkDatabase(ctx: FileContext, from: string, value: SyntaxNode): void {
  for (const { t, line } of argTargets(ctx, value)) {
    if (t.t === 'id' && kindOf(ctx, t.id) === 'database') ctx.edge(from, t.id, 'queries', line, 'database argument');
    else if (t.t === 'ref') ctx.ref(from, t.name, ['database'], 'queries', line, 'database argument');
  }
}

/** A tool an agent brings with it (a browser, an interpreter, a backend's file tools): named after the agent, used by it. */
export interface BuiltInTool extends Omit<Made, 'kind' | 'name' | 'local'> {
  /** After the agent's name: `shopper_browser`. */
  suffix: string;
  /** The uses-tool edge's note. */
  why: string;
  /** The edge's line, when not the tool's. */
  edgeLine?: number;
}

export function builtInTool(ctx: FileContext, agentId: string, spec: BuiltInTool): string {
  const { suffix, why, edgeLine, ...made } = spec;
  const tool = ctx.add({ kind: 'tool', name: `${ctx.component(agentId)!.name}_${suffix}`, ...made });
  ctx.edge(agentId, tool, 'uses-tool', edgeLine ?? made.line, why);
  return tool;
}

// ---- simple components -----------------------------------------------------------------------------------------

export interface ComponentSpec {
  roots: readonly string[];
  tails: readonly string[];
  accepts?(qn: string): boolean;
  kind: string;
  framework?: string;
  /** Repo-wide name (vector-store provider, observability vendor); else the Python symbol. */
  globalName?: string | ((ctx: FileContext, call: CallInfo, args: Arg[], tail: string) => string | undefined);
  /** A name the file's calls share when they say the same thing (an address the code computes), before the symbol; kept to the file. */
  localName?(ctx: FileContext, call: CallInfo, args: Arg[], tail: string): string | undefined;
  capabilities?: readonly string[];
  attributes?(ctx: FileContext, call: CallInfo, args: Arg[], tail: string): Record<string, AttrValue | undefined>;
  after?(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void;
}

export function componentRule(spec: ComponentSpec): CallRule {
  const rule: CallRule = {
    roots: spec.roots,
    tails: spec.tails,
    apply(ctx, call, qn) {
      const args = ctx.args(call);
      const tail = tailName(qn, spec.tails);
      const global = typeof spec.globalName === 'function' ? spec.globalName(ctx, call, args, tail) : spec.globalName;
      const local = global === undefined ? spec.localName?.(ctx, call, args, tail) : undefined;
      const name = global ?? local ?? ctx.nameFor(call, tail.split('.')[0]!.replace(/\(\)$/, ''));
      const made = {
        kind: spec.kind,
        name,
        ...(local !== undefined ? { local: true } : {}),
        line: ctx.callLine(call),
        note: `call ${tail.replace(/\(\)/g, '')}`,
        attributes: spec.attributes?.(ctx, call, args, tail) ?? {},
        ...(spec.framework ? { framework: spec.framework } : {}),
        ...(spec.capabilities ? { capabilities: [...spec.capabilities] } : {}),
      };
      const id = ctx.add(made, call.node);
      if (spec.framework) ctx.credit(spec.framework, ctx.callLine(call), made.note);
      spec.after?.(ctx, call, args, id);
    },
  };
  if (spec.accepts) rule.accepts = spec.accepts;
  return rule;
}

/** The rule tail a qualified name matched (`Chroma.from_documents`). */
export function tailName(qn: string, tails: readonly string[]): string {
  return tails.find((t) => qn === t || qn.endsWith(`.${t}`)) ?? qn.slice(qn.lastIndexOf('.') + 1);
}

// ---- decorated and subclassed tools ----------------------------------------------------------------------------

export function toolDecorator(framework: string, roots: readonly string[], tails: readonly string[], accepts?: (qn: string) => boolean): DecoratorRule {
  const rule: DecoratorRule = {
    roots,
    tails,
    apply(ctx, fn, dec) {
      ctx.functionTool(fn, framework, dec.line, `@${dec.dotted}`);
    },
  };
  if (accepts) rule.accepts = accepts;
  return rule;
}

export function toolBaseClass(framework: string, roots: readonly string[], tails: readonly string[]): ClassRule {
  return {
    roots,
    tails,
    apply(ctx, cls, qn) {
      ctx.functionTool(cls, framework, cls.line, `subclass ${qn.slice(qn.lastIndexOf('.') + 1)}`);
    },
  };
}

/** `Tool(func=f)`, `StructuredTool.from_function(f)`, `FunctionTool(f)`: the tool is the function it wraps. */
export function wrapperToolRule(framework: string, roots: readonly string[], tails: readonly string[], funcArgs: readonly Sel[]): CallRule {
  return {
    roots,
    tails,
    apply(ctx, call) {
      const args = ctx.args(call);
      ctx.linkJobs.unshift(() => {
        for (const v of argValues(args, funcArgs)) {
          for (const t of ctx.targets(v)) {
            if (t.t === 'fn' || t.t === 'cls') ctx.bindNode(call.node, ctx.functionTool(t.t === 'fn' ? t.fn : t.cls, framework));
            else if (t.t === 'id' && kindOf(ctx, t.id) === 'tool') ctx.bindNode(call.node, t.id);
            else if (t.t === 'ref') ctx.alias(call.node, [v]);
          }
        }
      });
    },
  };
}
