import type { Linker } from './build.js';
import type { Component } from './types.js';

const MANIFESTS = new Set(['package.json', 'pyproject.toml', 'setup.py', 'setup.cfg']);

/**
 * Package-level facts: whether a dependency manifest has a lockfile (beside it or in a parent folder, as
 * monorepos keep one at the root), and which code is a framework's own source. A file belongs to the package
 * of its nearest manifest; when that manifest defines an AI framework package (the repository *is* the
 * framework), its code is not application usage. Examples with their own manifest inside such a repo still count.
 */
export const linkPackages: Linker = ({ components, files, paths }) => {
  // Every path of a big monorepo: hashed only when a manifest asks about its neighbours.
  let all: Set<string> | undefined;
  const allPaths = () => (all ??= new Set(paths));
  const lockfileFor = new Map<string, boolean>();
  const definingDirs = new Set<string>();
  for (const f of files) {
    const facts = f.findings.facts;
    if (typeof facts.definesPackage === 'string') definingDirs.add(dirOf(f.path));
    const candidates = facts.lockfileCandidates;
    if (Array.isArray(candidates)) lockfileFor.set(f.path, hasLockfile(dirOf(f.path), candidates as string[], allPaths()));
  }
  const out: Component[] = components.map((c) => {
    if (c.kind !== 'dependency-manifest') return c;
    const file = c.evidence[0]?.path;
    const lock = file === undefined ? undefined : lockfileFor.get(file);
    return lock === undefined ? c : { ...c, attributes: { ...(c.attributes ?? {}), lockfile: lock } };
  });
  if (!definingDirs.size) return { components: out };
  const manifestDirs = new Set([...allPaths()].filter((p) => MANIFESTS.has(baseOf(p))).map(dirOf));
  const nearest = (path: string): string | undefined => {
    for (let d = dirOf(path); ; d = dirOf(d)) {
      if (manifestDirs.has(d)) return d;
      if (d === '') return undefined;
    }
  };
  return { components: out, exclude: (path) => definingDirs.has(nearest(path) ?? '\0') };
};

function hasLockfile(dir: string, names: string[], all: Set<string>): boolean {
  for (let d = dir; ; d = dirOf(d)) {
    if (names.some((n) => all.has(d ? `${d}/${n}` : n))) return true;
    if (d === '') return false;
  }
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
