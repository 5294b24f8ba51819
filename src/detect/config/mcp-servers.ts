import type { NewComponent } from '../js/out.js';

/** Query keys and flags whose values are credentials; their values never leave the scanner. */
const SECRET_KEY = /(api[-_]?key|token|secret|passw(or)?d|auth|credential|private[-_]?key|access[-_]?key|bearer|session)/i;

/** A value that looks like a credential rather than a name or a placeholder. */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (!v || isPlaceholder(v)) return false;
  if (/^(sk-|sk_live_|sk_test_|rk_live_|ghp_|gho_|ghs_|github_pat_|glpat-|xox[abpr]-|AKIA|ASIA|AIza|hf_|lsv2_|pk-lf-|sk-lf-|eyJ)/.test(v)) return true;
  // long random-looking tokens: letters and digits mixed, no spaces or path separators
  return v.length >= 24 && /[a-z]/i.test(v) && /\d/.test(v) && !/[\s/\\.]/.test(v);
}

/** `${input:x}`, `${env:X}`, `${X}`, `$X`, `<your-key>`, `YOUR_API_KEY`, `{{ ... }}`: not a literal secret. */
export function isPlaceholder(v: string): boolean {
  return /^\$\{[^}]*\}$|^\$[A-Z_][A-Z0-9_]*$|^<[^>]*>$|\{\{.*\}\}|^(your|my|insert|replace|changeme|xxx|\.\.\.)/i.test(v) || /^[A-Z][A-Z0-9_]*$/.test(v);
}

/** Redacts credentials in a URL (userinfo, secret-looking query values) so it can be a component name. */
export function redactUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw.replace(/([?&][^=&]*=)[^&]*/g, (m, k: string) => (SECRET_KEY.test(k) ? `${k}<redacted>` : m));
  }
  if (u.username || u.password) {
    u.username = u.username ? 'redacted' : '';
    u.password = '';
  }
  for (const [k, v] of [...u.searchParams.entries()]) if (SECRET_KEY.test(k) || looksLikeSecret(v)) u.searchParams.set(k, 'redacted');
  // URL() adds a trailing slash to bare origins; keep the author's spelling otherwise
  const s = u.toString();
  return raw.endsWith('/') || u.pathname !== '/' || u.search ? s : s.replace(/\/$/, '');
}

/** Redacts `--api-key=...`, `--token xyz` and secret-looking arguments of a command line. */
export function redactArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = /^(--?[A-Za-z0-9-_]+)=(.*)$/.exec(a);
    if (eq && (SECRET_KEY.test(eq[1]!) || looksLikeSecret(eq[2]!))) out.push(`${eq[1]}=<redacted>`);
    else if (looksLikeSecret(a)) out.push('<redacted>');
    else if (/^--?[A-Za-z]/.test(a) && SECRET_KEY.test(a) && i + 1 < args.length) {
      out.push(a, '<redacted>');
      i++;
    } else out.push(a);
  }
  return out;
}

const RUNNERS: Record<string, 'npm' | 'py' | 'docker'> = { npx: 'npm', bunx: 'npm', pnpx: 'npm', uvx: 'py', pipx: 'py', docker: 'docker', podman: 'docker' };
const DOCKER_FLAGS_WITH_VALUE = new Set(['-e', '--env', '-v', '--volume', '--name', '-p', '--publish', '--network', '--env-file', '-w', '--workdir', '--user', '-u', '--mount', '--entrypoint', '--platform', '-l', '--label']);

/** Whether the package or image a runner command starts is pinned to a version; undefined for local programs. */
export function pinnedCommand(command: string, args: string[]): boolean | undefined {
  const base = command.split(/[\\/]/).pop()!.replace(/\.(cmd|exe)$/, '');
  let runner = RUNNERS[base];
  let rest = args;
  if (!runner && (base === 'pnpm' || base === 'yarn' || base === 'bun' || base === 'npm') && (args[0] === 'dlx' || args[0] === 'x' || args[0] === 'exec')) {
    runner = 'npm';
    rest = args.slice(1);
  }
  if (!runner && base === 'uv' && args[0] === 'tool' && args[1] === 'run') {
    runner = 'py';
    rest = args.slice(2);
  }
  if (!runner) return undefined;
  if (runner === 'docker') {
    const i = rest.indexOf('run');
    if (i < 0) return undefined;
    for (let j = i + 1; j < rest.length; j++) {
      const a = rest[j]!;
      if (DOCKER_FLAGS_WITH_VALUE.has(a)) j++;
      else if (!a.startsWith('-')) return /@sha256:[0-9a-f]{64}$/.test(a) || /:[^/:]+$/.test(a.replace(/^[^/]*:\d+\//, '')) && !a.endsWith(':latest');
    }
    return undefined;
  }
  let pkg: string | undefined;
  for (let j = 0; j < rest.length; j++) {
    const a = rest[j]!;
    if (a === '--from' || a === '-p' || a === '--package') {
      pkg = rest[j + 1];
      break;
    }
    if (!a.startsWith('-')) {
      pkg = a;
      break;
    }
  }
  if (!pkg) return undefined;
  if (runner === 'py') return /(==|@)\d[\w.]*$/.test(pkg);
  const at = pkg.lastIndexOf('@');
  if (at <= 0) return false;
  const version = pkg.slice(at + 1);
  return /^\d+\.\d+\.\d+([-+][\w.]+)?$/.test(version);
}

/**
 * An MCP server reached over HTTP: named by its URL (credentials redacted). One on this machine's loopback
 * (`http://localhost:8000/mcp`, the SDK examples' own server) is not remote.
 */
export function remoteServer(url: string, transport: string, framework?: string): NewComponent {
  const clean = redactUrl(url);
  const c: NewComponent = { kind: 'mcp-server', name: clean, global: true, attributes: { transport, remote: !isLoopback(clean), url: clean } };
  if (framework) c.framework = framework;
  return c;
}

/**
 * A server whose URL the code computes (`new URL(process.env.MCP_URL)`, `config.mcpUrl`): named by that expression
 * (`expr`, its one-line source text), one per file, as two files' `url` may be anything.
 */
export function computedServer(expr: string, transport: string, framework?: string): NewComponent {
  const c: NewComponent = { kind: 'mcp-server', name: expressionName(expr), global: false, attributes: { transport, addressComputed: true } };
  if (framework) c.framework = framework;
  return c;
}

/** An expression's source text on one line, cut to a name's length: what names a server found by its address's code. */
export function expressionName(expr: string): string {
  const text = expr.replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Whether a URL's host is this machine's loopback. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '0.0.0.0';
}

/** A local (stdio) MCP server: named by its config key when it has one, and its command line. */
/** An argument the code computes at run time. */
export const UNRESOLVED = '<expr>';

export function stdioServer(key: string | undefined, command: string, args: string[], framework?: string): NewComponent {
  const line = [command, ...redactArgs(args)].join(' ').trim();
  const attributes: Record<string, string | boolean> = { transport: 'stdio', remote: false, command: line };
  const pinned = pinnedCommand(command, args);
  if (pinned !== undefined) attributes.pinned = pinned;
  // `node <expr>` in two files are two servers as far as we know: only a fully literal command line is repo-wide
  const global = command !== UNRESOLVED && !args.includes(UNRESOLVED);
  const c: NewComponent = { kind: 'mcp-server', name: key ? `${key}: ${line}` : line, global, attributes };
  if (framework) c.framework = framework;
  return c;
}
