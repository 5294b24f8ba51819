import type { ts } from 'ts-morph';
import { type FileAnalysis, GLOBAL, type Origin } from './analysis.js';
import { packageOf } from './frameworks.js';
import { lastName } from './context.js';

export interface CapabilityHit {
  capability: string;
  line: number;
  note: string;
}

export interface ToolBehaviour {
  hits: CapabilityHit[];
  sandboxed: boolean;
}

const SHELL_FNS = ['exec', 'execSync', 'spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork'];
const FS_WRITE = ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'mkdir', 'mkdirSync', 'rm', 'rmSync', 'unlink', 'unlinkSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'outputFile', 'outputFileSync', 'writeJson', 'writeJSON', 'cp', 'cpSync', 'rmdir', 'truncate'];
const FS_READ = ['readFile', 'readFileSync', 'createReadStream', 'readdir', 'readdirSync', 'readJson', 'readJSON', 'opendir', 'stat'];
const SQL_PACKAGES = ['pg', 'mysql', 'mysql2', 'better-sqlite3', 'sqlite3', 'sqlite', '@prisma/client', 'postgres', 'drizzle-orm', 'knex', '@neondatabase/serverless', '@vercel/postgres', '@libsql/client', 'mssql', 'oracledb', '@planetscale/database', 'kysely', 'sequelize', 'typeorm', 'duckdb', '@duckdb/node-api'];
const SQL_METHODS = ['query', 'execute', 'exec', 'raw', 'prepare', 'run', 'all', 'unsafe', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'sql', '``'];
const HTTP_PACKAGES = ['axios', 'got', 'undici', 'node-fetch', 'ky', 'superagent', 'cross-fetch', 'isomorphic-fetch', 'ofetch', 'needle', 'request', 'http', 'https'];
const SHELL_PACKAGES = ['execa', 'zx', 'shelljs', 'cross-spawn', 'node-pty'];
const SANDBOX_PACKAGES = ['@e2b/code-interpreter', 'e2b', '@e2b/ai-sdk-sandbox', '@vercel/sandbox', '@daytonaio/sdk', '@cloudflare/sandbox', '@modal-labs/modal'];
const BROWSER_PACKAGES = ['playwright', 'playwright-core', '@playwright/test', 'puppeteer', 'puppeteer-core', '@browserbasehq/stagehand', 'selenium-webdriver', '@browserbasehq/sdk'];
const EMAIL_PACKAGES = ['nodemailer', '@sendgrid/mail', 'resend', 'postmark', 'mailgun.js', 'mailgun-js', '@aws-sdk/client-ses', '@aws-sdk/client-sesv2'];
const MESSAGING_PACKAGES = ['@slack/web-api', '@slack/bolt', 'discord.js', 'twilio', 'telegraf', 'node-telegram-bot-api', '@octokit/webhooks'];
const PAYMENT_PACKAGES = ['stripe', '@stripe/stripe-js', '@paypal/checkout-server-sdk', '@paypal/paypal-server-sdk', 'braintree', '@adyen/api-library', '@coinbase/coinbase-sdk'];
const GIT_PACKAGES = ['simple-git', 'isomorphic-git', '@octokit/rest', 'octokit', '@octokit/core', 'nodegit'];
const SEARCH_PACKAGES = ['@tavily/core', 'exa-js', 'serpapi', 'duck-duck-scrape', '@mendable/firecrawl-js', 'google-search-results-nodejs', '@brave/search'];

/** What a single resolved call does, as a capability, or undefined when it is harmless as far as we know. */
export function capabilityOfCall(o: Origin): string | undefined {
  const pkg = o.module === GLOBAL ? GLOBAL : packageOf(o.module);
  const name = lastName(o) ?? '';
  const first = o.path[0];
  // `res.json()` after `fetch()` or `.then()` on a query: the call that matters is the earlier one
  if (['then', 'catch', 'finally', 'json', 'text', 'on', 'once', 'pipe', 'toString', 'arrayBuffer', 'blob'].includes(name) && o.path.slice(0, -2).includes('()')) return undefined;
  if (pkg === GLOBAL) {
    if (o.path.filter((p) => p !== '()').length > 1 && first !== 'Bun' && first !== 'Deno') return undefined;
    if (first === 'fetch' || first === 'XMLHttpRequest') return 'http';
    if (first === 'eval' || first === 'Function') return 'code-exec';
    if (first === 'Bun' && o.path[1] === 'spawn') return 'shell';
    if (first === 'Deno' && o.path[1] === 'Command') return 'shell';
    return undefined;
  }
  if (pkg === 'child_process') return SHELL_FNS.includes(name) ? 'shell' : undefined;
  if (SHELL_PACKAGES.includes(pkg)) return 'shell';
  if (pkg === 'vm' || pkg === 'vm2' || pkg === 'isolated-vm' || pkg === 'quickjs-emscripten') return 'code-exec';
  if (pkg === 'fs' || pkg === 'fs-extra' || pkg === 'graceful-fs') {
    if (FS_WRITE.includes(name)) return 'file-write';
    if (FS_READ.includes(name)) return 'file-read';
    return undefined;
  }
  if (pkg === 'http' || pkg === 'https') return ['get', 'request'].includes(name) ? 'http' : undefined;
  if (HTTP_PACKAGES.includes(pkg)) return 'http';
  if (SQL_PACKAGES.includes(pkg)) return o.path.some((p) => SQL_METHODS.includes(p)) ? 'sql' : undefined;
  // LangChain's SqlDatabase (`langchain/sql_db`, `@langchain/classic/sql_db`): `db.run(query)` runs the SQL it is given
  if (/(^|\/)sql_db$/.test(o.module) && (pkg === 'langchain' || pkg.startsWith('@langchain/')) && name === 'run') return 'sql';
  if (EMAIL_PACKAGES.includes(pkg)) return 'email';
  if (MESSAGING_PACKAGES.includes(pkg)) return 'messaging';
  if (PAYMENT_PACKAGES.includes(pkg)) return 'payment';
  if (GIT_PACKAGES.includes(pkg)) return 'git';
  if (BROWSER_PACKAGES.includes(pkg)) return 'browser';
  if (SEARCH_PACKAGES.includes(pkg)) return 'web-search';
  // `sandbox.commands.run`, `runCommand`, `process.executeCommand`, `exec`, a bare `run({ command })`: a shell;
  // `runCode`, `codeRun`, `notebook.execCell`: code.
  if (SANDBOX_PACKAGES.includes(pkg)) return o.path.includes('commands') || /command|shell|^exec$|^run$/i.test(name) ? 'shell' : 'code-exec';
  if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@google-cloud/') || pkg === 'googleapis' || pkg.startsWith('@azure/') || pkg === 'aws-sdk') {
    return 'cloud-api';
  }
  return undefined;
}

