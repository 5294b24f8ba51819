import type { FileFindings } from '../detect/run.js';
import { cmp } from './order.js';
import { dirOf, joinPath, pathLookup, type PathLookup } from './repo-paths.js';
import type { Diagnostic } from './types.js';

const PY_PROJECT = ['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile'];
/** `requirements.txt`, `requirements-dev.txt`, `requirements_prod.txt`: a name after the folder's `requirements`. */
const REQUIREMENTS = /^requirements[\w.-]*\.txt$/;

/**
 * A repository's own Python package may bear a framework's import name: a top-level `agents/` with `agent.py` is
 * not the OpenAI Agents SDK, though `from agents.agent import Agent` reads like it. Python imports whichever comes
 * first on its path, and the folders it puts first hold the repository's own modules: the importing file's project
 * (the folder of its nearest Python manifest, else the repository root) and a script's own folder (a file with no
 * relative imports outside any package). When a module a file recognised a framework by (`facts.frameworkModules`)
 * is a file of the repository in one of those, the framework is the repository's own code in that file: its
 * components there, the sites they share (the framework's default model at the same call), and the framework
 * itself are dropped from the file's findings, and a note says which module shadowed it.
 */
export function dropShadowedFrameworks(files: FileFindings[], paths: readonly string[]): { files: FileFindings[]; diagnostics: Diagnostic[] } {
  if (!files.some((f) => f.findings.facts.frameworkModules)) return { files, diagnostics: [] };
  const all = pathLookup(paths);
  const projects = new Map<string, boolean>();
  const isProject = (d: string): boolean => {
    let yes = projects.get(d);
    if (yes === undefined) {
      yes = PY_PROJECT.some((m) => all.has(joinPath(d, m))) || all.startingWith(joinPath(d, 'requirements')).some((p) => REQUIREMENTS.test(p.slice(d.length + 1)));
      projects.set(d, yes);
    }
    return yes;
  };
  const projectOf = (file: string): string | undefined => {
    for (let d = dirOf(file); d !== ''; d = dirOf(d)) if (isProject(d)) return d;
    return undefined;
  };
  const shadows = new Map<string, { framework: string; files: Set<string> }>();
  const out = files.map((f) => {
    const modules = f.findings.facts.frameworkModules as Record<string, unknown> | undefined;
    if (!modules || typeof modules !== 'object') return f;
    const roots = importRoots(f.path, f.findings.facts.relativeImports === true, projectOf, all);
    const shadowed = new Map<string, string>();
    for (const [framework, list] of Object.entries(modules)) {
      if (!Array.isArray(list)) continue;
      for (const m of list) {
        const local = typeof m === 'string' ? localModule(m, roots, f.path, all) : undefined;
        if (local) {
          shadowed.set(framework, local);
          break;
        }
      }
    }
    if (!shadowed.size) return f;
    for (const [framework, local] of shadowed) {
      const s = shadows.get(local) ?? { framework, files: new Set<string>() };
      s.files.add(f.path);
      shadows.set(local, s);
    }
    return { ...f, findings: withoutFrameworks(f, new Set(shadowed.keys())) };
  });
  const diagnostics: Diagnostic[] = [...shadows]
    .sort(([a], [b]) => cmp(a, b))
    .map(([local, s]) => ({
      path: local,
      code: 'local-package',
      message: `this repository's own module bears the ${s.framework} framework's import name: ${s.files.size} file(s) importing it are not modelled as using ${s.framework}`,
    }));
  return { files: out, diagnostics };
}

/** The folders Python may look in first for a top-level module imported by `file`. */
function importRoots(file: string, relative: boolean, projectOf: (file: string) => string | undefined, all: PathLookup): string[] {
  const own = dirOf(file);
  const project = projectOf(file) ?? '';
  // A module of a package is imported by its package path: its own folder is on the path, ahead of the project's,
  // only when it is run as a script.
  return !relative && !all.has(joinPath(own, '__init__.py')) && own !== project ? [own, project] : [project];
}

/**
 * The repository's top-level module that dotted module `m` is found in from one of `roots` (its package's
 * `__init__.py`, else the file `m` names), when that is not the importing file itself.
 */
function localModule(m: string, roots: readonly string[], file: string, all: PathLookup): string | undefined {
  const segs = m.split('.');
  const rel = segs.join('/');
  for (const root of roots) {
    const found = [joinPath(root, `${rel}.py`), joinPath(root, `${rel}/__init__.py`)].find((c) => c !== file && all.has(c));
    if (!found) continue;
    const top = joinPath(joinPath(root, segs[0]!), '__init__.py');
    return segs.length > 1 && all.has(top) ? top : found;
  }
  return undefined;
}

function withoutFrameworks(f: FileFindings, frameworks: ReadonlySet<string>): FileFindings['findings'] {
  const { findings } = f;
  const dropped = new Set<string>();
  const lines = new Set<number>();
  for (const c of findings.components) {
    if (!c.framework || !frameworks.has(c.framework)) continue;
    dropped.add(c.id);
    for (const e of c.evidence) if (e.path === f.path && e.line > 0) lines.add(e.line);
  }
  const atDroppedCall = (e: { path: string; line: number }) => e.path === f.path && lines.has(e.line);
  const components = findings.components.flatMap((c) => {
    if (dropped.has(c.id)) return [];
    const evidence = c.evidence.filter((e) => !atDroppedCall(e));
    if (evidence.length === c.evidence.length) return [c];
    if (!evidence.length) {
      dropped.add(c.id);
      return [];
    }
    return [{ ...c, evidence }];
  });
  const facts = { ...findings.facts };
  for (const key of ['exports', 'symbols'] as const) {
    const held = facts[key] as Record<string, unknown> | undefined;
    if (!held || typeof held !== 'object') continue;
    const kept = Object.entries(held)
      .map(([name, ids]) => [name, Array.isArray(ids) ? ids.filter((id) => !dropped.has(id as string)) : ids] as const)
      .filter(([, ids]) => !Array.isArray(ids) || ids.length > 0);
    if (kept.length) facts[key] = Object.fromEntries(kept);
    else delete facts[key];
  }
  return {
    ...findings,
    components,
    edges: findings.edges.filter((e) => !dropped.has(e.from) && !dropped.has(e.to)),
    refs: findings.refs.filter((r) => !dropped.has(r.from)),
    frameworks: findings.frameworks.filter((x) => !frameworks.has(x.id)),
    facts,
  };
}
