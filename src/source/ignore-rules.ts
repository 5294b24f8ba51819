import ignore, { type Ignore } from 'ignore';

/** Never useful to a threat model and often huge: dependency and tool caches. */
export const DEFAULT_IGNORES = [
  '.git/',
  'node_modules/',
  '.venv/',
  'venv/',
  '__pycache__/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  'site-packages/',
  '.terraform/',
];

const DEFAULT_DIRS = new Set(DEFAULT_IGNORES.map((p) => p.slice(0, -1)));

export function baseIgnore(extra: string[] = []): Ignore {
  return ignore({ allowRelativePaths: true }).add(DEFAULT_IGNORES).add(extra);
}

/**
 * A test for file paths equal to `baseIgnore(extra).ignores(path)`, fast for the default rules: every default is
 * a directory name matched at any depth, so a Set lookup per directory segment decides it. The `ignore` package
 * (a few microseconds a path) runs only when the repository has patterns of its own.
 */
export function fileIgnorer(extra: string[] = []): (path: string) => boolean {
  const own = extra.filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (own.length === 0) return inDefaultDir;
  const ig = baseIgnore(extra);
  if (!own.every(isPlainDirRule)) return (p) => ig.ignores(p);
  // Rules that name directories only (`generated/`, `!vendor/keep/`), like the defaults, never match a file by its
  // own name: its directory decides, asked once per directory rather than once per file.
  const dirs = new Map<string, boolean>();
  return (p) => {
    const slash = p.lastIndexOf('/');
    if (slash < 0) return false;
    const dir = p.slice(0, slash);
    let answer = dirs.get(dir);
    if (answer === undefined) dirs.set(dir, (answer = ig.ignores(dir + '/')));
    return answer;
  };
}

/** A pattern that ends in `/` with nothing the grammar treats specially at its end (escapes, trailing blanks). */
function isPlainDirRule(line: string): boolean {
  return line.endsWith('/') && !line.includes('\\') && line.trim() === line && line.replace(/^!/, '').replace(/\/+$/, '') !== '';
}

/** Lengths of the default directory names: a segment of any other length is no default without a copy of it. */
const DEFAULT_LENGTHS = new Set([...DEFAULT_DIRS].map((d) => d.length));

function inDefaultDir(p: string): boolean {
  let start = 0;
  for (let slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', start)) {
    if (DEFAULT_LENGTHS.has(slash - start) && DEFAULT_DIRS.has(p.slice(start, slash))) return true;
    start = slash + 1;
  }
  return false;
}

/** Splits a `.maestroignore` / `.gitignore` text into patterns (the `ignore` package parses the grammar). */
export function patternsFrom(text: string): string[] {
  return text.split(/\r?\n/);
}
