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

export function baseIgnore(extra: string[] = []): Ignore {
  return ignore({ allowRelativePaths: true }).add(DEFAULT_IGNORES).add(extra);
}

/** Splits a `.maestroignore` / `.gitignore` text into patterns (the `ignore` package parses the grammar). */
export function patternsFrom(text: string): string[] {
  return text.split(/\r?\n/);
}
