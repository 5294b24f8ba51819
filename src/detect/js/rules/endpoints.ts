import type { ts } from 'ts-morph';
import type { Cx, Rule } from '../context.js';
import { packageOf } from '../frameworks.js';
import { iterationCap } from './util.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ROUTER_PACKAGES = ['express', 'hono', 'fastify', 'koa-router', '@koa/router', 'elysia', 'itty-router', 'h3'];
/** Methods that run an agent: Mastra/AI SDK agents, LangGraph graphs, LangChain executors, OpenAI Agents runners. */
const RUN_METHODS = ['generate', 'stream', 'generateVNext', 'streamVNext', 'invoke', 'streamEvents', 'streamLog', 'batch', 'run', 'respond', 'chat'];

interface Handler {
  method: string;
  route: string;
  fn: ts.Node;
  line: number;
  framework: string;
}

/** Route of a Next.js/SvelteKit file: `app/api/chat/route.ts` -> `/api/chat`. */
export function fileRoute(path: string): string | undefined {
  const next = /(?:^|\/)app\/(.*?)\/?route\.[cm]?[jt]sx?$/.exec(path);
  if (next) return `/${next[1]!.split('/').filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@')).join('/')}`;
  const pages = /(?:^|\/)pages\/(api\/.*?)(?:\/index)?\.[cm]?[jt]sx?$/.exec(path);
  if (pages) return `/${pages[1]}`;
  const svelte = /(?:^|\/)routes\/(.*?)\/?\+server\.[jt]s$/.exec(path);
  if (svelte) return `/${svelte[1]}`;
  return undefined;
}

function exportedHandlers(cx: Cx, route: string): Handler[] {
  const t = cx.ts;
  const out: Handler[] = [];
  const isExport = (n: ts.Node) => !!(t.getCombinedModifierFlags(n as ts.Declaration) & t.ModifierFlags.Export);
  for (const st of cx.a.sf.statements) {
    if (t.isFunctionDeclaration(st) && st.name && isExport(st)) {
      const isDefault = !!(t.getCombinedModifierFlags(st) & t.ModifierFlags.Default);
      const method = isDefault && route.startsWith('/api') ? 'ANY' : st.name.text;
      if (HTTP_METHODS.includes(method) || method === 'ANY') out.push({ method, route, fn: st, line: cx.a.line(st.name), framework: 'next' });
    } else if (t.isVariableStatement(st) && isExport(st)) {
      for (const d of st.declarationList.declarations) {
        if (t.isIdentifier(d.name) && HTTP_METHODS.includes(d.name.text) && d.initializer) out.push({ method: d.name.text, route, fn: d.initializer, line: cx.a.line(d.name), framework: 'next' });
      }
    } else if (t.isExportAssignment(st) && route.startsWith('/api')) {
      out.push({ method: 'ANY', route, fn: st.expression, line: cx.a.line(st), framework: 'next' });
    }
  }
  return out;
}

function routerHandlers(cx: Cx): Handler[] {
  const out: Handler[] = [];
  for (const site of cx.sites) {
    const o = site.origin;
    if (!ROUTER_PACKAGES.includes(packageOf(o.module))) continue;
    const method = o.path[o.path.length - 2];
    if (!method || !['get', 'post', 'put', 'patch', 'delete', 'all'].includes(method) || o.path[o.path.length - 1] !== '()') continue;
    const route = cx.a.constValue(site.args[0]);
    if (route === undefined) continue;
    const fn = [...site.args].reverse().find((a) => cx.a.functionOf(a));
    if (fn) out.push({ method: method.toUpperCase(), route, fn, line: site.line, framework: packageOf(o.module) });
  }
  return out;
}

/** Agents a handler runs: agents built in it, `agent.generate(...)`, `graph.invoke(...)`, `mastra.getAgent('x')`. */
function reachedAgents(cx: Cx, fn: ts.Node): { ids: Set<string>; refs: Set<string> } {
  const t = cx.ts;
  const reached = { ids: new Set<string>(), refs: new Set<string>() };
  const visited = new Set<ts.Node>();
  const walk = (body: ts.Node, depth: number): void => {
    if (visited.has(body) || depth > 2) return;
    visited.add(body);
    for (const call of cx.a.callsIn(body)) {
      for (const id of cx.out.byNode.get(call) ?? []) if (cx.out.components.get(id)?.kind === 'agent') reached.ids.add(id);
      if (t.isTaggedTemplateExpression(call)) continue;
      const callee = call.expression;
      if (t.isPropertyAccessExpression(callee) && RUN_METHODS.includes(callee.name.text)) collect(callee.expression);
      if (t.isIdentifier(callee) && callee.text === 'run' && call.arguments?.[0]) collect(call.arguments[0]);
      if (t.isIdentifier(callee) && !cx.a.imports.has(callee.text)) {
        const local = cx.a.functionOf(callee);
        if (local?.body) walk(local.body, depth + 1);
      }
    }
  };
  const collect = (expr: ts.Expression): void => {
    const e = cx.a.unwrap(expr);
    const found = { ids: new Set<string>(), refs: new Set<string>() };
    cx.targets(e, found, new Set(), 0);
    for (const id of found.ids) if (cx.out.components.get(id)?.kind === 'agent') reached.ids.add(id);
    // agents imported from elsewhere in the repository are resolved by the linker
    for (const r of found.refs) reached.refs.add(r);
  };
  walk(t.isFunctionLike(fn) && (fn as ts.FunctionLikeDeclaration).body ? (fn as ts.FunctionLikeDeclaration).body! : fn, 0);
  return reached;
}

/** `agent.generate(input, { maxSteps: 5 })`, `graph.invoke(input, { recursionLimit: 10 })`. */
function callSiteCaps(cx: Cx): void {
  const t = cx.ts;
  for (const call of cx.a.callsIn(cx.a.sf)) {
    if (!t.isCallExpression(call) || !t.isPropertyAccessExpression(call.expression)) continue;
    if (!RUN_METHODS.includes(call.expression.name.text) && call.expression.name.text !== 'withConfig') continue;
    const opts = call.arguments.map((a) => cx.a.objectLiteral(a)).find((o) => o && (cx.a.prop(o, 'maxSteps') || cx.a.prop(o, 'recursionLimit') || cx.a.prop(o, 'maxTurns') || cx.a.prop(o, 'stopWhen')));
    if (!opts) continue;
    const found = { ids: new Set<string>(), refs: new Set<string>() };
    cx.targets(call.expression.expression, found, new Set(), 0);
    for (const id of found.ids) if (cx.out.components.get(id)?.kind === 'agent') iterationCap(cx, id, opts);
  }
}

export const endpointRules: Rule = {
  id: 'endpoints',
  appliesTo: () => false,
  afterCalls(cx) {
    callSiteCaps(cx);
    const route = fileRoute(cx.out.path);
    const handlers = [...(route ? exportedHandlers(cx, route) : []), ...routerHandlers(cx)];
    for (const h of handlers) {
      const reached = reachedAgents(cx, h.fn);
      if (!reached.ids.size && !reached.refs.size) continue;
      const id = cx.out.add({ kind: 'agent-endpoint', name: `${h.method} ${h.route}`, attributes: { framework: h.framework } }, h.line, 'route');
      for (const a of [...reached.ids].sort()) cx.out.edge(id, a, 'exposes', h.line);
      for (const r of [...reached.refs].sort()) cx.out.ref(id, r, 'exposes', ['agent'], h.line);
    }
  },
};
