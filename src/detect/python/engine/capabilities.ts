import type { SyntaxNode } from '@lezer/common';
import type { Binding, CallInfo, ClassInfo, FunctionInfo, Scope } from '../analysis/module.js';
import { lookup, qnOf, scopeAt } from '../analysis/resolve.js';
import { kwarg, positional, readArgs, stringValue } from '../analysis/values.js';
import type { FileContext, ToolProfile } from './context.js';

/**
 * What a tool can do, read from the calls in its body (and in local helpers it calls, a few levels deep).
 * Qualified names come from the shared analysis, so `import subprocess as sp; sp.run(...)` counts too.
 */

type Cap = 'shell' | 'code-exec' | 'file-read' | 'file-write' | 'http' | 'web-search' | 'sql' | 'email' | 'messaging' | 'browser' | 'cloud-api' | 'payment' | 'git';

const PREFIX_CAPS: [string, Cap][] = [
  ['subprocess.', 'shell'],
  ['os.system', 'shell'],
  ['os.popen', 'shell'],
  ['os.exec', 'shell'],
  ['os.spawn', 'shell'],
  ['asyncio.create_subprocess_', 'shell'],
  ['pexpect.', 'shell'],
  ['sh.', 'shell'],
  ['paramiko.', 'shell'],
  ['fabric.', 'shell'],
  ['builtins.exec', 'code-exec'],
  ['builtins.eval', 'code-exec'],
  ['builtins.compile', 'code-exec'],
  ['runpy.', 'code-exec'],
  ['code.Interactive', 'code-exec'],
  ['jupyter_client.', 'code-exec'],
  ['shutil.copy', 'file-write'],
  ['shutil.move', 'file-write'],
  ['shutil.rmtree', 'file-write'],
  ['shutil.make_archive', 'file-write'],
  ['shutil.unpack_archive', 'file-write'],
  ['os.remove', 'file-write'],
  ['os.unlink', 'file-write'],
  ['os.rename', 'file-write'],
  ['os.replace', 'file-write'],
  ['os.makedirs', 'file-write'],
  ['os.mkdir', 'file-write'],
  ['os.rmdir', 'file-write'],
  ['os.chmod', 'file-write'],
  ['os.listdir', 'file-read'],
  ['os.scandir', 'file-read'],
  ['os.walk', 'file-read'],
  ['glob.', 'file-read'],
  ['requests.', 'http'],
  ['httpx.', 'http'],
  // The MCP SDK's own httpx client factory (its fetch examples).
  ['mcp.shared._httpx_utils.create_mcp_http_client', 'http'],
  ['urllib.request.', 'http'],
  ['urllib3.', 'http'],
  ['aiohttp.', 'http'],
  ['http.client.', 'http'],
  ['pycurl.', 'http'],
  ['tavily.', 'web-search'],
  ['duckduckgo_search.', 'web-search'],
  ['ddgs.', 'web-search'],
  ['serpapi.', 'web-search'],
  ['exa_py.', 'web-search'],
  ['googlesearch.', 'web-search'],
  ['firecrawl.', 'http'],
  ['wikipedia.', 'web-search'],
  ['sqlite3.', 'sql'],
  ['psycopg2.', 'sql'],
  ['psycopg.', 'sql'],
  ['pymysql.', 'sql'],
  ['MySQLdb.', 'sql'],
  ['mysql.connector.', 'sql'],
  ['asyncpg.', 'sql'],
  ['aiosqlite.', 'sql'],
  ['sqlalchemy.', 'sql'],
  ['sqlmodel.', 'sql'],
  ['duckdb.', 'sql'],
  ['pyodbc.', 'sql'],
  ['oracledb.', 'sql'],
  ['cx_Oracle.', 'sql'],
  ['snowflake.connector.', 'sql'],
  ['pymssql.', 'sql'],
  ['clickhouse_connect.', 'sql'],
  ['pandas.read_sql', 'sql'],
  ['smtplib.', 'email'],
  ['sendgrid.', 'email'],
  ['yagmail.', 'email'],
  ['resend.', 'email'],
  ['postmarker.', 'email'],
  ['mailjet_rest.', 'email'],
  ['slack_sdk.', 'messaging'],
  ['slack.', 'messaging'],
  ['twilio.', 'messaging'],
  ['discord.', 'messaging'],
  ['telegram.', 'messaging'],
  ['pymsteams.', 'messaging'],
  ['playwright.', 'browser'],
  ['selenium.', 'browser'],
  ['pyppeteer.', 'browser'],
  ['helium.', 'browser'],
  ['browser_use.', 'browser'],
  ['boto3.', 'cloud-api'],
  ['botocore.', 'cloud-api'],
  ['google.cloud.', 'cloud-api'],
  ['googleapiclient.', 'cloud-api'],
  ['azure.', 'cloud-api'],
  ['kubernetes.', 'cloud-api'],
  ['docker.', 'cloud-api'],
  ['stripe.', 'payment'],
  ['paypalrestsdk.', 'payment'],
  ['braintree.', 'payment'],
  ['square.', 'payment'],
  ['razorpay.', 'payment'],
  ['git.', 'git'],
  ['pygit2.', 'git'],
  ['github.', 'git'],
  ['gitlab.', 'git'],
];

