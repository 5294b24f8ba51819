import type { Diagnostic } from '../../model/types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { emptyFindings } from '../types.js';
import { isTestPath } from '../test-paths.js';
import { plausibleLiteral } from './generic.js';
import { isSecretName, NAME_NEEDLES } from './names.js';

/** Fixed text every token shape in shapes.ts starts with (or contains). */
const TOKEN_NEEDLES = ['sk-', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'xox', 'hooks.slack.com', 'AIza', 'hf_', 'k_live_', 'PRIVATE KEY'];
import { dockerfileLiterals } from './pairs/dockerfile.js';
import { envLiterals } from './pairs/env.js';
import { loadTs } from '../js/load-ts.js';
import { jsLiterals } from './pairs/js.js';
import { pythonLiterals } from './pairs/python.js';
import { loadPython } from '../python/analysis/tree-once.js';
import { tomlLiterals } from './pairs/toml.js';
import type { NamedLiteral } from './pairs/types.js';
import { lineIndex } from '../../model/order.js';
import { yamlLiterals } from './pairs/yaml.js';
import { findTokens, hasKeyBody, redactValue } from './shapes.js';
import { byExtension } from '../select.js';

const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'uv.lock', 'pipfile.lock', 'cargo.lock', 'composer.lock', 'gemfile.lock', 'bun.lockb']);

export type Format = 'python' | 'js' | 'yaml' | 'json' | 'toml' | 'env' | 'dockerfile' | 'text';

