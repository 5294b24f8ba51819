import type { SyntaxNode } from '@lezer/common';
import type { AttrValue } from '../../../model/types.js';
import { sideEffectHint } from '../../mcp-tool-hints.js';
import type { CallInfo, FunctionInfo } from '../analysis/module.js';
import { boolValue, dictEntries, dictGet, kwarg, listItems, positional, readArgs, type Arg } from '../analysis/values.js';
import { argValues, kindOf, stringArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, DecoratorRule, RuleModule } from '../engine/types.js';
import { listedTools, toolProfiles, type ListedTool } from './mcp-lowlevel.js';
import { expressionName, isLoopback } from '../../config/mcp-servers.js';

/**
 * MCP: servers defined here (FastMCP, low-level Server) with the tools they provide, and clients in every
 * framework's dialect, each resolved to the server it reaches: a remote one named by its URL, a local one by its
 * command line.
 */

const FW = 'mcp';
/** An argument the code computes at run time. */
const UNRESOLVED = '…';

export interface ServerSpec {
  url?: string;
  command?: string;
  args?: string[];
  transport?: string;
  /** The address's expression when the code computes it (`url=os.environ["MCP_URL"]`, `base + "/mcp"`). */
  computedUrl?: string;
  /** The command's expression when the code computes it (`command=self.command`). */
  computedCommand?: string;
}

/** `npx -y pkg@1.2.3`, `uvx pkg==1.0`, `docker run image@sha256:..`/`image:tag` count as pinned. */
function pinnedOf(spec: ServerSpec): boolean | undefined {
  if (!spec.command) return undefined;
  const cmd = spec.command.split('/').pop()!;
  const rest = (spec.args ?? []).filter((a) => !a.startsWith('-'));
  if (cmd === 'npx' || cmd === 'bunx' || cmd === 'pnpx') return !!rest[0] && /^(@[^/]+\/)?[^@]+@\d/.test(rest[0]);
  if (cmd === 'uvx' || cmd === 'pipx') return !!rest[0] && /==\d|@\d/.test(rest[0]);
  if (cmd === 'docker') {
    const image = rest.find((a, i) => i > 0 && a.includes(':') || a.includes('@sha256'));
    return !!image && /@sha256:|:[\w.-]*\d/.test(image);
  }
  return undefined;
}

function normalizeTransport(t: string | undefined): string | undefined {
  if (!t) return undefined;
  if (/sse/i.test(t)) return 'sse';
  if (/http/i.test(t)) return 'http';
  if (/websocket|ws/i.test(t)) return 'websocket';
  return t;
}

export function addServer(ctx: FileContext, spec: ServerSpec, evLine: number, node?: SyntaxNode): string | undefined {
  const attrs: Record<string, AttrValue | undefined> = {};
  let name: string;
  let local = false;
  if (spec.url) {
    name = spec.url;
    attrs.url = spec.url;
    // `http://localhost:…/sse`: a port or path the code picks is still on this machine; the same text in two
    // files may be two servers.
    local = spec.url.includes(UNRESOLVED);
    attrs.remote = !isLoopback(local ? (origin(spec.url) ?? spec.url) : spec.url);
    attrs.transport = normalizeTransport(spec.transport) ?? (/\/sse\/?$/.test(spec.url) ? 'sse' : 'http');
  } else if (spec.command) {
    const line = [spec.command, ...(spec.args ?? [])].join(' ');
    // A command line of which nothing is known (`command=self.command, args=self.args`) is named by the expression
    // that computes its command, as a computed address is, rather than `… …`.
    const unknown = spec.command === UNRESOLVED && (spec.args ?? []).every((a) => a === UNRESOLVED);
    name = unknown && spec.computedCommand ? spec.computedCommand : line;
    // `python …` in two files are two servers as far as we know: only a fully literal command line is repo-wide
    if (spec.command === UNRESOLVED || spec.args?.includes(UNRESOLVED)) local = true;
    attrs.command = line;
    attrs.remote = false;
    attrs.transport = 'stdio';
    attrs.pinned = pinnedOf(spec);
  } else if (spec.computedUrl) {
    // Wherever it points at run time (an environment variable, a setting, a request header), the agent takes this
    // server's tools: it is modelled, under the expression that computes its address, as one server per file.
    name = spec.computedUrl;
    local = true;
    attrs.addressComputed = true;
    attrs.transport = normalizeTransport(spec.transport) ?? 'http';
  } else return undefined;
  return ctx.add({ kind: 'mcp-server', name, framework: FW, attributes: attrs, line: evLine, note: 'MCP server', local }, node);
}

