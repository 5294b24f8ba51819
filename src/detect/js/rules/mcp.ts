import type { ts } from 'ts-morph';
import { UNRESOLVED, computedServer, remoteServer, stdioServer } from '../../config/mcp-servers.js';
import { sideEffectHint } from '../../mcp-tool-hints.js';
import { isLocalModule } from '../analysis.js';
import { type CallSite, type Cx, type Rule, SLOT } from '../context.js';
import { addTool, inPackage, optionsArg } from './util.js';

const SDK = '@modelcontextprotocol/sdk';

/** A URL literal: `'https://...'`, `new URL('https://...')`, or a const holding one. */
export function urlValue(cx: Cx, expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = cx.a.unwrap(expr);
  const t = cx.ts;
  if (t.isNewExpression(e) && t.isIdentifier(e.expression) && e.expression.text === 'URL') return cx.a.constValue(e.arguments?.[0]);
  if (t.isIdentifier(e)) {
    const init = cx.a.initializerOf(e);
    if (init && init !== e) return urlValue(cx, init);
  }
  return cx.a.constValue(e);
}

/**
 * A stdio server's command: its text, `node` for `process.execPath` (the runtime running this code, the usual way to
 * start a server script beside it), else `…` for any other command the code computes; undefined when absent.
 */
function commandValue(cx: Cx, expr: ts.Expression | undefined): string | undefined {
  const literal = cx.a.constValue(expr);
  if (literal !== undefined) return literal;
  if (!computedArg(cx, expr)) return undefined;
  return cx.a.text(cx.a.unwrap(expr)) === 'process.execPath' ? 'node' : UNRESOLVED;
}

/** An argument the code computes at run time (not absent, not `undefined` or `null`). */
function computedArg(cx: Cx, expr: ts.Expression | undefined): expr is ts.Expression {
  const e = expr && cx.a.unwrap(expr);
  if (!e || e.kind === cx.ts.SyntaxKind.NullKeyword) return false;
  return !(cx.ts.isIdentifier(e) && e.text === 'undefined');
}

/** Literal arguments; what the code computes stays `<expr>` (an argument list built elsewhere is one `<expr>`). */
function stringArray(cx: Cx, expr: ts.Expression | undefined): string[] {
  const e = expr && cx.a.unwrap(expr);
  if (!e) return [];
  const list = cx.ts.isIdentifier(e) ? cx.a.initializerOf(e) : e;
  if (!list || !cx.ts.isArrayLiteralExpression(list)) return [UNRESOLVED];
  return list.elements.map((el) => cx.a.constValue(el) ?? UNRESOLVED);
}

/** An MCP server from a config-shaped object: `{ command, args }` (stdio) or `{ url, type|transport }` (remote). */
export function serverFromSpec(cx: Cx, key: string | undefined, spec: ts.Expression | undefined, framework: string, line: number): string | undefined {
  const obj = spec && cx.a.objectLiteral(spec);
  if (!obj) return undefined;
  const command = commandValue(cx, cx.a.propValue(obj, 'command'));
  if (command !== undefined) {
    return cx.out.add(stdioServer(key, command, stringArray(cx, cx.a.propValue(obj, 'args')), framework), line, 'mcp stdio server');
  }
  const urlExpr = cx.a.propValue(obj, 'url') ?? cx.a.propValue(obj, 'serverUrl');
  if (!urlExpr) return undefined;
  const url = urlValue(cx, urlExpr);
  const type = cx.a.constValue(cx.a.propValue(obj, 'type')) ?? cx.a.constValue(cx.a.propValue(obj, 'transport'));
  const transport = type === 'sse' ? 'sse' : 'http';
  if (url !== undefined) return cx.out.add(remoteServer(url, transport, framework), line, 'mcp remote server');
  return computedArg(cx, urlExpr) ? cx.out.add(computedServer(key ? `${key}: ${cx.a.text(urlExpr)}` : cx.a.text(urlExpr), transport, framework), line, 'mcp server, computed address') : undefined;
}

