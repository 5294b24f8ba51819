import type { SyntaxNode } from '@lezer/common';
import type { FunctionInfo } from '../analysis/module.js';
import { kwarg, listItems, positional, readArgs } from '../analysis/values.js';
import { argValues, kindOf } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';

/**
 * HTTP routes that drive an agent: a FastAPI/Flask handler whose body (or a local helper it calls) invokes an
 * agent built in this module, or one imported by name (then an EdgeRef). Routes that reach no agent are not
 * components: a plain web app yields nothing.
 */

const INVOKE = /^(invoke|ainvoke|stream|astream|astream_events|stream_events|batch|abatch|kickoff|kickoff_async|kickoff_for_each|run|arun|run_sync|run_stream|chat|achat|stream_chat|astream_chat|query|aquery|initiate_chat|a_initiate_chat|run_async|invoke_async|stream_async|generate_reply|a_generate_reply|on_messages|__call__)$/;
/** Methods specific enough to assume an imported receiver is an agent. */
const AGENT_ONLY = /^(invoke|ainvoke|astream|astream_events|kickoff|kickoff_async|initiate_chat|a_initiate_chat|run_stream|stream_async|invoke_async)$/;
const RUNNERS = /^(agents\.Runner\.(run|run_sync|run_streamed)|google\.adk\.runners\.(Runner|InMemoryRunner)\(\)\.(run|run_async|run_live))$/;

interface Route {
  fn: FunctionInfo;
  line: number;
  method: string;
  path?: string;
  authenticated: boolean;
}

const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'websocket', 'api_route', 'route'];
const appRoots = ['fastapi', 'flask', 'starlette', 'quart', 'sanic'];
const tails = ['FastAPI', 'APIRouter', 'Flask', 'Blueprint', 'Quart', 'Sanic'].flatMap((app) => ROUTE_METHODS.map((m) => `${app}().${m}`));
const AUTH = /auth|user|token|api_?key|verify|current|login|permission|security|jwt|session/i;

const routes: DecoratorRule = {
  roots: appRoots,
  tails,
  apply(ctx, fn, dec) {
    const args = readArgs(ctx.mod, dec.args);
    const m = dec.dotted.slice(dec.dotted.lastIndexOf('.') + 1);
    let method = m === 'route' || m === 'api_route' ? 'GET' : m.toUpperCase();
    const methods = kwarg(args, 'methods')?.value;
    if (methods) method = listItems(methods).map((i) => ctx.str(i) ?? '?').join(',').toUpperCase() || method;
    const path = ctx.str(positional(args, 0)?.value ?? kwarg(args, 'path')?.value);
    const params = fn.node.getChild('ParamList');
    const depends = params ? ctx.callsIn(params).some((c) => /(Depends|Security)$/.test(ctx.qn(c) ?? '') && AUTH.test(ctx.text(c.node))) : false;
    const decoAuth = fn.decorators.some((d) => /login_required|jwt_required|requires_auth|auth_required|token_required|permission_required/.test(d.dotted));
    const routeDeps = kwarg(args, 'dependencies')?.value;
    const authenticated = depends || decoAuth || (!!routeDeps && AUTH.test(ctx.text(routeDeps))) || appAuthenticated(ctx, dec.dotted.split('.')[0]!);
    ctx.note<Route>('route', { fn, line: dec.line, method, ...(path !== undefined ? { path } : {}), authenticated });
  },
};

/** `app = FastAPI(dependencies=[Depends(verify_key)])` / `APIRouter(dependencies=...)` protects every route. */
function appAuthenticated(ctx: FileContext, appVar: string): boolean {
  const b = ctx.mod.module.bindings.get(appVar)?.find((x) => x.kind === 'assign' && x.value);
  const call = b?.value ? ctx.originCall(b.value) : undefined;
  const deps = call ? kwarg(readArgs(ctx.mod, call.args), 'dependencies')?.value : undefined;
  return !!deps && AUTH.test(ctx.text(deps));
}