/** A URL argument: its text when it is one, else the expression that computes it. */
function urlArg(ctx: FileContext, spec: ServerSpec, node: SyntaxNode | undefined): void {
  if (!node || node.name === 'None') return;
  const url = stringArg(ctx, node);
  if (url) {
    spec.url = url;
    return;
  }
  if (spec.url) return;
  const folded = foldString(ctx, node, 0);
  if (folded !== undefined && origin(folded)) spec.url = folded;
  else spec.computedUrl = expressionName(ctx.text(node));
}

/**
 * A command argument: its text when it is one, `python` for `sys.executable` (the interpreter running this code,
 * the usual way to start a server script beside it), else `…`: a server is still started, from a command line the
 * code computes.
 */
function commandArg(ctx: FileContext, spec: ServerSpec, node: SyntaxNode | undefined): void {
  if (!node || node.name === 'None') return;
  const text = ctx.text(node);
  spec.command = stringArg(ctx, node) ?? (text === 'sys.executable' ? 'python' : UNRESOLVED);
  if (spec.command === UNRESOLVED) spec.computedCommand = expressionName(text);
}

/** `scheme://host` of a URL whose scheme and host are written out (its port, path or query may still be `…`). */
function origin(url: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  const host = m?.[2]!.replace(/:[^:\]]*$/, '');
  return m && host && !host.includes(UNRESOLVED) ? `${m[1]}${host}` : undefined;
}

/**
 * A string the code builds from literals and constants: an f-string, a `+` of strings, a name assigned one once.
 * What it cannot know (a function's result, a parameter) is `…`; undefined when nothing of it is known.
 */