/** An MCP client built from options (`createMCPClient({ transport })`, `new MCPClient({ servers })`...). */
export function mcpClientFromOptions(cx: Cx, site: CallSite, options: ts.Expression | undefined, framework: string): string {
  const id = cx.out.add({ kind: 'mcp-client', name: cx.nameFor(site.node, 'mcp-client'), framework }, site.line, 'mcp client', site.node);
  const t = cx.ts;
  const transportProp = cx.a.prop(options, 'transport');
  if (transportProp) {
    const tv = cx.a.propValue(options, 'transport')!;
    const line = cx.a.line(transportProp);
    const server = serverFromSpec(cx, undefined, tv, framework, line);
    if (server) cx.out.edge(id, server, 'connects-mcp', line);
    else cx.link(id, tv, SLOT.mcp, transportProp);
  }
  for (const mapName of ['servers', 'mcpServers']) {
    const map = cx.a.objectLiteral(cx.a.propValue(options, mapName) ?? ({} as ts.Expression));
    if (map) serversFromMap(cx, id, map, framework);
  }
  // LangChain's MultiServerMCPClient also takes the server map directly
  if (options && !transportProp && !cx.a.prop(options, 'servers') && !cx.a.prop(options, 'mcpServers')) {
    const obj = cx.a.objectLiteral(options);
    if (obj && obj.properties.every((p) => t.isPropertyAssignment(p) && cx.a.objectLiteral(p.initializer))) serversFromMap(cx, id, obj, framework);
  }
  return id;
}

function serversFromMap(cx: Cx, clientId: string, map: ts.ObjectLiteralExpression, framework: string): void {
  for (const p of map.properties) {
    if (!cx.ts.isPropertyAssignment(p)) continue;
    const key = cx.a.propName(p.name);
    const line = cx.a.line(p);
    const server = serverFromSpec(cx, key, p.initializer, framework, line);
    if (server) cx.out.edge(clientId, server, 'connects-mcp', line);
  }
}

const SERVER_CLASSES = ['McpServer', 'Server', 'FastMCP'];
const STDIO_TRANSPORTS = ['StdioClientTransport', 'StdioMCPTransport', 'Experimental_StdioMCPTransport'];
const REMOTE_TRANSPORTS: Record<string, string> = { SSEClientTransport: 'sse', StreamableHTTPClientTransport: 'http', WebSocketClientTransport: 'websocket' };
const SERVER_TRANSPORTS: Record<string, string> = { StdioServerTransport: 'stdio', SSEServerTransport: 'sse', StreamableHTTPServerTransport: 'http' };

interface McpState {
  toolCalls: CallSite[];
  connects: CallSite[];
  registrars: Map<string, string[]>;
}
const states = new WeakMap<Cx, McpState>();
function stateOf(cx: Cx): McpState {
  let s = states.get(cx);
  if (!s) states.set(cx, (s = { toolCalls: [], connects: [], registrars: new Map() }));
  return s;
}

function receiverIds(cx: Cx, site: CallSite, kind: string): string[] {
  const callee = site.node.expression;
  if (!cx.ts.isPropertyAccessExpression(callee)) return [];
  const found = { ids: new Set<string>(), refs: new Set<string>() };
  cx.targets(callee.expression, found, new Set(), 0);
  return [...found.ids].filter((id) => cx.out.components.get(id)?.kind === kind).sort();
}

/** `server.tool('name', ..., handler)`, `server.registerTool('name', config, handler)`, FastMCP `addTool({...})`. */
function serverTool(cx: Cx, site: CallSite): void {
  const method = site.origin.path[site.origin.path.length - 2]!;
  const servers = receiverIds(cx, site, 'mcp-server');
  const registrar = servers.length ? undefined : registrarOf(cx, site);
  if (!servers.length && !registrar) return;
  let name: string | undefined;
  let impl: ts.Node | undefined;
  let options: ts.Expression | undefined;
  if (method === 'addTool') {
    options = optionsArg(cx, site);
    name = cx.a.constValue(cx.a.propValue(options, 'name'));
    impl = cx.a.propValue(options, 'execute');
  } else if (method === 'setRequestHandler') {
    const schema = site.args[0] && cx.a.text(site.args[0]);
    if (schema !== 'CallToolRequestSchema') return;
    name = 'call-tool';
    impl = site.args[site.args.length - 1];
  } else {
    name = cx.a.constValue(site.args[0]);
    impl = [...site.args].reverse().find((a) => cx.a.functionOf(a));
    if (method === 'registerTool') options = site.args[1];
  }
  const fn = impl && cx.a.functionOf(impl);
  const toolName = name ?? `tool-${site.line}`;
  const id = addTool(cx, site, { framework: 'mcp', name: cx.a.bindingName(site.node) ? undefined : toolName, impl: fn, options }, 'mcp tool');
  declaredSideEffects(cx, id, method === 'tool' ? site.args.find((a) => hintsIn(cx, a)) : cx.a.propValue(options, 'annotations'));
  for (const s of servers) cx.out.edge(s, id, 'provides-tool', site.line);
  if (registrar) {
    const registrars = stateOf(cx).registrars;
    registrars.set(registrar, [...(registrars.get(registrar) ?? []), id]);
  }
}