/** LangServe `add_routes(app, runnable, path="/agent")`. */
const addRoutes: CallRule = {
  roots: ['langserve'],
  tails: ['add_routes'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const runnable = argValues(args, ['runnable', 1])[0];
    const path = ctx.str(kwarg(args, 'path')?.value) ?? '/';
    if (!runnable) return;
    ctx.linkJobs.push(() => {
      const agents = ctx.targets(runnable);
      const ep = () => ctx.add({ kind: 'agent-endpoint', name: `langserve ${path}`, framework: 'langchain', attributes: { route: path, method: 'POST', authenticated: undefined }, line: ctx.callLine(call), note: 'add_routes' });
      for (const t of agents) {
        if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') ctx.edge(ep(), t.id, 'exposes', ctx.callLine(call), 'add_routes');
        if (t.t === 'ref') ctx.ref(ep(), t.name, ['agent'], 'exposes', ctx.callLine(call), 'add_routes');
      }
    });
  },
};

interface Reach {
  ids: { id: string; line: number }[];
  refs: { name: string; line: number }[];
}

function reach(ctx: FileContext, fn: FunctionInfo, out: Reach, seen: Set<number>, depth: number): void {
  if (!fn.body || seen.has(fn.node.from) || depth > 2) return;
  seen.add(fn.node.from);
  for (const call of ctx.callsIn(fn.body)) {
    const qn = ctx.qn(call) ?? '';
    const line = ctx.line(call.node);
    if (RUNNERS.test(qn)) {
      const first = argValues(ctx.args(call), ['starting_agent', 'agent', 0])[0];
      if (first) collect(ctx, first, line, out, true);
      if (/google\.adk/.test(qn) && call.callee.firstChild) collectRunner(ctx, call.callee.firstChild, line, out);
      continue;
    }
    if (qn.startsWith('~') && !qn.slice(1).includes('.') && !qn.includes('(')) {
      const helper = ctx.mod.functions.find((f) => f.name === qn.slice(1) && f.parent === ctx.mod.module);
      if (helper) reach(ctx, helper, out, seen, depth + 1);
    }
    const callee = call.callee;
    if (callee.name !== 'MemberExpression' || callee.lastChild?.name !== 'PropertyName') continue;
    const method = ctx.text(callee.lastChild);
    if (!INVOKE.test(method) || !callee.firstChild) continue;
    collect(ctx, callee.firstChild, line, out, AGENT_ONLY.test(method));
  }
}

function collect(ctx: FileContext, node: SyntaxNode, line: number, out: Reach, refsOk: boolean): void {
  for (const t of ctx.targets(node)) {
    if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') out.ids.push({ id: t.id, line });
    else if (t.t === 'ref' && refsOk) out.refs.push({ name: t.name, line });
  }
}

/** ADK: `Runner(agent=root_agent, ...)` then `runner.run_async(...)`. */
function collectRunner(ctx: FileContext, recv: SyntaxNode, line: number, out: Reach): void {
  const runner = ctx.originCall(recv);
  const agent = runner ? argValues(readArgs(ctx.mod, runner.args), ['agent', 0])[0] : undefined;
  if (agent) collect(ctx, agent, line, out, true);
}

function finish(ctx: FileContext): void {
  for (const r of ctx.noted<Route>('route')) {
    const out: Reach = { ids: [], refs: [] };
    reach(ctx, r.fn, out, new Set(), 0);
    if (!out.ids.length && !out.refs.length) continue;
    const ep = ctx.add(
      { kind: 'agent-endpoint', name: r.fn.name, attributes: { route: r.path, method: r.method, authenticated: r.authenticated }, line: r.line, note: `${r.method} ${r.path ?? ''}`.trim() },
      r.fn.node,
    );
    for (const { id, line } of out.ids) ctx.edge(ep, id, 'exposes', line, 'handler invokes agent');
    for (const { name, line } of out.refs) ctx.ref(ep, name, ['agent'], 'exposes', line, 'handler invokes agent');
  }
}

export const endpoints: RuleModule = {
  id: 'endpoints',
  needles: ['fastapi', 'flask', 'starlette', 'quart', 'sanic', 'langserve'],
  calls: [addRoutes],
  decorators: [routes],
  finish,
};
