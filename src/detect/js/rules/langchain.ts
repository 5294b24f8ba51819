import type { ts } from 'ts-morph';
import { type CallSite, type Cx, type Rule, SLOT } from '../context.js';
import { addTool, approvalFlag, inPackage, iterationCap, optionsArg, systemPrompt } from './util.js';

const LEGACY_AGENT_FACTORIES = ['createToolCallingAgent', 'createOpenAIToolsAgent', 'createOpenAIFunctionsAgent', 'createStructuredChatAgent', 'createXmlAgent', 'createReactAgent'];

/** Prebuilt LangChain tool classes and what they can do. */
const TOOL_CLASSES: Record<string, string[]> = {
  TavilySearchResults: ['web-search'],
  TavilySearch: ['web-search'],
  TavilyExtract: ['http'],
  SerpAPI: ['web-search'],
  DuckDuckGoSearch: ['web-search'],
  GoogleCustomSearch: ['web-search'],
  BraveSearch: ['web-search'],
  BingSerpAPI: ['web-search'],
  SearchApi: ['web-search'],
  SearxngSearch: ['web-search'],
  ExaSearchResults: ['web-search'],
  WikipediaQueryRun: ['web-search'],
  WebBrowser: ['browser', 'http'],
  RequestsGetTool: ['http'],
  RequestsPostTool: ['http'],
  ReadFileTool: ['file-read'],
  WriteFileTool: ['file-write'],
  QuerySqlTool: ['sql'],
  QuerySqlDatabaseTool: ['sql'],
  InfoSqlTool: ['sql'],
  SqlToolkit: ['sql'],
  GmailSendMessage: ['email'],
  GmailCreateDraft: ['email'],
  GmailGetMessage: ['email'],
  SlackPostMessage: ['messaging'],
  DiscordSendMessagesTool: ['messaging'],
  StripeAgentToolkit: ['payment'],
  PythonInterpreterTool: ['code-exec'],
  Calculator: [],
  AIPluginTool: ['http'],
  GithubToolkit: ['git'],
  AWSLambda: ['cloud-api'],
  AWSSfnStartExecutionTool: ['cloud-api'],
  PlaywrightWebBaseLoaderTool: ['browser'],
};

function isLangchain(m: string): boolean {
  return inPackage(m, 'langchain') || m.startsWith('@langchain/');
}

/**
 * The construction at the root of a fluent chain or an alias: `workflow` -> `new StateGraph(...)`. The bound counts
 * alias hops only: a graph built in one chain of twenty `.addNode().addEdge()` calls is ordinary.
 */
function rootConstruction(cx: Cx, expr: ts.Expression, depth = 0): ts.Node | undefined {
  if (depth > 10) return undefined;
  const t = cx.ts;
  let e = cx.a.unwrap(expr);
  while (t.isCallExpression(e) && t.isPropertyAccessExpression(e.expression)) e = cx.a.unwrap(e.expression.expression);
  if (t.isNewExpression(e) || t.isCallExpression(e)) return e;
  if (t.isIdentifier(e)) {
    const init = cx.a.initializerOf(e);
    return init && init !== e ? rootConstruction(cx, init, depth + 1) : undefined;
  }
  return undefined;
}

interface GraphState {
  addNodes: CallSite[];
  compiles: CallSite[];
  interrupts: CallSite[];
  executors: CallSite[];
}
const states = new WeakMap<Cx, GraphState>();
function stateOf(cx: Cx): GraphState {
  let s = states.get(cx);
  if (!s) states.set(cx, (s = { addNodes: [], compiles: [], interrupts: [], executors: [] }));
  return s;
}

/** What a graph node function reaches: models it invokes, tools/agents it calls. */
function linkNodeFunction(cx: Cx, agentId: string, fn: ts.Node, at: ts.Node): void {
  const t = cx.ts;
  for (const call of cx.a.callsIn(fn)) {
    if (t.isTaggedTemplateExpression(call)) continue;
    const callee = call.expression;
    if (t.isPropertyAccessExpression(callee)) cx.link(agentId, callee.expression, NODE_SLOT, at);
  }
}

/** A graph node reaches agents (sub-graphs) or tools defined elsewhere: the linker keeps whichever matches. */
const NODE_SLOT = { refKind: 'delegates', refKinds: ['agent'], alsoRef: [{ refKind: 'uses-tool', refKinds: ['tool'] }] };