const HINTS = ['readOnlyHint', 'destructiveHint'];

function hintsIn(cx: Cx, e: ts.Expression): boolean {
  return cx.ts.isObjectLiteralExpression(cx.a.unwrap(e)) && HINTS.some((h) => cx.a.prop(e, h));
}

/**
 * The side effects an MCP tool's annotations declare (`sideEffectHint`). A handler that delegates to a helper in
 * another file (the reference filesystem server's `write_file` calls `writeFileContent` from its lib) shows no
 * capability here, but says what it does.
 */
function declaredSideEffects(cx: Cx, id: string, annotations: ts.Expression | undefined): void {
  const t = cx.ts;
  const hint = (name: string): { value: boolean; node: ts.Node } | undefined => {
    const node = cx.a.prop(annotations, name);
    const v = node && cx.a.propValue(annotations, name);
    const val = v && cx.a.unwrap(v);
    if (!val || (val.kind !== t.SyntaxKind.TrueKeyword && val.kind !== t.SyntaxKind.FalseKeyword)) return undefined;
    return { value: val.kind === t.SyntaxKind.TrueKeyword, node: node! };
  };
  const readOnly = hint('readOnlyHint');
  const destructive = hint('destructiveHint');
  const said = sideEffectHint(readOnly, destructive);
  if (said) cx.out.attr(id, 'sideEffects', true, cx.a.line(said.node));
}

/**
 * `export const registerEchoTool = (server: McpServer) => { server.registerTool(...) }`: the tool is registered on a
 * server handed in by another file. Returns the top-level function's name, which that file calls with its server.
 */
function registrarOf(cx: Cx, site: CallSite): string | undefined {
  const t = cx.ts;
  const callee = site.node.expression;
  if (!t.isPropertyAccessExpression(callee)) return undefined;
  const recv = cx.a.unwrap(callee.expression);
  const decl = t.isIdentifier(recv) ? cx.a.declOf(recv) : undefined;
  if (!decl || !t.isParameter(decl)) return undefined;
  const fn = decl.parent;
  if (t.isFunctionDeclaration(fn) && fn.name && t.isSourceFile(fn.parent)) return fn.name.text;
  if ((t.isArrowFunction(fn) || t.isFunctionExpression(fn)) && t.isVariableDeclaration(fn.parent) && t.isIdentifier(fn.parent.name)) {
    const stmt = fn.parent.parent?.parent;
    if (stmt && t.isVariableStatement(stmt) && t.isSourceFile(stmt.parent)) return fn.parent.name.text;
  }
  return undefined;
}

/** `registerTools(server)` with a function imported from this repository: the tools it registers are this server's. */
function registrarCalls(cx: Cx): void {
  const t = cx.ts;
  const visit = (n: ts.Node): void => {
    if (t.isCallExpression(n) && t.isIdentifier(n.expression)) {
      const imp = cx.a.imports.get(n.expression.text);
      if (imp && isLocalModule(imp.module) && imp.imported !== '*') {
        for (const arg of n.arguments) {
          const found = { ids: new Set<string>(), refs: new Set<string>() };
          cx.targets(arg, found, new Set(), 0);
          for (const s of [...found.ids].sort()) {
            if (cx.out.components.get(s)?.kind === 'mcp-server') cx.out.ref(s, imp.imported, 'provides-tool', ['tool'], cx.a.line(n));
          }
        }
      }
    }
    t.forEachChild(n, visit);
  };
  visit(cx.a.sf);
}

/**
 * `export const registerTools = (server: McpServer) => { registerEchoTool(server); ... }`: a top-level function that
 * hands its parameter on to functions imported from this repository, by its name, with theirs (for
 * `facts.forwards`). The model follows these from a server's `registerTools(server)` to the files that register
 * tools (the reference "everything" server registers its 18 tools two files away). Only in files that import an
 * MCP SDK: every other module hands its parameters on too, and a fact there would make its findings non-empty.
 */