const SANDBOX_PREFIXES = ['e2b.', 'e2b_code_interpreter.', 'modal.Sandbox', 'daytona', 'epicbox.', 'langchain_sandbox.', 'llm_sandbox.'];
const DOCKER_RUN = /^docker\.(from_env|DockerClient|client\.DockerClient)\(\)\.containers\.(run|create)$/;

const SQL_ENGINES: [string, string][] = [
  ['sqlite3.', 'sqlite'],
  ['aiosqlite.', 'sqlite'],
  ['psycopg2.', 'postgres'],
  ['psycopg.', 'postgres'],
  ['asyncpg.', 'postgres'],
  ['pymysql.', 'mysql'],
  ['MySQLdb.', 'mysql'],
  ['mysql.connector.', 'mysql'],
  ['duckdb.', 'duckdb'],
  ['pyodbc.', 'odbc'],
  ['oracledb.', 'oracle'],
  ['cx_Oracle.', 'oracle'],
  ['snowflake.connector.', 'snowflake'],
  ['pymssql.', 'mssql'],
  ['clickhouse_connect.', 'clickhouse'],
  ['sqlalchemy.', 'sql'],
  ['sqlmodel.', 'sql'],
  ['pandas.read_sql', 'sql'],
];

const WRITE_MODE = /[wax+]/;
const ALLOW_NAME = /allow|whitelist|permitted|safe_(commands|hosts|paths)|approved/i;

export function classifyFunction(ctx: FileContext, target: FunctionInfo | ClassInfo): ToolProfile {
  const caps = new Set<Cap>();
  const profile: ToolProfile = { capabilities: [], sandboxed: false, allowList: false, humanApproval: false, databases: [] };
  const seen = new Set<number>();
  const bodies: { node: SyntaxNode; depth: number; cls?: ClassInfo }[] = [];
  if ('methods' in target) {
    for (const m of target.methods) if (m.body) bodies.push({ node: m.body, depth: 0, cls: target });
  } else if (target.body) bodies.push({ node: target.body, depth: 0, ...(target.cls ? { cls: target.cls } : {}) });
  while (bodies.length) {
    const { node, depth, cls } = bodies.shift()!;
    if (seen.has(node.from)) continue;
    seen.add(node.from);
    if (ALLOW_NAME.test(ctx.mod.text.slice(node.from, node.to)) && /\bnot in\b|\bin\b/.test(ctx.mod.text.slice(node.from, node.to))) {
      profile.allowList = true;
    }
    for (const call of ctx.callsIn(node)) {
      const qn = ctx.qn(call);
      if (qn === undefined) {
        methodHeuristics(ctx, call, caps);
        const method = cls && depth < 3 ? selfMethodHelper(ctx, call, cls) : undefined;
        if (method?.body) bodies.push({ node: method.body, depth: depth + 1, cls: cls! });
        continue;
      }
      classifyCall(ctx, call, qn, caps, profile);
      // A framework tool used inside this one (`TavilySearch(...).invoke` in a plain function) lends its powers.
      for (const id of ctx.idsAt(call.node)) {
        const inner = ctx.component(id);
        if (inner?.kind === 'tool') {
          for (const c of inner.capabilities ?? []) caps.add(c as Cap);
          if (inner.attributes?.sandboxed) profile.sandboxed = true;
        }
      }
      // Follow helpers defined in this file: `~helper` functions and `self.helper()` methods.
      if (depth < 3) {
        const helper = localHelper(ctx, call, qn, cls);
        if (helper?.body) bodies.push({ node: helper.body, depth: depth + 1, ...(helper.cls ? { cls: helper.cls } : {}) });
      }
    }
  }
  if (profile.sandboxed && caps.has('cloud-api') && !hasNonDockerCloud(ctx, target)) caps.delete('cloud-api');
  profile.capabilities = [...caps].sort();
  return profile;
}