function foldString(ctx: FileContext, node: SyntaxNode, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const literal = ctx.str(node);
  if (literal !== undefined) return literal;
  if (node.name === 'Number') return ctx.text(node);
  if (node.name === 'ParenthesizedExpression' && node.firstChild?.nextSibling) return foldString(ctx, node.firstChild.nextSibling, depth + 1);
  if (node.name === 'VariableName') {
    // Only a name assigned once: one that is reassigned may hold either value.
    const bindings = ctx.bindingsOf(node);
    const only = bindings.length === 1 ? bindings[0] : undefined;
    return only?.kind === 'assign' && only.value ? foldString(ctx, only.value, depth + 1) : undefined;
  }
  if (node.name === 'BinaryExpression') {
    const [left, op, right] = [node.firstChild, node.firstChild?.nextSibling, node.lastChild];
    if (!left || !right || !op || ctx.text(op) !== '+') return undefined;
    const a = foldString(ctx, left, depth + 1);
    const b = foldString(ctx, right, depth + 1);
    return a === undefined && b === undefined ? undefined : `${a ?? UNRESOLVED}${b ?? UNRESOLVED}`;
  }
  if (node.name === 'FormatString') {
    const raw = ctx.text(node);
    const open = /^[rRbBuUfF]{0,2}('''|"""|'|")/.exec(raw);
    // Doubled braces are literal braces: not worth unescaping in an address.
    if (!open || /\{\{|\}\}/.test(raw)) return undefined;
    let out = '';
    let at = node.from + open[0].length;
    for (let hole = node.firstChild; hole; hole = hole.nextSibling) {
      if (hole.name !== 'FormatReplacement') continue;
      out += ctx.mod.text.slice(at, hole.from);
      const expr = hole.firstChild?.nextSibling;
      const plain = expr && expr.nextSibling?.name === '}';
      out += (plain && foldString(ctx, expr, depth + 1)) || UNRESOLVED;
      at = hole.to;
    }
    return out + ctx.mod.text.slice(at, node.to - open[1]!.length);
  }
  return undefined;
}

function strings(ctx: FileContext, node: SyntaxNode | undefined): string[] | undefined {
  if (!node) return undefined;
  if (node.name === 'VariableName') {
    const b = ctx.mod.module.bindings.get(ctx.text(node))?.find((x) => x.kind === 'assign' && x.value);
    return b?.value ? strings(ctx, b.value) : [UNRESOLVED];
  }
  const items = listItems(node);
  if (!items.length && node.name !== 'ArrayExpression') return [UNRESOLVED];
  return items.map((i) => ctx.str(i) ?? UNRESOLVED);
}

/** A server described by keyword arguments (`command=`, `args=`, `url=`) or a dict with those keys. */
function specFromArgs(ctx: FileContext, args: Arg[]): ServerSpec {
  const spec: ServerSpec = {};
  urlArg(ctx, spec, kwarg(args, 'url', 'server_url', 'base_url')?.value);
  commandArg(ctx, spec, kwarg(args, 'command')?.value);
  const a = strings(ctx, kwarg(args, 'args')?.value);
  if (a) spec.args = a;
  const transport = stringArg(ctx, kwarg(args, 'transport')?.value);
  if (transport) spec.transport = transport;
  return spec;
}

function specFromDict(ctx: FileContext, dict: SyntaxNode): ServerSpec {
  const spec: ServerSpec = {};
  urlArg(ctx, spec, dictGet(ctx.mod, dict, 'url') ?? dictGet(ctx.mod, dict, 'server_url'));
  commandArg(ctx, spec, dictGet(ctx.mod, dict, 'command'));
  const a = strings(ctx, dictGet(ctx.mod, dict, 'args'));
  if (a) spec.args = a;
  const transport = stringArg(ctx, dictGet(ctx.mod, dict, 'transport'));
  if (transport) spec.transport = transport;
  return spec;
}

function dictOf(ctx: FileContext, node: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!node) return undefined;
  if (node.name === 'DictionaryExpression') return node;
  if (node.name === 'VariableName') {
    const b = ctx.mod.module.bindings.get(ctx.text(node))?.find((x) => x.kind === 'assign' && x.value) ??
      ctx.enclosingFunction(node)?.scope.bindings.get(ctx.text(node))?.find((x) => x.kind === 'assign' && x.value);
    return b?.value?.name === 'DictionaryExpression' ? b.value : undefined;
  }
  return undefined;
}

/** Classes whose keyword arguments describe one server. */
const paramClasses: CallRule = {
  roots: ['mcp', 'autogen_ext', 'google.adk', 'semantic_kernel', 'pydantic_ai', 'agents', 'llama_index', 'fastmcp'],
  tails: [
    'StdioServerParameters',
    'StdioServerParams',
    'SseServerParams',
    'StreamableHttpServerParams',
    'StreamableHTTPServerParams',
    'SseConnectionParams',
    'StreamableHTTPConnectionParams',
    'MCPStdioPlugin',
    'MCPSsePlugin',
    'MCPStreamableHttpPlugin',
    'MCPServerHTTP',
    'MCPServerSSE',
    'MCPServerStreamableHTTP',
  ],
  apply(ctx, call) {
    const args = ctx.args(call);
    const spec = specFromArgs(ctx, args);
    const qn = ctx.qn(call) ?? '';
    if (/SseServerParams|SseConnectionParams|MCPSsePlugin|MCPServerSSE/.test(qn)) spec.transport = 'sse';
    if (/StdioServerParameters|StdioServerParams|MCPStdioPlugin/.test(qn)) {
      if (!spec.command) commandArg(ctx, spec, positional(args, 0)?.value);
    } else if (!spec.url && !spec.computedUrl) urlArg(ctx, spec, positional(args, 0)?.value);
    addServer(ctx, spec, ctx.callLine(call), call.node);
  },
};

/** pydantic-ai `MCPServerStdio('npx', args=[...])`; openai-agents `MCPServerStdio(params={...})`. */
const serverObjects: CallRule = {
  roots: ['pydantic_ai', 'agents'],
  tails: ['MCPServerStdio', 'MCPServerSse', 'MCPServerStreamableHttp'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    // openai-agents takes its params dict by keyword or first (`MCPServerStreamableHttp({"url": ...})`).
    const params = dictOf(ctx, kwarg(args, 'params')?.value ?? positional(args, 0)?.value);
    const spec = params ? specFromDict(ctx, params) : specFromArgs(ctx, args);
    if (!params && qn.endsWith('MCPServerStdio') && !spec.command) commandArg(ctx, spec, positional(args, 0)?.value);
    if (!params && !spec.command && !spec.url && !spec.computedUrl && !qn.endsWith('MCPServerStdio')) urlArg(ctx, spec, positional(args, 0)?.value);
    if (qn.endsWith('MCPServerSse')) spec.transport = 'sse';
    addServer(ctx, spec, ctx.callLine(call), call.node);
    ctx.credit(FW, ctx.callLine(call), 'MCP server');
  },
};

/** Wrappers that stand for the server parameters they are given. */
const wrappers: CallRule = {
  roots: ['mcp', 'autogen_ext', 'google.adk', 'crewai_tools', 'smolagents', 'llama_index', 'strands', 'langchain_mcp_adapters'],
  tails: ['McpWorkbench', 'mcp_server_tools', 'MCPToolset', 'McpToolset', 'MCPServerAdapter', 'ToolCollection.from_mcp', 'MCPClient', 'McpToolSpec', 'StdioConnectionParams'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const params = argValues(args, ['server_params', 'connection_params', 'server_parameters', 'serverparams', 'client', 'transport_callable', 0]);
    const dict = params.map((p) => dictOf(ctx, p)).find((d) => d);
    if (dict) {
      addServer(ctx, specFromDict(ctx, dict), ctx.callLine(call), call.node);
      return;
    }
    ctx.alias(call.node, params.map((p) => (p.name === 'LambdaExpression' ? p.lastChild ?? p : p)));
    ctx.credit(FW, ctx.callLine(call), 'MCP client');
  },
};

/** `stdio_client(params)`, `sse_client(url)`, `streamablehttp_client(url)`: an MCP client connecting to a server. */
const transportClients: CallRule = {
  roots: ['mcp', 'fastmcp'],
  tails: ['stdio_client', 'sse_client', 'streamablehttp_client', 'streamable_http_client', 'websocket_client'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    const first = argValues(args, ['server', 'url', 0])[0];
    // `async with stdio_client(p) as (read, write)` binds streams, not a client: name it by the function instead.
    const fnName = ctx.enclosingFunction(call.node)?.name ?? qn.slice(qn.lastIndexOf('.') + 1);
    const clientName = call.node.parent?.name === 'WithStatement' ? fnName : ctx.nameFor(call, fnName);
    const client = ctx.add({ kind: 'mcp-client', name: clientName, framework: FW, line: ctx.callLine(call), note: `call ${qn.slice(qn.lastIndexOf('.') + 1)}` }, call.node);
    ctx.note('mcp-client', { client, call });
    if (!first) return;
    // Every transport but stdio takes the server's URL (a parameters object only stdio).
    if (!qn.endsWith('stdio_client')) {
      const spec: ServerSpec = { transport: qn.includes('sse') ? 'sse' : qn.includes('websocket') ? 'websocket' : 'http' };
      urlArg(ctx, spec, first);
      const s = addServer(ctx, spec, ctx.line(first));
      if (s) ctx.edge(client, s, 'connects-mcp', ctx.line(first), 'client transport');
      return;
    }
    ctx.linkJobs.unshift(() => {
      for (const t of ctx.targets(first)) if (t.t === 'id' && kindOf(ctx, t.id) === 'mcp-server') ctx.edge(client, t.id, 'connects-mcp', ctx.line(first), 'server parameters');
    });
  },
};

/** `MultiServerMCPClient({"math": {"command": ...}, "weather": {"url": ...}})`. */
const multiServer: CallRule = {
  roots: ['langchain_mcp_adapters'],
  tails: ['MultiServerMCPClient'],
  apply(ctx, call) {
    const client = ctx.add({ kind: 'mcp-client', name: ctx.nameFor(call, 'MultiServerMCPClient'), framework: FW, line: ctx.callLine(call), note: 'call MultiServerMCPClient' }, call.node);
    const cfg = dictOf(ctx, argValues(ctx.args(call), ['connections', 0])[0]);
    if (!cfg) return;
    for (const entry of dictEntries(ctx.mod, cfg)) {
      const d = dictOf(ctx, entry.value);
      if (!d) continue;
      const s = addServer(ctx, specFromDict(ctx, d), ctx.line(entry.keyNode));
      if (s) ctx.edge(client, s, 'connects-mcp', ctx.line(entry.keyNode), `server ${entry.key ?? ''}`.trim());
    }
  },
};

/** fastmcp `Client("https://...")` / `Client("server.py")`, llama-index `BasicMCPClient(...)`. */
const urlClients: CallRule = {
  roots: ['fastmcp', 'llama_index'],
  tails: ['Client', 'BasicMCPClient'],
  accepts: (qn) => qn === 'fastmcp.Client' || qn.endsWith('.BasicMCPClient'),
  apply(ctx, call) {
    const args = ctx.args(call);
    const target = positional(args, 0)?.value;
    const s = stringArg(ctx, target);
    const client = ctx.add({ kind: 'mcp-client', name: ctx.nameFor(call, 'Client'), framework: FW, line: ctx.callLine(call), note: 'MCP client' }, call.node);
    let server: string | undefined;
    if (s && /^(https?|wss?):\/\//.test(s)) server = addServer(ctx, { url: s }, ctx.line(target!));
    else if (s) server = addServer(ctx, { command: s, ...(strings(ctx, kwarg(args, 'args')?.value) ? { args: strings(ctx, kwarg(args, 'args')?.value)! } : {}) }, ctx.line(target!));
    else {
      const d = dictOf(ctx, target);
      const servers = d ? dictGet(ctx.mod, d, 'mcpServers') : undefined;
      for (const e of servers?.name === 'DictionaryExpression' ? dictEntries(ctx.mod, servers) : []) {
        if (e.value.name !== 'DictionaryExpression') continue;
        const id = addServer(ctx, specFromDict(ctx, e.value), ctx.line(e.keyNode));
        if (id) ctx.edge(client, id, 'connects-mcp', ctx.line(e.keyNode), 'mcpServers');
      }
    }
    if (server) ctx.edge(client, server, 'connects-mcp', ctx.line(target!), 'client target');
  },
};

/** openai-agents `HostedMCPTool(tool_config={"server_url": ..., "require_approval": "always"})`. */
const hostedTool: CallRule = {
  roots: ['agents'],
  tails: ['HostedMCPTool'],
  apply(ctx, call) {
    const cfg = dictOf(ctx, kwarg(ctx.args(call), 'tool_config')?.value);
    if (!cfg) return;
    const spec = specFromDict(ctx, cfg);
    addServer(ctx, spec, ctx.callLine(call), call.node);
  },
};

/** A session built on a client's streams talks to that client's server. */
const clientSession: CallRule = {
  roots: ['mcp', 'langchain_mcp_adapters'],
  tails: ['ClientSession', 'load_mcp_tools'],
  apply(ctx, call) {
    ctx.linkJobs.unshift(() => {
      const fn = ctx.enclosingFunction(call.node);
      const clients = ctx.noted<{ client: string; call: CallInfo }>('mcp-client').filter((c) => ctx.enclosingFunction(c.call.node) === fn);
      for (const c of clients) ctx.bindNode(call.node, c.client);
    });
  },
};

// ---- servers defined here --------------------------------------------------------------------------------------

const SERVER_ROOTS = ['mcp', 'fastmcp'];

const serverDefinition: CallRule = {
  roots: SERVER_ROOTS,
  tails: ['FastMCP', 'Server', 'MCPServer'],
  accepts: (qn) => /^(mcp\.server(\.fastmcp|\.lowlevel)?(\.server)?\.(FastMCP|Server)|fastmcp(\.server)?\.FastMCP|mcp\.server\.mcpserver\.MCPServer)$/.test(qn) || qn === 'fastmcp.FastMCP' || qn === 'mcp.server.Server',
  apply(ctx, call) {
    const args = ctx.args(call);
    const title = stringArg(ctx, kwarg(args, 'name')?.value ?? positional(args, 0)?.value);
    const server = ctx.add(
      { kind: 'mcp-server', name: ctx.nameFor(call, title ?? 'mcp'), framework: FW, attributes: { definedHere: true, serverName: title, transport: 'stdio' }, line: ctx.callLine(call), note: 'MCP server defined', local: true },
      call.node,
    );
    // `Server(name, on_list_tools=..., on_call_tool=...)`: the decorators' handlers given to the constructor.
    const onCall = kwarg(args, 'on_call_tool')?.value;
    if (!onCall) return;
    const onList = kwarg(args, 'on_list_tools')?.value;
    ctx.linkJobs.push(() => {
      const fnOf = (n: typeof onCall) => ctx.targets(n).find((t) => t.t === 'fn')?.fn;
      const dispatcher = fnOf(onCall);
      const lister = onList && fnOf(onList);
      if (!dispatcher) return;
      // Lezer hands out a fresh node object per visit: compare positions, not identity.
      const listed = lister ? listedTools(ctx, (fn) => fn.node.from === lister.node.from) : [];
      const line = ctx.line(onCall);
      if (!listed.length) {
        const tool = ctx.functionTool(dispatcher, FW, line, 'on_call_tool');
        ctx.edge(server, tool, 'provides-tool', line, 'on_call_tool');
        return;
      }
      for (const t of listedToolComponents(ctx, dispatcher, listed, { listedBy: 'on_list_tools', runBy: 'on_call_tool', runLine: line })) ctx.edge(server, t.tool, 'provides-tool', t.line, 'MCP tool');
    });
  },
};

const serverRun: CallRule = {
  roots: SERVER_ROOTS,
  tails: ['FastMCP().run', 'FastMCP().run_async', 'FastMCP().http_app', 'FastMCP().sse_app', 'FastMCP().streamable_http_app'],
  apply(ctx, call, qn) {
    const recv = call.callee.firstChild;
    const args = ctx.args(call);
    let transport = stringArg(ctx, kwarg(args, 'transport')?.value ?? positional(args, 0)?.value);
    if (/http_app|streamable_http_app/.test(qn)) transport = 'http';
    if (qn.endsWith('sse_app')) transport = 'sse';
    if (!recv || !transport) return;
    for (const t of ctx.targets(recv)) {
      if (t.t === 'id' && kindOf(ctx, t.id) === 'mcp-server') {
        ctx.setAttr(t.id, 'transport', transport === 'streamable-http' ? 'http' : transport);
        if (transport !== 'stdio') ctx.setAttr(t.id, 'remote', true);
      }
    }
  },
};

function provide(ctx: FileContext, serverRecv: string, fnTool: string, line: number, scopeNode: SyntaxNode): void {
  const b = ctx.mod.module.bindings.get(serverRecv)?.find((x) => x.kind === 'assign' && x.value);
  const fnScope = ctx.enclosingFunction(scopeNode)?.scope.bindings.get(serverRecv)?.find((x) => x.kind === 'assign' && x.value);
  const value = fnScope?.value ?? b?.value;
  for (const t of value ? ctx.targets(value) : []) if (t.t === 'id' && kindOf(ctx, t.id) === 'mcp-server') ctx.edge(t.id, fnTool, 'provides-tool', line, 'MCP tool');
}

/**
 * `@mcp.tool(annotations={"readOnlyHint": False})` or `ToolAnnotations(destructiveHint=True)`: the side effects the
 * server declares (`sideEffectHint`), whatever the body shows here (it may call a helper in another module).
 */
function declaredSideEffects(ctx: FileContext, tool: string, annotations: SyntaxNode | undefined): void {
  if (!annotations) return;
  const call = annotations.name === 'CallExpression' ? readArgs(ctx.mod, annotations.getChild('ArgList') ?? undefined) : undefined;
  const hint = (name: string): { value: boolean; node: SyntaxNode } | undefined => {
    const node = call ? kwarg(call, name)?.value : dictGet(ctx.mod, annotations, name);
    const value = boolValue(ctx.mod, node);
    return value === undefined ? undefined : { value, node: node! };
  };
  const readOnly = hint('readOnlyHint');
  const destructive = hint('destructiveHint');
  const said = sideEffectHint(readOnly, destructive);
  if (!said) return;
  ctx.setAttr(tool, 'sideEffects', true);
  ctx.component(tool)?.evidence.push({ path: ctx.path, line: ctx.line(said.node), note: 'sideEffects' });
}

const toolDecorators: DecoratorRule = {
  roots: SERVER_ROOTS,
  tails: ['FastMCP().tool', 'Server().call_tool', 'FastMCP.tool', 'MCPServer().tool'],
  apply(ctx, fn, dec, qn) {
    const recv = dec.dotted.split('.')[0]!;
    const listed = qn.endsWith('Server().call_tool') ? listedTools(ctx, (f) => f.decorators.some((d) => d.dotted === `${recv}.list_tools`)) : [];
    if (!listed.length) {
      const tool = ctx.functionTool(fn, FW, dec.line, `@${dec.dotted}`);
      declaredSideEffects(ctx, tool, kwarg(readArgs(ctx.mod, dec.args), 'annotations')?.value);
      ctx.linkJobs.push(() => provide(ctx, recv, tool, dec.line, dec.node));
      return;
    }
    for (const { tool, line } of listedToolComponents(ctx, fn, listed, { listedBy: `@${recv}.list_tools`, runBy: `@${dec.dotted}`, runLine: dec.line })) {
      ctx.linkJobs.push(() => provide(ctx, recv, tool, line, dec.node));
    }
  },
};

/**
 * A low-level server's listed tools as components, each with what the dispatcher `fn` does for it, and the
 * dispatcher standing for all of them (a ref to it reaches every tool it runs).
 */
function listedToolComponents(ctx: FileContext, fn: FunctionInfo, listed: ListedTool[], how: { listedBy: string; runBy: string; runLine: number }): { tool: string; line: number }[] {
  const profiles = toolProfiles(ctx, fn, listed);
  return listed.map((t) => {
    const profile = profiles.get(t.name)!;
    const attributes: Record<string, AttrValue | undefined> = { sandboxed: profile.sandboxed || undefined, allowList: profile.allowList || undefined, humanApproval: profile.humanApproval || undefined };
    const tool = ctx.add({ kind: 'tool', name: t.name, framework: FW, capabilities: profile.capabilities, attributes, line: t.line, note: `Tool listed by ${how.listedBy}` });
    ctx.add({ kind: 'tool', name: t.name, line: how.runLine, note: `run by ${how.runBy}` }, fn.node);
    for (const db of profile.databases) ctx.edge(tool, db.id, 'queries', db.line, 'database call');
    return { tool, line: t.line };
  });
}

const addTool: CallRule = {
  roots: SERVER_ROOTS,
  tails: ['FastMCP().add_tool'],
  apply(ctx, call) {
    const recv = call.callee.firstChild;
    const f = positional(ctx.args(call), 0)?.value;
    if (!recv || !f) return;
    ctx.linkJobs.push(() => {
      for (const t of ctx.targets(f)) {
        if (t.t !== 'fn') continue;
        const tool = ctx.functionTool(t.fn, FW, ctx.line(f));
        for (const s of ctx.targets(recv)) if (s.t === 'id' && kindOf(ctx, s.id) === 'mcp-server') ctx.edge(s.id, tool, 'provides-tool', ctx.line(f), 'add_tool');
      }
    });
  },
};

export const mcp: RuleModule = {
  id: 'mcp',
  needles: ['mcp', 'MCP', 'Mcp'],
  frameworks: [
    {
      id: FW,
      roots: ['mcp', 'fastmcp', 'langchain_mcp_adapters', 'mcp_agent', 'mcp_use', 'agents.mcp', 'google.adk.tools.mcp_tool', 'pydantic_ai.mcp', 'strands.tools.mcp', 'autogen_ext.tools.mcp', 'llama_index.tools.mcp', 'semantic_kernel.connectors.mcp'],
    },
    { id: FW, roots: ['crewai_tools', 'smolagents'], accepts: (imp) => /MCP/.test(imp.name ?? '') },
  ],
  calls: [paramClasses, serverObjects, wrappers, transportClients, multiServer, urlClients, hostedTool, clientSession, serverDefinition, serverRun, addTool],
  decorators: [toolDecorators],
};
