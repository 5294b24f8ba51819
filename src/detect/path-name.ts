import type { ExtensionRule } from './select.js';

/**
 * Cheap tests on a repository path for detectors' `wants`, which run on every listed path of a tree (tens of
 * thousands): a few character comparisons decide most paths before any slice, lowercase copy or regex.
 */

/** What follows the last `/`. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * `path` holds `text` (lowercase) at `at`, ASCII letters compared in either case: what the `i` flag without `u`
 * matches, which folds no character outside ASCII onto an ASCII letter (`toLowerCase` turns the Kelvin sign into
 * `k`, so it would not do).
 */
export function anyCaseAt(path: string, at: number, text: string): boolean {
  if (at < 0 || at + text.length > path.length) return false;
  for (let i = text.length - 1; i >= 0; i--) {
    const t = text.charCodeAt(i);
    const c = path.charCodeAt(at + i);
    if (c !== t && !(t >= 97 && t <= 122 && (c | 0x20) === t)) return false;
  }
  return true;
}

/** `/tail$/i` for a lowercase `tail` without regex syntax. */
export function endsWithAnyCase(path: string, tail: string): boolean {
  return anyCaseAt(path, path.length - tail.length, tail);
}

/** Detectors of YAML files ask about `.yml` and `.yaml` paths in any case, and want no others. */
export const YAML_FILES: ExtensionRule = { ask: ['yml', 'yaml'], otherwise: 'no', anyCase: true };

/** `/\.ya?ml$/i` */
export function isYamlPath(path: string): boolean {
  return endsWithAnyCase(path, '.yml') || endsWithAnyCase(path, '.yaml');
}

/** A test for `/(?:^|\/)dir\//`: a directory of that name (or run of names, `a/b`) somewhere on the path. */
export function inDir(dir: string): (path: string) => boolean {
  const head = dir + '/';
  const inner = '/' + head;
  return (path) => path.startsWith(head) || path.includes(inner);
}

/** `/(?:^|\/)dir\/[^/]*$/i`: the file's own directory is named `dir` (lowercase), in any case. */
export function parentIsAnyCase(path: string, dir: string): boolean {
  const slash = path.lastIndexOf('/');
  const at = slash - dir.length;
  return at >= 0 && (at === 0 || path.charCodeAt(at - 1) === 47) && anyCaseAt(path, at, dir);
}
