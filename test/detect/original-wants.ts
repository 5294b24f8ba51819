/**
 * The detectors' `wants` (and the path classifiers they call) as they were before they were rewritten for speed:
 * the oracle that select.test.ts holds the fast ones to. Kept verbatim; do not "fix" them here.
 */

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function isRequirementsPath(path: string): boolean {
  const base = path.split('/').pop()!;
  return /^requirements[\w.-]*\.(txt|in)$/.test(base) || /(?:^|\/)requirements\/[\w.-]+\.(txt|in)$/.test(path);
}

export function isAgentCardPath(path: string): boolean {
  return /(?:^|\/)\.well-known\/agent(?:-card)?\.json$/.test(path) || /(?:^|\/)agent-card\.json$/.test(path);
}

const MCP_NAMES = new Set(['mcp.json', '.mcp.json', 'claude_desktop_config.json', '.claude.json', 'mcp_config.json', 'cline_mcp_settings.json', 'mcp_settings.json']);

export function isMcpConfigPath(path: string): boolean {
  const base = path.split('/').pop()!;
  return MCP_NAMES.has(base) || /(?:^|\/)\.claude\/settings(?:\.[^/]+)?\.json$/.test(path) || /(?:^|\/)\.gemini\/settings\.json$/.test(path);
}

const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'uv.lock', 'pipfile.lock', 'cargo.lock', 'composer.lock', 'gemfile.lock', 'bun.lockb']);

export function formatOf(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (LOCK_FILES.has(lower)) return undefined;
  if (/\.min\.[cm]?js$/.test(lower)) return 'text';
  if (/^(?:dockerfile|containerfile)(?:[.-].*)?$/.test(lower) || lower.endsWith('.dockerfile')) return 'dockerfile';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env') || lower === '.envrc') return 'env';
  const ext = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '';
  switch (ext) {
    case 'py':
    case 'pyi':
      return 'python';
    case 'ts':
    case 'tsx':
    case 'mts':
    case 'cts':
    case 'js':
    case 'jsx':
    case 'mjs':
    case 'cjs':
      return 'js';
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'json':
      return 'json';
    case 'toml':
      return 'toml';
    case 'tf':
    case 'tfvars':
    case 'hcl':
    case 'sh':
    case 'bash':
    case 'zsh':
    case 'ini':
    case 'cfg':
    case 'conf':
    case 'properties':
    case 'md':
    case 'txt':
    case 'ipynb':
    case 'xml':
    case 'gradle':
    case 'go':
    case 'rb':
    case 'java':
    case 'kt':
    case 'rs':
    case 'cs':
    case 'php':
      return 'text';
    default:
      return undefined;
  }
}

export function isDockerfilePath(path: string): boolean {
  const b = basename(path);
  if (/\.(dockerignore|md|txt|rst|adoc|json|ya?ml|sh|ps1|py|[cm]?[jt]s|html|lock|png|svg)$/i.test(b)) return false;
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(b) || /.\.(dockerfile|containerfile)$/i.test(b);
}

export function isComposePath(path: string): boolean {
  return /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(basename(path));
}

const K8S_SKIP = /(^|\/)(\.github\/workflows|\.gitlab-ci|\.circleci)\//;
const JS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const JS_SKIP = /(?:\.d\.[cm]?ts|\.min\.js|\.bundle\.js)$|(?:^|\/)(?:node_modules|\.next|dist\/assets)\//;

/** Each detector's original `wants`, by detector id. */
export const originalWants: Record<string, (path: string) => boolean> = {
  // Jupyter notebooks since the Python detector reads their code cells (a deliberate change of what it wants).
  python: (path) => path.endsWith('.py') || path.endsWith('.pyw') || path.endsWith('.ipynb'),
  'js-agent-stack': (path) => JS_FILE.test(path) && !JS_SKIP.test(path),
  'mcp-config': isMcpConfigPath,
  'mcp-agent-config': (path) => /(^|\/)(mcp_agent|fastagent)\.config\.ya?ml$/.test(path),
  'mcp-config-any-name': (path) => path.endsWith('.json') && !isMcpConfigPath(path) && !/(?:^|\/)node_modules\//.test(path) && !/(?:^|\/)(?:package(?:-lock)?|tsconfig)\.json$/.test(path),
  'a2a-agent-card': isAgentCardPath,
  'package-json': (path) => (path === 'package.json' || path.endsWith('/package.json')) && !/(?:^|\/)node_modules\//.test(path),
  'pyproject-toml': (path) => path === 'pyproject.toml' || path.endsWith('/pyproject.toml'),
  'requirements-txt': isRequirementsPath,
  'infra-dockerfile': isDockerfilePath,
  'infra-compose': isComposePath,
  'infra-k8s': (path) => /\.ya?ml$/i.test(path) && !K8S_SKIP.test(path) && !isComposePath(path) && !/(^|\/)(Chart|values[^/]*)\.ya?ml$/i.test(path),
  'infra-helm': (path) => /^(Chart|values)\.ya?ml$/i.test(basename(path)),
  'infra-terraform': (path) => /\.tf(\.json)?$/i.test(path),
  'infra-cloudformation': (path) =>
    /\.(ya?ml|json|template)$/i.test(path) && !/(^|\/)(\.github\/workflows|node_modules)\//.test(path) && !/(^|\/)(package(-lock)?|tsconfig|composer)\.json$/i.test(path),
  'infra-gh-workflow': (path) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path),
  'ci-agent': (path) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path),
  secrets: (path) => formatOf(path) !== undefined,
};