const EXTENSIONS: [Format, string[]][] = [
  ['python', ['py', 'pyi']],
  ['js', ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs']],
  ['yaml', ['yaml', 'yml']],
  ['json', ['json']],
  ['toml', ['toml']],
  ['text', ['tf', 'tfvars', 'hcl', 'sh', 'bash', 'zsh', 'ini', 'cfg', 'conf', 'properties', 'md', 'txt', 'ipynb', 'xml', 'gradle', 'go', 'rb', 'java', 'kt', 'rs', 'cs', 'php']],
];
const BY_EXTENSION = new Map(EXTENSIONS.flatMap(([format, exts]) => exts.map((e) => [e, format] as const)));
/** Extensions that give a file a format whatever its name: no lock file has them. */
const SURE_EXTENSIONS = [...BY_EXTENSION.keys()].filter((e) => ![...LOCK_FILES].some((name) => name.endsWith(`.${e}`)));

/** Which reader extracts `name = literal` pairs from a file; `text` files are searched for token shapes only. */
export function formatOf(path: string): Format | undefined {
  const lower = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  // Lock files are megabytes of hashes and URLs nobody types a key into; minified bundles are searched for shapes only.
  if (LOCK_FILES.has(lower)) return undefined;
  const dot = lower.lastIndexOf('.');
  const ext = dot < 0 ? '' : lower.slice(dot + 1);
  if ((ext === 'js' || ext === 'mjs' || ext === 'cjs') && /\.min\.[cm]?js$/.test(lower)) return 'text';
  if (((lower.startsWith('dockerfile') || lower.startsWith('containerfile')) && /^(?:dockerfile|containerfile)(?:[.-].*)?$/.test(lower)) || ext === 'dockerfile') return 'dockerfile';
  if (ext === 'env' || lower.startsWith('.env.') || lower === '.envrc') return 'env';
  return BY_EXTENSION.get(ext);
}

/**
 * Likely credentials in scanned text: well-known token shapes anywhere (OpenAI, Anthropic, AWS, GitHub, Slack,
 * Google, Hugging Face, Stripe, private key blocks), and literals given to secret-named variables in code, env
 * files, YAML, JSON, TOML and Dockerfiles. Each becomes a `secret-found` diagnostic whose message shows the kind
 * and a redacted value (`sk-…3f9a`); the value itself is never kept, so it reaches neither cache nor report.
 */
export const secretsDetector: Detector = {
  id: 'secrets',
  version: 9,
  wants: byExtension({ yes: SURE_EXTENSIONS, otherwise: 'ask', anyCase: true }, (path) => formatOf(path) !== undefined),
  // Needles let the scan skip (not even read) the many files that hold neither a token prefix nor a secret-ish
  // name. A token in a file name whose content has none is then not reported here, but redactSecrets still masks
  // it wherever the path is shown.
  needles: [...TOKEN_NEEDLES, ...NAME_NEEDLES],
  async detect(file: FileInput): Promise<Findings> {
    const f = emptyFindings();
    const found = new Map<string, Diagnostic>();
    // Line 0: the fact belongs to the whole file (its name).
    const add = (line: number, message: string) => {
      const key = `${line}\0${message}`;
      if (!found.has(key)) found.set(key, { path: file.path, line, code: 'secret-found', message });
    };
    const tokenLines = new Set<number>();
    const lineAt = lineIndex(file.text);
    for (const hit of findTokens(file.text)) {
      if (hit.shape.id === 'private-key' && !hasKeyBody(file.text, hit.index + hit.value.length)) continue;
      const line = lineAt(hit.index);
      tokenLines.add(line);
      add(line, hit.shape.id === 'private-key' ? `possible ${hit.shape.label} (${hit.value.slice(5, -5)})` : `possible ${hit.shape.label} ${redactValue(hit.value, hit.shape.prefix(hit.value))}`);
    }
    // A token in the file name leaks wherever the path is shown; the path itself is masked by redactSecrets.
    for (const hit of findTokens(file.path)) add(0, `possible ${hit.shape.label} ${redactValue(hit.value, hit.shape.prefix(hit.value))} in the file name`);
    const format = formatOf(file.path);
    let pairs: NamedLiteral[] = [];
    if (format && format !== 'text' && mayHavePairs(format, file.text)) {
      try {
        pairs = await literals(format, file);
      } catch {
        pairs = []; // the format's own detector reports syntax errors; token shapes were still searched
      }
    }
    const inTest = isTestPath(file.path);
    for (const p of pairs) {
      // A line that already holds a well-known token says it once, with the precise kind.
      // `SETTINGS$LLM_API_KEY = "SETTINGS$LLM_API_KEY"`: an enum of message keys (OpenHands' i18n) names itself.
      if (tokenLines.has(p.line) || !isSecretName(p.name) || p.value.trim() === p.name || !plausibleLiteral(p.value, inTest)) continue;
      add(p.line, `possible credential in ${shortName(p.name)} ${redactValue(p.value)}`);
    }
    f.diagnostics = [...found.values()].sort((a, b) => a.line! - b.line! || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    return f;
  },
};

/**
 * In code, a pair is a secret word, then `=` or `:` on the same line, then a quoted literal (a `str` prefix allowed).
 * Files without that shape hold no pair, and skip the parse: the TypeScript parser took up to a second on a large
 * test file that says `token` a hundred times but assigns no literal to it. A name and its `=` on two lines is not
 * seen.
 */
const CODE_PAIR = /(?:key|secret|token|pass|pwd|credential)[^\n]{0,200}?[:=]\s*[rRbBuUfF]{0,2}["'`]/i;

/**
 * In YAML and JSON a name is a key, a Kubernetes `name:` value or what comes before `=` in a compose item, and a
 * secret name ends with its secret word (names.ts): one of those words must end a key or a value, before its
 * closing quotes, then `:` `=` `,` `}` `]` a comment or the line's end. Recorded HTTP fixtures and API payloads
 * that say `max_tokens` a thousand times skip the parse (on crewAI, 466 of 781 YAML and JSON files, two fifths of
 * the time). A secret word spelled with escapes (`"api_ke\x79"`) is not seen. Env, TOML and Dockerfiles are
 * always read.
 */
const CONFIG_NAME_END = /(?:key|secret|token|password|passwd|pwd|credentials?)(?:\\?["'`]){0,3}[ \t]*(?:[:=,}\]#\r\n]|$)/im;

export function mayHavePairs(format: Format, text: string): boolean {
  if (!NAME_NEEDLES.some((n) => text.includes(n))) return false;
  if (format === 'python' || format === 'js') return CODE_PAIR.test(text);
  return format === 'yaml' || format === 'json' ? CONFIG_NAME_END.test(text) : true;
}

async function literals(format: Format, file: FileInput): Promise<NamedLiteral[]> {
  switch (format) {
    case 'python':
      await loadPython();
      return pythonLiterals(file.text);
    case 'js':
      return jsLiterals(await loadTs(), file.text, file.path);
    case 'yaml':
    case 'json':
      return yamlLiterals(file.text);
    case 'toml':
      return tomlLiterals(file.text);
    case 'env':
      return envLiterals(file.text);
    case 'dockerfile':
      return dockerfileLiterals(file.text);
    default:
      return [];
  }
}

/** Names are repository text: keep them short and plain in the message. */
function shortName(name: string): string {
  const plain = name.replace(/[^A-Za-z0-9_.-]/g, '?');
  return plain.length > 60 ? `${plain.slice(0, 57)}...` : plain;
}