export function mcpForwarders(cx: Cx): Record<string, string[]> {
  const t = cx.ts;
  if (![...cx.a.imports.values()].some((i) => inPackage(i.module, SDK) || i.module === 'fastmcp')) return {};
  const out = new Map<string, Set<string>>();
  const scan = (name: string, fn: ts.SignatureDeclaration & { body?: ts.Node }) => {
    const params = new Set(fn.parameters.flatMap((p) => (t.isIdentifier(p.name) ? [p.name.text] : [])));
    if (!params.size || !fn.body) return;
    const visit = (n: ts.Node): void => {
      if (t.isCallExpression(n) && t.isIdentifier(n.expression)) {
        const imp = cx.a.imports.get(n.expression.text);
        const handsOn = n.arguments.some((a) => {
          const e = cx.a.unwrap(a);
          return t.isIdentifier(e) && params.has(e.text);
        });
        if (imp && handsOn && isLocalModule(imp.module) && imp.imported !== '*' && imp.imported !== name) {
          const set = out.get(name) ?? new Set<string>();
          set.add(imp.imported);
          out.set(name, set);
        }
      }
      t.forEachChild(n, visit);
    };
    visit(fn.body);
  };
  for (const st of cx.a.sf.statements) {
    if (t.isFunctionDeclaration(st) && st.name) scan(st.name.text, st);
    if (!t.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      const init = d.initializer && cx.a.unwrap(d.initializer);
      if (t.isIdentifier(d.name) && init && (t.isArrowFunction(init) || t.isFunctionExpression(init))) scan(d.name.text, init);
    }
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v].sort()] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Tools registered on a server parameter, by the top-level function that registers them (for `facts.symbols`). */
export function mcpRegistrarSymbols(cx: Cx): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, ids] of states.get(cx)?.registrars ?? []) out[name] = [...new Set(ids)].sort();
  return out;
}

