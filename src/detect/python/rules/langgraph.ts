import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from '../analysis/module.js';
import { dictGet, kwarg, listItems, positional, readArgs, type Arg } from '../analysis/values.js';
import { agentRule, argTargets, argValues, componentRule, kindOf, linkTools, linkToolTarget, numberArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';
import { expressionName } from '../../config/mcp-servers.js';

/** LangGraph: compiled graphs, the prebuilt ReAct agent, supervisors and swarms, checkpointers and stores. */

const FW = 'langgraph';
const LG = ['langgraph', 'langgraph_*'] as const;

function interruptArgs(_ctx: FileContext, _call: CallInfo, args: Arg[]): boolean {
  const a = kwarg(args, 'interrupt_before', 'interrupt_after')?.value;
  if (!a) return false;
  return a.name !== 'None' && !(a.name === 'ArrayExpression' && listItems(a).length === 0);
}

const reactAgent = agentRule({
  framework: FW,
  roots: LG,
  tails: ['create_react_agent'],
  // Every graph run stops at its recursion limit, 25 super-steps unless the caller's config says otherwise.
  defaultLimit: 25,
  model: ['model', 0],
  tools: ['tools', 1],
  memory: ['checkpointer', 'store'],
  modelProvider: 'openai',
  humanApproval: interruptArgs,
});

const GRAPH = /\b(StateGraph|MessageGraph|Graph)\(\)/;

/** `builder.compile(...)`: the graph is the agent; its nodes say what it uses. */
const compiledGraph = agentRule({
  framework: FW,
  roots: LG,
  tails: ['compile'],
  defaultLimit: 25,
  accepts: (qn) => GRAPH.test(qn) && qn.startsWith('langgraph.'),
  memory: ['checkpointer', 'store'],
  humanApproval: interruptArgs,
  extra: (ctx, call, _args, id) => linkGraph(ctx, call, id),
  // `builder.add_node("research", section_builder.compile())`: a subgraph compiled inline is named after its
  // builder, not "compile".
  unnamed: (ctx, call) => {
    const receiver = call.callee.name === 'MemberExpression' ? call.callee.firstChild : null;
    return receiver?.name === 'VariableName' ? ctx.text(receiver) : undefined;
  },
});

/** Calls that build the graph: `builder.add_node(...)` on the same builder, or chained on the constructor. */
function builderCalls(ctx: FileContext, compile: CallInfo): CallInfo[] {
  const callee = compile.callee;
  const receiver = callee.name === 'MemberExpression' ? callee.firstChild : null;
  if (!receiver) return [];
  if (receiver.name === 'VariableName') {
    const name = ctx.text(receiver);
    return ctx.mod.calls.filter((c) => {
      const q = ctx.qn(c);
      if (!q || !GRAPH.test(q)) return false;
      let root: SyntaxNode | null = c.callee;
      while (root && root.name === 'MemberExpression') root = root.firstChild;
      while (root && root.name === 'CallExpression') {
        root = root.firstChild;
        while (root && root.name === 'MemberExpression') root = root.firstChild;
      }
      return root?.name === 'VariableName' && ctx.text(root) === name && c.scope === compile.scope;
    });
  }
  return ctx.callsIn(receiver);
}

function linkGraph(ctx: FileContext, compile: CallInfo, id: string): void {
  const nodeFns: { fn: import('../analysis/module.js').FunctionInfo; line: number }[] = [];
  for (const c of builderCalls(ctx, compile)) {
    const method = c.callee.lastChild ? ctx.text(c.callee.lastChild) : '';
    if (method !== 'add_node') continue;
    const args = readArgs(ctx.mod, c.args);
    const nodeArg = positional(args, 1) ?? kwarg(args, 'action') ?? positional(args, 0);
    if (!nodeArg) continue;
    const origin = ctx.originCall(nodeArg.value);
    if (origin && /\.ToolNode$/.test(ctx.qn(origin) ?? '')) {
      for (const v of argValues(readArgs(ctx.mod, origin.args), ['tools', 0])) linkTools(ctx, id, v, FW);
      continue;
    }
    for (const { t, line } of argTargets(ctx, nodeArg.value)) {
      if (t.t === 'fn') nodeFns.push({ fn: t.fn, line });
      else if (t.t === 'id') {
        const k = kindOf(ctx, t.id);
        if (k === 'agent') ctx.edge(id, t.id, 'delegates', line, 'graph node');
        else linkToolTarget(ctx, id, t, line, FW);
      } else if (t.t === 'ref') ctx.ref(id, t.name, ['agent'], 'delegates', line, 'graph node');
    }
  }
  for (const { fn, line } of nodeFns) linkNodeFunction(ctx, id, fn, line, new Set());
}

/** What a node function touches: models it invokes, retrievers, sub-agents, `interrupt()` for approval. */
function linkNodeFunction(ctx: FileContext, graph: string, fn: import('../analysis/module.js').FunctionInfo, line: number, seen: Set<number>): void {
  if (!fn.body || seen.has(fn.node.from) || seen.size > 8) return;
  seen.add(fn.node.from);
  for (const call of ctx.callsIn(fn.body)) {
    const qn = ctx.qn(call);
    if (qn && /^langgraph\.types\.interrupt$/.test(qn)) ctx.setAttr(graph, 'humanApproval', true);
    if (qn?.startsWith('~') && !qn.includes('.') && !qn.includes('(')) {
      const helper = ctx.mod.functions.find((f) => f.name === qn.slice(1) && f.parent === ctx.mod.module);
      if (helper) linkNodeFunction(ctx, graph, helper, line, seen);
    }
    const callee = call.callee;
    if (callee.name !== 'MemberExpression' || !callee.firstChild) continue;
    for (const t of ctx.targets(callee.firstChild)) {
      if (t.t !== 'id') continue;
      const evLine = ctx.line(call.node);
      switch (kindOf(ctx, t.id)) {
        case 'model':
          ctx.edge(graph, t.id, 'uses-model', evLine, `node ${fn.name}`);
          break;
        case 'vector-store':
          ctx.edge(graph, t.id, 'retrieves', evLine, `node ${fn.name}`);
          break;
        case 'agent':
          ctx.edge(graph, t.id, 'delegates', evLine, `node ${fn.name}`);
          break;
        case 'tool':
          ctx.edge(graph, t.id, 'uses-tool', evLine, `node ${fn.name}`);
          break;
        case 'database':
          ctx.edge(graph, t.id, 'queries', evLine, `node ${fn.name}`);
          break;
        default:
          break;
      }
    }
  }
  // `llm.bind_tools([...])` inside a node: those tools are the graph's.
  for (const call of ctx.callsIn(fn.body)) {
    const m = call.callee.name === 'MemberExpression' && call.callee.lastChild ? ctx.text(call.callee.lastChild) : '';
    if (m !== 'bind_tools') continue;
    const first = positional(readArgs(ctx.mod, call.args), 0)?.value;
    if (first) for (const { t, line: l } of argTargets(ctx, first)) linkToolTarget(ctx, graph, t, l, FW);
  }
}

const supervisor = agentRule({
  framework: FW,
  roots: LG,
  tails: ['create_supervisor', 'create_swarm'],
  defaultLimit: 25,
  model: ['model'],
  delegates: ['agents', 0],
  tools: ['tools'],
});

/** `create_supervisor(...).compile()` is the same agent the supervisor call made. */
const compileAlias: CallRule = {
  roots: LG,
  tails: ['create_supervisor().compile', 'create_swarm().compile'],
  apply(ctx, call) {
    const recv = call.callee.firstChild;
    if (recv) ctx.alias(call.node, [recv]);
  },
};

const CHECKPOINTERS: Record<string, { persistent: boolean; provider: string }> = {
  MemorySaver: { persistent: false, provider: 'in-memory' },
  InMemorySaver: { persistent: false, provider: 'in-memory' },
  InMemoryStore: { persistent: false, provider: 'in-memory' },
  SqliteSaver: { persistent: true, provider: 'sqlite' },
  AsyncSqliteSaver: { persistent: true, provider: 'sqlite' },
  SqliteStore: { persistent: true, provider: 'sqlite' },
  PostgresSaver: { persistent: true, provider: 'postgres' },
  AsyncPostgresSaver: { persistent: true, provider: 'postgres' },
  PostgresStore: { persistent: true, provider: 'postgres' },
  AsyncPostgresStore: { persistent: true, provider: 'postgres' },
  RedisSaver: { persistent: true, provider: 'redis' },
  AsyncRedisSaver: { persistent: true, provider: 'redis' },
  RedisStore: { persistent: true, provider: 'redis' },
  MongoDBSaver: { persistent: true, provider: 'mongodb' },
  AsyncMongoDBSaver: { persistent: true, provider: 'mongodb' },
  DynamoDBSaver: { persistent: true, provider: 'dynamodb' },
};

const checkpointers = componentRule({
  roots: LG,
  tails: [...Object.keys(CHECKPOINTERS), ...Object.keys(CHECKPOINTERS).map((k) => `${k}.from_conn_string`)],
  kind: 'memory',
  framework: FW,
  attributes(_ctx, _call, _args, tail) {
    const info = CHECKPOINTERS[tail.split('.')[0]!]!;
    return { persistent: info.persistent, provider: info.provider, scope: 'session' };
  },
});

/**
 * The address a remote graph or an SDK client is given (`RemoteGraph(name, url=...)`, `get_client(url=...)`), none
 * for `url=None`. A variable the file binds to a string (`BASE_URL = "https://..."`) stands for that string.
 */
const urlArg = (ctx: FileContext, args: Arg[], tail: string) => {
  const node = argValues(args, ['url', tail === 'RemoteGraph' ? 1 : 0])[0];
  if (!node || node.name === 'None') return undefined;
  const bound = node.name === 'VariableName' ? ctx.assignedValue(node) : undefined;
  return bound && ctx.str(bound) !== undefined ? bound : node;
};
const literalUrl = (ctx: FileContext, args: Arg[], tail: string) => {
  const s = ctx.str(urlArg(ctx, args, tail));
  return s?.startsWith('http') ? s : undefined;
};

/** The expression a computed address is given by (`LANGGRAPH_URL`, `os.environ["URL"]`), as a name. */
const urlExpression = (ctx: FileContext, args: Arg[], tail: string) => {
  const node = urlArg(ctx, args, tail);
  return node && ctx.str(node) === undefined ? expressionName(ctx.text(node)) : undefined;
};

/**
 * An address expression that reads the same wherever it is written: a constant, an environment variable, a getter
 * called without arguments (not a method of `self` or `cls`). A local variable (`url`) may hold another address in
 * another file.
 */
const SAME_EVERYWHERE = /^(?:[A-Z][A-Z0-9_]*|os\.environ\b.*|os\.getenv\(.*\)|(?!(?:self|cls)\.)[\w.]+\(\))$/;

/**
 * Remote graphs are other agents reached over the network. One server is one peer: a literal URL names it across
 * the repository, and so does an expression that reads the same everywhere (`get_client(url=LANGGRAPH_URL)` in
 * twenty files); an SDK client given no URL reaches the default server (the deployment it runs in, else a local
 * one). Other expressions name a peer of their file.
 */
const remoteGraph = componentRule({
  roots: LG,
  tails: ['RemoteGraph', 'get_client', 'get_sync_client'],
  kind: 'peer-agent',
  framework: FW,
  globalName: (ctx, _call, args, tail) => {
    const expr = urlExpression(ctx, args, tail);
    if (expr && SAME_EVERYWHERE.test(expr)) return expr;
    return literalUrl(ctx, args, tail) ?? (tail !== 'RemoteGraph' && !urlArg(ctx, args, tail) ? DEFAULT_SERVER : undefined);
  },
  localName: (ctx, _call, args, tail) => urlExpression(ctx, args, tail),
  attributes: (ctx, _call, args, tail) => ({ url: literalUrl(ctx, args, tail), ...(urlExpression(ctx, args, tail) ? { addressComputed: true } : {}) }),
});

const DEFAULT_SERVER = 'LangGraph API (default URL)';

/** Functional API: `@entrypoint(checkpointer=...)` makes the function an agent workflow. */
const entrypoint: DecoratorRule = {
  roots: LG,
  tails: ['entrypoint'],
  apply(ctx, fn, dec) {
    const id = ctx.add({ kind: 'agent', name: fn.name, framework: FW, line: dec.line, note: '@entrypoint' }, fn.node);
    ctx.credit(FW, dec.line, '@entrypoint');
    const args = readArgs(ctx.mod, dec.args);
    const cp = kwarg(args, 'checkpointer', 'store')?.value;
    ctx.linkJobs.push(() => {
      if (cp) for (const { t, line } of argTargets(ctx, cp)) if (t.t === 'id' && kindOf(ctx, t.id) === 'memory') ctx.edge(id, t.id, 'uses-memory', line, 'checkpointer');
      linkNodeFunction(ctx, id, fn, dec.line, new Set());
    });
  },
};

/** `graph.invoke(x, config={"recursion_limit": 10})` / `graph.with_config(recursion_limit=10)`: a step cap. */
function recursionLimits(ctx: FileContext): void {
  for (const call of ctx.mod.calls) {
    if (call.callee.name !== 'MemberExpression' || !call.callee.firstChild) continue;
    const args = readArgs(ctx.mod, call.args);
    const cfg = kwarg(args, 'config')?.value;
    const limitNode = (cfg?.name === 'DictionaryExpression' ? dictGet(ctx.mod, cfg, 'recursion_limit') : undefined) ?? kwarg(args, 'recursion_limit')?.value;
    const n = numberArg(ctx, limitNode);
    if (n === undefined) continue;
    for (const t of ctx.targets(call.callee.firstChild)) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') ctx.setAttr(t.id, 'maxIterations', n);
  }
}

export const langgraph: RuleModule = {
  id: 'langgraph',
  needles: ['langgraph'],
  frameworks: [{ id: FW, roots: LG }],
  calls: [reactAgent, compiledGraph, supervisor, compileAlias, checkpointers, remoteGraph],
  decorators: [entrypoint],
  finish: recursionLimits,
};