function classifyCall(ctx: FileContext, call: CallInfo, qn: string, caps: Set<Cap>, profile: ToolProfile): void {
  if (SANDBOX_PREFIXES.some((p) => qn.startsWith(p)) || DOCKER_RUN.test(qn)) {
    profile.sandboxed = true;
    caps.add('code-exec');
    return;
  }
  if (qn === 'builtins.open' || qn === 'io.open' || qn === 'codecs.open' || qn === 'aiofiles.open' || /^pathlib\.Path\(\)\.open$/.test(qn)) {
    const args = readArgs(ctx.mod, call.args);
    const mode = stringValue(ctx.mod, (kwarg(args, 'mode') ?? positional(args, qn.endsWith('Path().open') ? 0 : 1))?.value);
    caps.add(mode && WRITE_MODE.test(mode) ? 'file-write' : 'file-read');
    return;
  }
  if (qn === 'builtins.input') {
    profile.humanApproval = true;
    return;
  }
  if (/^langgraph\.(types|prebuilt)\..*interrupt$/.test(qn) || qn === 'langgraph.types.interrupt') {
    profile.humanApproval = true;
    return;
  }
  if (qn.startsWith('boto3.') || qn.startsWith('botocore.')) {
    const service = boto3Service(ctx, call);
    if (service === 'ses' || service === 'sesv2') caps.add('email');
    else if (service === 'sns') caps.add('messaging');
    else if (service !== 'bedrock-runtime' && service !== 'bedrock-agent-runtime') caps.add('cloud-api');
    return;
  }
  if (qn.startsWith('subprocess.') && firstWord(ctx, call) === 'git') caps.add('git');
  for (const [prefix, cap] of PREFIX_CAPS) {
    if (qn.startsWith(prefix)) {
      caps.add(cap);
      if (cap === 'sql') addDatabase(ctx, call, qn, profile);
      break;
    }
  }
  if (/\.(write_text|write_bytes|unlink|rmdir|touch|rename|mkdir)$/.test(qn) && qn.startsWith('pathlib.')) caps.add('file-write');
  if (/\.(read_text|read_bytes|iterdir|glob|rglob)$/.test(qn) && qn.startsWith('pathlib.')) caps.add('file-read');
  if (/^(langchain_community|langchain_experimental)\..*(PythonREPL|PythonAstREPLTool)\(\)\.run$/.test(qn)) caps.add('code-exec');
  if (/^(langchain_community|langchain)\..*SQLDatabase(\.from_uri)?\(\)\.run/.test(qn)) caps.add('sql');
}