export const mcpRules: Rule = {
  id: 'mcp',
  appliesTo: (m) => inPackage(m, SDK, 'fastmcp', '@mastra/mcp', '@langchain/mcp-adapters', '@ai-sdk/mcp', 'ai', '@openai/agents', '@openai/agents-core', '@openai/agents-openai'),
  onCall(site, cx) {
    const p = site.origin.path;
    const m = site.origin.module;
    const head = p[0]!;
    const isNew = p.length === 2 && p[1] === '()';
    if ((inPackage(m, SDK) || m === 'fastmcp') && isNew && SERVER_CLASSES.includes(head) && (head !== 'Server' || m.includes('/server'))) {
      const options = optionsArg(cx, site);
      const name = cx.nameFor(site.node, 'mcp-server', options);
      cx.out.add({ kind: 'mcp-server', name, framework: 'mcp', attributes: { definedHere: true } }, site.line, 'mcp server', site.node);
      return;
    }
    if ((inPackage(m, SDK) || m === 'fastmcp') && SERVER_CLASSES.includes(head) && p[1] === '()' && p.length === 4 && p[3] === '()') {
      if (['tool', 'registerTool', 'addTool', 'setRequestHandler'].includes(p[2]!)) stateOf(cx).toolCalls.push(site);
      else if (p[2] === 'connect') stateOf(cx).connects.push(site);
      else if (p[2] === 'start' && head === 'FastMCP') {
        const transport = cx.a.constValue(cx.a.propValue(optionsArg(cx, site), 'transportType'));
        for (const s of receiverIds(cx, site, 'mcp-server')) if (transport) cx.out.attr(s, 'transport', transport === 'httpStream' ? 'http' : transport);
      }
      return;
    }
    if (inPackage(m, SDK) && isNew && head === 'Client') {
      cx.out.add({ kind: 'mcp-client', name: cx.nameFor(site.node, 'mcp-client'), framework: 'mcp' }, site.line, 'mcp client', site.node);
      return;
    }
    if (inPackage(m, SDK) && head === 'Client' && p[1] === '()' && p[2] === 'connect') {
      stateOf(cx).connects.push(site);
      return;
    }
    if (isNew && STDIO_TRANSPORTS.includes(head)) {
      const options = optionsArg(cx, site);
      const command = commandValue(cx, cx.a.propValue(options, 'command'));
      const fw = inPackage(m, SDK) ? 'mcp' : 'vercel-ai';
      if (command !== undefined) cx.out.add(stdioServer(undefined, command, stringArray(cx, cx.a.propValue(options, 'args')), fw), site.line, 'mcp stdio transport', site.node);
      return;
    }
    if (isNew && REMOTE_TRANSPORTS[head]) {
      const url = urlValue(cx, site.args[0]);
      if (url !== undefined) cx.out.add(remoteServer(url, REMOTE_TRANSPORTS[head]!, 'mcp'), site.line, 'mcp remote transport', site.node);
      else if (computedArg(cx, site.args[0])) cx.out.add(computedServer(cx.a.text(site.args[0]!), REMOTE_TRANSPORTS[head]!, 'mcp'), site.line, 'mcp remote transport, computed address', site.node);
      return;
    }
    if (isNew && head === 'MCPClient' && inPackage(m, '@mastra/mcp')) {
      mcpClientFromOptions(cx, site, optionsArg(cx, site), 'mastra');
      return;
    }
    if (isNew && head === 'MultiServerMCPClient') {
      mcpClientFromOptions(cx, site, optionsArg(cx, site), 'langchain');
      return;
    }
    if (isNew && head === 'MCPServer' && inPackage(m, '@mastra/mcp')) {
      const options = optionsArg(cx, site);
      const id = cx.out.add({ kind: 'mcp-server', name: cx.nameFor(site.node, 'mcp-server', options), framework: 'mastra', attributes: { definedHere: true } }, site.line, 'mcp server', site.node);
      const tools = cx.a.prop(options, 'tools');
      if (tools) cx.link(id, cx.a.propValue(options, 'tools'), { refKind: 'provides-tool', refKinds: ['tool'], accept: ['tool'] }, tools);
      return;
    }
    // @openai/agents: MCPServerStdio / MCPServerStreamableHttp / MCPServerSSE / hostedMcpTool
    if (inPackage(m, '@openai/agents', '@openai/agents-core', '@openai/agents-openai')) {
      const options = optionsArg(cx, site);
      if (isNew && head === 'MCPServerStdio') {
        const full = cx.a.constValue(cx.a.propValue(options, 'fullCommand'));
        const command = commandValue(cx, cx.a.propValue(options, 'command'));
        const argv = full !== undefined ? full.split(/\s+/) : command !== undefined ? [command, ...stringArray(cx, cx.a.propValue(options, 'args'))] : undefined;
        if (argv?.length) cx.out.add(stdioServer(undefined, argv[0]!, argv.slice(1), 'openai-agents'), site.line, 'mcp stdio server', site.node);
      } else if (isNew && (head === 'MCPServerStreamableHttp' || head === 'MCPServerSSE')) {
        const urlExpr = cx.a.propValue(options, 'url');
        const url = urlValue(cx, urlExpr);
        const transport = head === 'MCPServerSSE' ? 'sse' : 'http';
        if (url !== undefined) cx.out.add(remoteServer(url, transport, 'openai-agents'), site.line, 'mcp remote server', site.node);
        else if (computedArg(cx, urlExpr)) cx.out.add(computedServer(cx.a.text(urlExpr), transport, 'openai-agents'), site.line, 'mcp remote server, computed address', site.node);
      } else if (head === 'hostedMcpTool' && p[1] === '()') {
        const url = urlValue(cx, cx.a.propValue(options, 'serverUrl'));
        if (url !== undefined) {
          const id = cx.out.add(remoteServer(url, 'http', 'openai-agents'), site.line, 'hosted mcp tool', site.node);
          const approval = cx.a.prop(options, 'requireApproval');
          if (approval) cx.out.attr(id, 'requireApproval', cx.a.constValue(cx.a.propValue(options, 'requireApproval')) ?? 'conditional', cx.a.line(approval));
        }
      }
    }
  },
  afterCalls(cx) {
    if ([...cx.out.components.values()].some((c) => c.kind === 'mcp-server' && c.attributes?.definedHere)) registrarCalls(cx);
    const st = states.get(cx);
    if (!st) return;
    for (const site of st.toolCalls) serverTool(cx, site);
    for (const site of st.connects) {
      const transport = site.args[0] && cx.a.unwrap(site.args[0]);
      // server.connect(new StdioServerTransport())
      for (const server of receiverIds(cx, site, 'mcp-server')) {
        const t = transport && cx.a.origin(transport);
        const kind = t && SERVER_TRANSPORTS[t.path[0]!];
        if (kind) cx.out.attr(server, 'transport', kind);
      }
      for (const client of receiverIds(cx, site, 'mcp-client')) cx.link(client, site.args[0], { ...SLOT.mcp, accept: ['mcp-server'] }, site.node);
    }
  },
};
