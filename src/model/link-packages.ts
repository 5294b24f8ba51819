import type { Linker } from './build.js';
import { codeLanguage, manifestLanguage } from './package-files.js';
import { baseOf, dirOf, joinPath } from './repo-paths.js';
import type { Component, Diagnostic } from './types.js';

const MANIFESTS = new Set(['package.json', 'pyproject.toml', 'setup.py', 'setup.cfg']);

/**
 * Package-level facts: whether a dependency manifest has a lockfile (beside it or in a parent folder, as
 * monorepos keep one at the root), and which code is a framework's own source. A file belongs to the package
 * of its nearest manifest; when that manifest defines an AI framework package (the repository *is* the
 * framework), its code is not application usage. A name that is an AI package's by its prefix alone
 * (`langgraph-demo`) counts only when a file of the package is inside the framework's own tree (the Python
 * detector's `definesFrameworks`). Examples with their own manifest inside such a repo still count, and so do the
 * package's Dockerfiles, workflows and other deployment files: they build and ship the repository whatever it is.
 */
export const linkPackages: Linker = ({ components, files, paths }) => {
  // Every path of a big monorepo: hashed only when a manifest asks about its neighbours.
  let all: Set<string> | undefined;
  const allPaths = () => (all ??= new Set(paths));
  const lockfileFor = new Map<string, string | false>();
  const named = new Map<string, { byPrefixOnly: boolean; manifest: string; name: string }>();
  for (const f of files) {
    const facts = f.findings.facts;
    if (typeof facts.definesPackage === 'string') named.set(dirOf(f.path), { byPrefixOnly: facts.definesByPrefixOnly === true, manifest: f.path, name: facts.definesPackage });
    const candidates = facts.lockfileCandidates;
    if (Array.isArray(candidates)) lockfileFor.set(f.path, nearestLockfile(dirOf(f.path), candidates as string[], allPaths()));
  }
  const out: Component[] = components.map((c) => {
    if (c.kind !== 'dependency-manifest') return c;
    const file = c.evidence[0]?.path;
    const lock = file === undefined ? undefined : lockfileFor.get(file);
    if (lock === undefined) return c;
    return { ...c, attributes: { ...(c.attributes ?? {}), lockfile: lock !== false, ...(lock ? { lockfilePath: lock } : {}) } };
  });
  if (!named.size) return { components: out };
  // A module named setup.py inside a package (openai-agents' tracing/setup.py) is code, not a manifest.
  const isManifest = (p: string) => MANIFESTS.has(baseOf(p)) && !(baseOf(p).startsWith('setup.') && allPaths().has(joinPath(dirOf(p), '__init__.py')));
  const manifestDirs = new Set([...allPaths()].filter(isManifest).map(dirOf));
  const nearest = (path: string): string | undefined => {
    for (let d = dirOf(path); ; d = dirOf(d)) {
      if (manifestDirs.has(d)) return d;
      if (d === '') return undefined;
    }
  };
  const shown = new Set<string>();
  for (const f of files) {
    const own = f.findings.facts.definesFrameworks;
    const dir = Array.isArray(own) && own.length ? nearest(f.path) : undefined;
    if (dir !== undefined) shown.add(dir);
  }
  const definingDirs = new Set([...named].filter(([dir, n]) => !n.byPrefixOnly || shown.has(dir)).map(([dir]) => dir));
  if (!definingDirs.size) return { components: out };
  const exclude = (path: string) => isPackageCode(path) && definingDirs.has(nearest(path) ?? '\0');
  // Said once per package, so a framework's repository that reports no agents says why.
  const dropped = new Map<string, Set<string>>();
  for (const f of files) {
    if (!f.findings.components.length || !codeLanguage(f.path) || !exclude(f.path)) continue;
    const dir = nearest(f.path)!;
    if (!dropped.has(dir)) dropped.set(dir, new Set());
    dropped.get(dir)!.add(f.path);
  }
  const diagnostics: Diagnostic[] = [...dropped].map(([dir, paths]) => {
    const n = named.get(dir)!;
    return {
      path: n.manifest,
      code: 'framework-source',
      message: `${paths.size} code file(s) with findings under ${dir ? `${dir}/` : 'the repository root'} belong to the ${n.name} package itself and are not modelled as an application; give an example its own manifest to scan it as one`,
    };
  });
  return { components: out, exclude, diagnostics };
};

/** Code and the manifests that describe it: what a framework's own package holds as the framework. */
function isPackageCode(path: string): boolean {
  return codeLanguage(path) !== undefined || manifestLanguage(path) !== undefined;
}

/** The nearest lockfile of `names` in `dir` or a folder above it. */
function nearestLockfile(dir: string, names: string[], all: Set<string>): string | false {
  for (let d = dir; ; d = dirOf(d)) {
    const found = names.map((n) => joinPath(d, n)).find((p) => all.has(p));
    if (found) return found;
    if (d === '') return false;
  }
}