function isSandbox(o: Origin): boolean {
  return o.module !== GLOBAL && SANDBOX_PACKAGES.includes(packageOf(o.module));
}

/** Prisma's raw-SQL methods are unmistakable even when the client comes from another file. */
const PRISMA_RAW = ['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'];

/**
 * What a tool implementation does: walks the calls of its body, following functions declared in this file
 * (a tool's `execute` often delegates to a local helper).
 */
export function behaviourOf(a: FileAnalysis, fn: ts.Node | undefined): ToolBehaviour {
  const hits: CapabilityHit[] = [];
  let sandboxed = false;
  if (!fn) return { hits, sandboxed };
  const t = a.ts;
  const visited = new Set<ts.Node>();
  const walk = (body: ts.Node, depth: number): void => {
    if (visited.has(body) || depth > 3) return;
    visited.add(body);
    for (const call of a.callsIn(body)) {
      const calleeExpr = t.isTaggedTemplateExpression(call) ? call.tag : call.expression;
      let o = t.isTaggedTemplateExpression(call) ? a.origin(call) : a.origin(calleeExpr);
      if (o && t.isNewExpression(call)) o = { module: o.module, path: [...o.path, '()'] };
      if (o) {
        const cap = capabilityOfCall(o);
        if (cap) hits.push({ capability: cap, line: t.isPropertyAccessExpression(calleeExpr) ? a.line(calleeExpr.name) : a.line(call), note: `${cap} ${noteOf(o)}` });
        if (isSandbox(o)) sandboxed = true;
      }
      if (t.isPropertyAccessExpression(calleeExpr) && PRISMA_RAW.includes(calleeExpr.name.text)) {
        hits.push({ capability: 'sql', line: a.line(calleeExpr.name), note: `sql ${calleeExpr.name.text}` });
      }
      if (t.isTaggedTemplateExpression(call) && t.isPropertyAccessExpression(call.tag) && PRISMA_RAW.includes(call.tag.name.text)) {
        hits.push({ capability: 'sql', line: a.line(call.tag.name), note: `sql ${call.tag.name.text}` });
      }
      // follow local helpers: `execute: ({ cmd }) => run(cmd)` with `function run(c) { execSync(c) }`
      if (t.isIdentifier(calleeExpr) && !a.imports.has(calleeExpr.text)) {
        const local = a.functionOf(calleeExpr);
        if (local?.body) walk(local.body, depth + 1);
      } else if (t.isPropertyAccessExpression(calleeExpr) && calleeExpr.expression.kind === t.SyntaxKind.ThisKeyword) {
        const method = methodOfEnclosingClass(a, call, calleeExpr.name.text);
        if (method?.body) walk(method.body, depth + 1);
      }
    }
  };
  const body = (fn as ts.FunctionLikeDeclaration).body ?? fn;
  walk(body, 0);
  // the sandbox provider runs the code or commands, not this process
  return { hits, sandboxed };
}

function methodOfEnclosingClass(a: FileAnalysis, node: ts.Node, name: string): ts.MethodDeclaration | undefined {
  const t = a.ts;
  let n: ts.Node | undefined = node.parent;
  while (n && !t.isClassLike(n)) n = n.parent;
  if (!n) return undefined;
  for (const m of (n as ts.ClassLikeDeclaration).members) {
    if (t.isMethodDeclaration(m) && m.name && a.propName(m.name) === name) return m;
  }
  return undefined;
}

function noteOf(o: Origin): string {
  const path = o.path.filter((p) => p !== '()' && p !== '``');
  const mod = o.module === GLOBAL ? '' : `${o.module}:`;
  return `${mod}${path.join('.')}`.slice(0, 80);
}

/** Turns behaviour into the capabilities/attributes of a tool component, with evidence lines. */
export function applyBehaviour(
  out: { capability(id: string, caps: Iterable<string>): void; attr(id: string, k: string, v: boolean, line?: number): void; components: Map<string, { evidence: { path: string; line: number; note?: string }[] }> },
  id: string,
  path: string,
  b: ToolBehaviour,
): void {
  out.capability(
    id,
    b.hits.map((h) => h.capability),
  );
  const c = out.components.get(id);
  if (c) for (const h of b.hits) c.evidence.push({ path, line: h.line, note: h.note });
  if (b.sandboxed) out.attr(id, 'sandboxed', true);
}