/** Receivers we cannot type (a parameter `path: Path`) still say what they do by the method name. */
function methodHeuristics(ctx: FileContext, call: CallInfo, caps: Set<Cap>): void {
  const callee = call.callee;
  if (callee.name !== 'MemberExpression' || callee.lastChild?.name !== 'PropertyName') return;
  const method = ctx.text(callee.lastChild);
  if (method === 'write_text' || method === 'write_bytes') caps.add('file-write');
  else if (method === 'read_text' || method === 'read_bytes') caps.add('file-read');
  else if (method === 'execute' || method === 'executemany' || method === 'executescript') {
    const first = positional(readArgs(ctx.mod, call.args), 0)?.value;
    const sql = first ? ctx.text(first) : '';
    if (/^[rfbu]*['"]{1,3}\s*(select|insert|update|delete|create|drop|alter|with|pragma)\b/i.test(sql)) caps.add('sql');
  }
}

function localHelper(ctx: FileContext, call: CallInfo, qn: string, _cls?: ClassInfo): FunctionInfo | undefined {
  if (qn.startsWith('~') && !qn.slice(1).includes('.') && !qn.includes('(')) {
    const b = lookup(ctx.mod, call.scope, qn.slice(1), call.node.from).find((x) => x.kind === 'def');
    return b ? ctx.mod.functions.find((f) => f.node.from === b.value?.from) : undefined;
  }
  return undefined;
}

export function selfMethodHelper(ctx: FileContext, call: CallInfo, cls: ClassInfo): FunctionInfo | undefined {
  const callee = call.callee;
  if (callee.name !== 'MemberExpression') return undefined;
  const obj = callee.firstChild;
  const prop = callee.lastChild;
  if (obj?.name !== 'VariableName' || ctx.text(obj) !== 'self' || prop?.name !== 'PropertyName') return undefined;
  return cls.methods.find((m) => m.name === ctx.text(prop));
}

function hasNonDockerCloud(ctx: FileContext, target: FunctionInfo | ClassInfo): boolean {
  const nodes = 'methods' in target ? target.methods.flatMap((m) => (m.body ? [m.body] : [])) : target.body ? [target.body] : [];
  return nodes.some((n) => ctx.callsIn(n).some((c) => {
    const q = ctx.qn(c);
    return !!q && (q.startsWith('boto3.') || q.startsWith('google.cloud.') || q.startsWith('azure.') || q.startsWith('kubernetes.'));
  }));
}

function firstWord(ctx: FileContext, call: CallInfo): string | undefined {
  const first = positional(readArgs(ctx.mod, call.args), 0)?.value;
  if (!first) return undefined;
  const s = stringValue(ctx.mod, first);
  if (s !== undefined) return s.trim().split(/\s+/)[0];
  if (first.name === 'ArrayExpression') return stringValue(ctx.mod, first.firstChild?.nextSibling ?? undefined);
  return undefined;
}

/** The AWS service of `boto3.client("ses")`, following a variable that holds the client. */
export function boto3Service(ctx: FileContext, call: CallInfo): string | undefined {
  let node: SyntaxNode | null = call.node;
  for (let depth = 0; node && depth < 8; depth++) {
    if (node.name === 'CallExpression') {
      const callee: SyntaxNode | null = node.firstChild;
      const scope = scopeAt(ctx.mod, node) ?? ctx.mod.module;
      const q = callee ? qnOf(ctx.mod, callee, scope) : undefined;
      if (q === 'boto3.client' || q === 'boto3.resource' || q === 'boto3.session.Session().client' || /^boto3\.(session\.)?Session\(\)\.(client|resource)$/.test(q ?? '')) {
        const args = readArgs(ctx.mod, node.lastChild?.name === 'ArgList' ? node.lastChild : undefined);
        return stringValue(ctx.mod, (kwarg(args, 'service_name') ?? positional(args, 0))?.value);
      }
      node = callee;
      continue;
    }
    if (node.name === 'MemberExpression') {
      node = node.firstChild;
      continue;
    }
    if (node.name === 'VariableName') {
      const scope: Scope = scopeAt(ctx.mod, node) ?? ctx.mod.module;
      const b: Binding | undefined = lookup(ctx.mod, scope, ctx.text(node), node.from).find((x) => x.kind === 'assign' && x.value);
      node = b?.value ?? null;
      continue;
    }
    return undefined;
  }
  return undefined;
}

function addDatabase(ctx: FileContext, call: CallInfo, qn: string, profile: ToolProfile): void {
  const engine = SQL_ENGINES.find(([p]) => qn.startsWith(p))?.[1] ?? 'sql';
  const id = ctx.add({ kind: 'database', name: engine, attributes: { engine }, line: ctx.callLine(call), note: 'database call in tool' });
  if (!profile.databases.some((d) => d.id === id)) profile.databases.push({ id, line: ctx.callLine(call) });
}
