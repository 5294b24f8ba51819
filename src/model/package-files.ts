/** Which language a path holds code of, or installs packages for: what ties a dependency manifest to its code. */
export type Language = 'js' | 'python';

export function codeLanguage(path: string): Language | undefined {
  if (/\.(?:py|pyi|ipynb)$/.test(path)) return 'python';
  if (/\.(?:[cm]?[jt]sx?)$/.test(path)) return 'js';
  return undefined;
}

/** The language whose packages a dependency manifest installs; undefined for any other file. */
export function manifestLanguage(path: string): Language | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'package.json') return 'js';
  if (PY_MANIFESTS.has(base) || /^requirements[\w.-]*\.(?:txt|in)$/.test(base) || /(?:^|\/)requirements\/[\w.-]+\.(?:txt|in)$/.test(path)) return 'python';
  return undefined;
}

const PY_MANIFESTS = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile']);