function compileGraph(cx: Cx, site: CallSite, nodesByRoot: Map<ts.Node, CallSite[]>): void {
  const options = optionsArg(cx, site);
  // `builder.addNode('research', sectionBuilder.compile())`: a subgraph compiled inline is named after its
  // builder; "graph" for all of them would merge it with the graph that uses it.
  const callee = site.node.expression;
  const receiver = cx.ts.isPropertyAccessExpression(callee) ? cx.a.unwrap(callee.expression) : undefined;
  const unnamed = receiver && cx.ts.isIdentifier(receiver) ? receiver.text : 'graph';
  const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, unnamed), framework: 'langgraph' }, site.line, 'compile', site.node);
  cx.linkProp(id, options, ['checkpointer', 'store'], SLOT.memory);
  for (const k of ['interruptBefore', 'interruptAfter']) {
    const p = cx.a.prop(options, k);
    if (p) cx.out.attr(id, 'humanApproval', true, cx.a.line(p));
  }
  const root = cx.ts.isPropertyAccessExpression(callee) ? rootConstruction(cx, callee.expression) : undefined;
  for (const add of (root && nodesByRoot.get(root)) ?? []) {
    const target = add.args[1];
    if (!target) continue;
    const fn = cx.a.functionOf(target);
    if (fn) linkNodeFunction(cx, id, fn, add.node);
    else cx.link(id, target, NODE_SLOT, add.node);
  }
}

function legacyExecutor(cx: Cx, site: CallSite): void {
  const options = optionsArg(cx, site);
  const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'agent-executor'), framework: 'langchain' }, site.line, 'AgentExecutor', site.node);
  cx.linkProp(id, options, ['tools'], SLOT.tools);
  cx.linkProp(id, options, ['memory'], SLOT.memory);
  iterationCap(cx, id, options);
  // the runnable from create*Agent carries the model and the tools
  const inner = cx.a.propValue(options, 'agent');
  const innerCall = inner && rootConstruction(cx, inner);
  if (innerCall && cx.ts.isCallExpression(innerCall)) {
    const o = cx.a.origin(innerCall.expression);
    if (o && LEGACY_AGENT_FACTORIES.includes(o.path[0]!)) {
      const io = innerCall.arguments[0] && cx.a.objectLiteral(innerCall.arguments[0]);
      cx.linkProp(id, io, ['llm', 'model'], SLOT.model);
      cx.linkProp(id, io, ['tools'], SLOT.tools);
    }
  }
}

export const langchainRules: Rule = {
  id: 'langchain',
  appliesTo: isLangchain,
  onCall(site, cx) {
    const o = site.origin;
    const p = o.path;
    const head = p[0]!;
    const m = o.module;
    // LangGraph prebuilt agent and LangChain v1 createAgent
    if ((inPackage(m, '@langchain/langgraph') && head === 'createReactAgent' && p.length === 2) || (inPackage(m, 'langchain') && head === 'createAgent' && p.length === 2)) {
      const options = optionsArg(cx, site);
      const fw = inPackage(m, '@langchain/langgraph') ? 'langgraph' : 'langchain';
      const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, head, options), framework: fw }, site.line, head, site.node);
      cx.linkProp(id, options, ['llm', 'model'], SLOT.model);
      cx.linkProp(id, options, ['tools'], SLOT.tools);
      cx.linkProp(id, options, ['checkpointSaver', 'checkpointer', 'store'], SLOT.memory);
      systemPrompt(cx, id, options, ['prompt', 'systemPrompt', 'stateModifier', 'messageModifier']);
      for (const k of ['interruptBefore', 'interruptAfter']) {
        const prop = cx.a.prop(options, k);
        if (prop) cx.out.attr(id, 'humanApproval', true, cx.a.line(prop));
      }
      middleware(cx, id, options);
      return;
    }
    if (inPackage(m, '@langchain/langgraph') && ['StateGraph', 'MessageGraph', 'Graph'].includes(head) && p[1] === '()') {
      if (p[p.length - 1] === '()' && p[p.length - 2] === 'addNode') stateOf(cx).addNodes.push(site);
      if (p[p.length - 1] === '()' && p[p.length - 2] === 'compile') stateOf(cx).compiles.push(site);
      return;
    }
    if (inPackage(m, '@langchain/langgraph') && head === 'interrupt' && p.length === 2) {
      stateOf(cx).interrupts.push(site);
      return;
    }
    if (head === 'AgentExecutor' && (p.length === 2 || (p[1] === 'fromAgentAndTools' && p.length === 3))) {
      stateOf(cx).executors.push(site);
      return;
    }
    if (head === 'initializeAgentExecutorWithOptions' && p.length === 2) {
      const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'agent-executor'), framework: 'langchain' }, site.line, head, site.node);
      cx.link(id, site.args[0], SLOT.tools);
      cx.link(id, site.args[1], SLOT.model);
      iterationCap(cx, id, site.args[2] && cx.a.objectLiteral(site.args[2]));
      return;
    }
    // tools
    if (head === 'tool' && p.length === 2 && inPackage(m, '@langchain/core', 'langchain')) {
      const options = site.args[1] && cx.a.objectLiteral(site.args[1]);
      addTool(cx, site, { framework: 'langchain', options, impl: site.args[0] });
      return;
    }
    if ((head === 'DynamicStructuredTool' || head === 'DynamicTool') && p.length === 2) {
      const options = optionsArg(cx, site);
      addTool(cx, site, { framework: 'langchain', options, impl: cx.a.propValue(options, 'func') });
      return;
    }
    if (head === 'createRetrieverTool' && p.length === 2) {
      const options = site.args[1] && cx.a.objectLiteral(site.args[1]);
      const id = addTool(cx, site, { framework: 'langchain', options, attributes: { retrieval: true } }, 'retriever tool');
      cx.link(id, site.args[0], { ...SLOT.vectors, accept: ['vector-store'] });
      return;
    }
    if (p.length === 2 && p[1] === '()' && TOOL_CLASSES[head]) {
      addTool(cx, site, { framework: 'langchain', capabilities: TOOL_CLASSES[head], options: optionsArg(cx, site), name: cx.a.bindingName(site.node) ?? head }, head);
    }
  },
  afterCalls(cx) {
    const st = states.get(cx);
    if (!st) return;
    const nodesByRoot = new Map<ts.Node, CallSite[]>();
    for (const add of st.addNodes) {
      const callee = add.node.expression;
      const root = cx.ts.isPropertyAccessExpression(callee) ? rootConstruction(cx, callee.expression) : undefined;
      if (!root) continue;
      nodesByRoot.set(root, [...(nodesByRoot.get(root) ?? []), add]);
    }
    for (const c of st.compiles) compileGraph(cx, c, nodesByRoot);
    for (const e of st.executors) legacyExecutor(cx, e);
    // interrupt() pauses the graph for a human decision
    if (st.interrupts.length) {
      for (const c of cx.out.components.values()) {
        if (c.kind === 'agent' && c.framework === 'langgraph') cx.out.attr(c.id, 'humanApproval', true, st.interrupts[0]!.line);
      }
    }
  },
};

