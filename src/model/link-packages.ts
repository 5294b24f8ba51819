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
  // By language and folder: a pyproject.toml that defines a framework's Python package says nothing of the
  // TypeScript app whose package.json sits beside it (langchain-ai/social-media-agent), nor the other way round.
  const named = new Map<string, { byPrefixOnly: boolean; manifest: string; name: string; dir: string }>();
  for (const f of files) {
    const facts = f.findings.facts;
    const lang = manifestLanguage(f.path);
    if (typeof facts.definesPackage === 'string' && lang) named.set(packageKey(lang, dirOf(f.path)), { byPrefixOnly: facts.definesByPrefixOnly === true, manifest: f.path, name: facts.definesPackage, dir: dirOf(f.path) });
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
  const defining = new Set([...named].filter(([, n]) => !n.byPrefixOnly || shown.has(n.dir)).map(([key]) => key));
  if (!defining.size) return { components: out };
  const keyOf = (path: string): string | undefined => {
    const lang = codeLanguage(path) ?? manifestLanguage(path);
    const dir = lang && nearest(path);
    return lang && dir !== undefined ? packageKey(lang, dir) : undefined;
  };
  const exclude = (path: string) => defining.has(keyOf(path) ?? '\0');
  // Said once per package, so a framework's repository that reports no agents says why.
  const dropped = new Map<string, Set<string>>();
  for (const f of files) {
    if (!f.findings.components.length || !codeLanguage(f.path) || !exclude(f.path)) continue;
    const key = keyOf(f.path)!;
    if (!dropped.has(key)) dropped.set(key, new Set());
    dropped.get(key)!.add(f.path);
  }
  const diagnostics: Diagnostic[] = [...dropped].map(([key, paths]) => {
    const n = named.get(key)!;
    return {
      path: n.manifest,
      code: 'framework-source',
      message: `${paths.size} code file(s) with findings under ${n.dir ? `${n.dir}/` : 'the repository root'} belong to the ${n.name} package itself and are not modelled as an application; give an example its own manifest to scan it as one`,
    };
  });
  return { components: out, exclude, diagnostics };
};

/** A package's place: its language (what its manifest installs) and its folder. */
function packageKey(lang: string, dir: string): string {
  return `${lang}\0${dir}`;
}

/** The nearest lockfile of `names` in `dir` or a folder above it. */
function nearestLockfile(dir: string, names: string[], all: Set<string>): string | false {
  for (let d = dir; ; d = dirOf(d)) {
    const found = names.map((n) => joinPath(d, n)).find((p) => all.has(p));
    if (found) return found;
    if (d === '') return false;
  }
}
