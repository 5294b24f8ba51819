/**
 * A framework's own repository imports the framework everywhere; that is not application usage.
 * Per-file we cannot read the repository's pyproject name, so the file's path decides: the import is the file's
 * own package when a directory on the path is named like the imported package and sits where packages live
 * (`src/<pkg>/`, `lib/`, `libs/`, `python/`, `packages/`, a distribution directory such as `pydantic_ai_slim/` or
 * `llama-index-core/`), or at the repository root when the file uses relative imports (a package, not a script).
 * A framework's own tests under `libs/<name>/tests/` count as its tree too (`libs/core` for `langchain_core`).
 * A directory with a source root below it (`src/git/src/mcp_server_git/`) is a project folder, not the package.
 */
const PACKAGE_HOMES = new Set(['src', 'lib', 'libs', 'python', 'packages']);

export function isOwnPackageImport(path: string, module: string, hasRelativeImports: boolean): boolean {
  const dirs = path.split('/').slice(0, -1);
  const segs = module.split('.');
  // Namespace packages (`google.adk`) are matched on both segments.
  const want = segs[0] === 'google' && segs.length > 1 ? segs.slice(0, 2) : segs.slice(0, 1);
  const pkg = want.join('_');
  for (let i = 0; i + want.length <= dirs.length; i++) {
    if (!want.every((w, j) => dirs[i + j] === w)) continue;
    if (i === 0) {
      if (hasRelativeImports) return true;
      continue;
    }
    const before = normalize(dirs[i - 1]!);
    // `src/git/src/mcp_server_git/`: a project folder named like a library, with its own source root below it
    if (dirs.slice(i + want.length).some((d) => PACKAGE_HOMES.has(normalize(d)))) continue;
    if (PACKAGE_HOMES.has(before)) return true;
    if (before.length > 2 && (before.startsWith(pkg) || pkg.startsWith(before))) return true;
  }
  const libs = dirs.indexOf('libs');
  if (libs >= 0) {
    for (const d of dirs.slice(libs + 1)) {
      const x = normalize(d);
      if (x === pkg || pkg.endsWith(`_${x}`)) return true;
    }
  }
  return false;
}

function normalize(dir: string): string {
  return dir.toLowerCase().replace(/-/g, '_');
}