/** LangChain v1 middleware: human-in-the-loop, PII redaction, call limits. */
function middleware(cx: Cx, agentId: string, options: ts.Expression | undefined): void {
  const v = cx.a.propValue(options, 'middleware');
  if (!v) return;
  for (const call of cx.a.callsIn(v)) {
    if (!cx.ts.isCallExpression(call)) continue;
    const o = cx.a.origin(call.expression);
    const name = o?.path[0];
    if (!name) continue;
    if (name === 'humanInTheLoopMiddleware') cx.out.attr(agentId, 'humanApproval', true, cx.a.line(call));
    else if (name === 'piiMiddleware' || name === 'piiRedactionMiddleware') {
      const g = cx.out.add({ kind: 'guardrail', name: `langchain/${name}`, global: true, framework: 'langchain', attributes: { vendor: 'langchain', stage: 'both' } }, cx.a.line(call), name);
      cx.out.edge(g, agentId, 'guards', cx.a.line(call));
    } else if (name === 'toolCallLimitMiddleware' || name === 'modelCallLimitMiddleware') {
      const opts = call.arguments[0] && cx.a.objectLiteral(call.arguments[0]);
      for (const k of ['runLimit', 'threadLimit']) {
        const n = cx.a.numberValue(cx.a.propValue(opts, k));
        if (n !== undefined) {
          cx.out.attr(agentId, 'maxIterations', n, cx.a.line(call));
          break;
        }
      }
    }
  }
  void approvalFlag;
}

/** `class MyTool extends StructuredTool { _call() {...} }`: a tool whose body is `_call`. */
export function langchainToolClasses(cx: Cx): void {
  const t = cx.ts;
  const visit = (n: ts.Node): void => {
    if (t.isClassDeclaration(n) && n.name && n.heritageClauses) {
      for (const h of n.heritageClauses) {
        for (const ty of h.types) {
          const o = cx.a.origin(ty.expression);
          if (!o || !isLangchain(o.module) || !['Tool', 'StructuredTool', 'DynamicTool', 'DynamicStructuredTool'].includes(o.path[0]!)) continue;
          const call = n.members.find((mm) => t.isMethodDeclaration(mm) && mm.name && cx.a.propName(mm.name) === '_call');
          // `export const shellTool = new ShellCommand()`: other files import the instance, so it names the tool
          const instances = cx.a
            .callsIn(cx.a.sf)
            .filter((c) => t.isNewExpression(c) && t.isIdentifier(c.expression) && c.expression.text === n.name!.text)
            .map((c) => cx.a.bindingName(c))
            .filter((b): b is string => !!b);
          const name = instances.length === 1 ? instances[0]! : n.name.text;
          addTool(cx, { node: n, line: cx.a.line(n.name) }, { framework: 'langchain', name, impl: call }, `extends ${o.path[0]}`);
        }
      }
    }
    t.forEachChild(n, visit);
  };
  visit(cx.a.sf);
}
