import { parse as parseToml } from 'smol-toml';
import { JS_NEEDLES } from '../js/detector.js';
import { FileOut } from '../js/out.js';
import type { Detector, Findings } from '../types.js';
import { NPM_LOCKFILES, PY_LOCKFILES, isNpmAiPackage, isPyAiByPrefixOnly, isPyAiPackage, normalisePyName, npmFramework, pyFramework } from './ai-packages.js';
import { member, parseJson, str } from './json.js';
import { type Requirement, isPinned, parseRequirement, requirementLines } from './pep508.js';
import { fileName, inDir } from '../path-name.js';
import { byExtension } from '../select.js';

const inNodeModules = inDir('node_modules');

interface Dep {
  name: string;
  line: number;
  pinned: boolean;
  framework?: string;
}

/**
 * One `dependency-manifest` component when the manifest declares AI packages; frameworks it names are reported
 * with low confidence (a dependency is not usage). A manifest that defines a framework package itself (its own
 * `name` is that package) does not report that framework: it is the framework's source, not an application.
 */
function emit(path: string, deps: Dep[], lockfiles: string[], definesPackage: string | undefined, ownFramework: string | undefined, out: FileOut, byPrefixOnly = false): Findings {
  if (definesPackage) out.facts.definesPackage = definesPackage;
  // The model takes such a name for the framework's own only where its code shows it (`facts.definesFrameworks`).
  if (definesPackage && byPrefixOnly) out.facts.definesByPrefixOnly = true;
  const ai = deps;
  if (ai.length) {
    out.facts.lockfileCandidates = lockfiles;
    const id = out.add(
      { kind: 'dependency-manifest', name: path, global: true, attributes: { aiPackages: [...new Set(ai.map((d) => d.name))].sort(), unpinnedAi: ai.some((d) => !d.pinned) } },
      ai[0]!.line,
      ai[0]!.pinned ? ai[0]!.name : `${ai[0]!.name} unpinned`,
    );
    const c = out.components.get(id)!;
    for (const d of ai.slice(1)) c.evidence.push(out.ev(d.line, d.pinned ? d.name : `${d.name} unpinned`));
    for (const d of ai) if (d.framework && d.framework !== ownFramework) out.framework(d.framework, d.line, `dependency ${d.name}`);
  }
  const f = out.finish();
  f.frameworks = f.frameworks.map((fw) => ({ ...fw, confidence: 'low' as const }));
  return f;
}

function pyDep(r: Requirement, line: number): Dep | undefined {
  if (!isPyAiPackage(r.name)) return undefined;
  return { name: normalisePyName(r.name), line, pinned: isPinned(r), framework: pyFramework(r.name) };
}

// ---------------------------------------------------------------------------------------------- requirements.txt

export function isRequirementsPath(path: string): boolean {
  if (!path.endsWith('.txt') && !path.endsWith('.in')) return false;
  return /^requirements[\w.-]*\.(txt|in)$/.test(fileName(path)) || (path.includes('requirements/') && /(?:^|\/)requirements\/[\w.-]+\.(txt|in)$/.test(path));
}

function detectRequirements(path: string, text: string): Findings {
  const out = new FileOut(path);
  const deps: Dep[] = [];
  const bad = [];
  for (const l of requirementLines(text)) {
    if (l.error) bad.push(l);
    else if (l.requirement) {
      const d = pyDep(l.requirement, l.line);
      if (d) deps.push(d);
    }
  }
  if (bad.length) out.diagnostics.push({ path, line: bad[0]!.line, code: 'parse-error', message: `${bad[0]!.error} (${bad.length} unreadable requirement line${bad.length > 1 ? 's' : ''})` });
  return emit(path, deps, requirementsLockfiles(path), undefined, undefined, out);
}

/**
 * What pins a requirements file: not uv.lock, poetry.lock, pdm.lock or Pipfile.lock, which pin a pyproject's or a
 * Pipfile's dependencies (a root uv.lock says nothing of `tools/scraper/requirements.txt`), but rye's
 * `requirements.lock`, and for pip-tools' `requirements.in` the `requirements.txt` compiled from it.
 */
function requirementsLockfiles(path: string): string[] {
  const name = fileName(path);
  return name.endsWith('.in') ? ['requirements.lock', `${name.slice(0, -'.in'.length)}.txt`] : ['requirements.lock'];
}

// ---------------------------------------------------------------------------------------------- pyproject.toml

/** The 1-based line of the first occurrence of `needle` at or after line `from` (TOML keeps no positions). */
function lineOf(lines: string[], needle: string, from = 0): number {
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  return 0;
}

function tableLine(lines: string[], header: string): number {
  return lineOf(lines, `[${header}]`) - 1;
}

/** Poetry: `"1.2.3"` is exact, `^1.2` / `~1.2` / `*` / `>=` are ranges; a git dependency pinned by `rev`/`tag`. */
function poetryPinned(v: unknown): boolean {
  if (typeof v === 'string') return /^=?=?\s*\d+(\.\d+)*([a-z0-9.+-]*)$/i.test(v.trim());
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.version === 'string') return poetryPinned(o.version);
    if (o.git) return typeof o.rev === 'string' || typeof o.tag === 'string';
    if (o.path) return true;
  }
  return false;
}

function detectPyproject(path: string, text: string): Findings {
  const out = new FileOut(path);
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as { line?: number; column?: number; message: string };
    out.diagnostics.push({ path, line: e.line ?? 0, code: 'parse-error', message: `${e.line ?? 0}:${e.column ?? 0}: ${e.message.split('\n')[0]}` });
    return out.finish();
  }
  const lines = text.split('\n');
  const deps: Dep[] = [];
  const fromPep508 = (list: unknown, fromLine: number): void => {
    if (!Array.isArray(list)) return;
    for (const s of list) {
      if (typeof s !== 'string') continue;
      const line = lineOf(lines, JSON.stringify(s).slice(1, -1), Math.max(0, fromLine)) || lineOf(lines, s);
      try {
        const d = pyDep(parseRequirement(s), line);
        if (d) deps.push(d);
      } catch (err) {
        out.diagnostics.push({ path, line, code: 'parse-error', message: (err as Error).message });
      }
    }
  };
  const project = (doc.project ?? {}) as Record<string, unknown>;
  fromPep508(project.dependencies, tableLine(lines, 'project'));
  for (const [group, list] of Object.entries((project['optional-dependencies'] ?? {}) as Record<string, unknown>)) fromPep508(list, tableLine(lines, 'project.optional-dependencies') || lineOf(lines, group) - 1);
  for (const list of Object.values((doc['dependency-groups'] ?? {}) as Record<string, unknown>)) fromPep508(list, tableLine(lines, 'dependency-groups'));
  const tool = (doc.tool ?? {}) as Record<string, Record<string, unknown>>;
  fromPep508(tool.uv?.['dev-dependencies'], tableLine(lines, 'tool.uv'));
  const poetry = tool.poetry ?? {};
  const poetryTables: [string, unknown][] = [['tool.poetry.dependencies', poetry.dependencies], ['tool.poetry.dev-dependencies', poetry['dev-dependencies']]];
  for (const [g, v] of Object.entries((poetry.group ?? {}) as Record<string, Record<string, unknown>>)) poetryTables.push([`tool.poetry.group.${g}.dependencies`, v.dependencies]);
  for (const [header, table] of poetryTables) {
    if (!table || typeof table !== 'object') continue;
    const start = tableLine(lines, header);
    for (const [name, spec] of Object.entries(table as Record<string, unknown>)) {
      if (!isPyAiPackage(name)) continue;
      const line = lines.findIndex((l, i) => i > start && start >= 0 && l.trimStart().replace(/^"/, '').startsWith(name)) + 1;
      deps.push({ name: normalisePyName(name), line, pinned: poetryPinned(spec), framework: pyFramework(name) });
    }
  }
  // uv resolves a dependency named in `tool.uv.sources` from there: a workspace member or a folder is this
  // repository's code, and a git source with a revision or tag is as pinned as a Poetry one.
  const sources = (tool.uv?.sources ?? {}) as Record<string, unknown>;
  const fromSource = new Map(Object.entries(sources).map(([name, spec]) => [normalisePyName(name), spec]));
  for (const d of deps) {
    const spec = fromSource.get(d.name);
    if (!d.pinned && spec && typeof spec === 'object' && ((spec as Record<string, unknown>).workspace === true || poetryPinned(spec))) d.pinned = true;
  }
  const own = (typeof project.name === 'string' ? project.name : typeof poetry.name === 'string' ? (poetry.name as string) : undefined) ?? undefined;
  const ownFw = own ? pyFramework(own) : undefined;
  const defines = own && isPyAiPackage(own) ? normalisePyName(own) : undefined;
  return emit(path, deps, PY_LOCKFILES, defines, ownFw, out, !!own && isPyAiByPrefixOnly(own));
}

// ---------------------------------------------------------------------------------------------- package.json

/** npm: an exact version (`1.2.3`, `=1.2.3`), a workspace/file link, or a git URL pinned to a commit. */
function npmPinned(v: string): boolean {
  const s = v.trim();
  if (/^=?v?\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(s)) return true;
  if (/^(workspace|file|link|portal):/.test(s)) return true;
  return /#[0-9a-f]{40}$/.test(s);
}

async function detectPackageJson(path: string, text: string): Promise<Findings> {
  const out = new FileOut(path);
  const parsed = await parseJson(text);
  if (parsed.error) {
    out.diagnostics.push({ path, line: parsed.error.line, code: 'parse-error', message: `${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}` });
  }
  const root = parsed.root;
  const own = str(member(root, 'name')?.value);
  const deps: Dep[] = [];
  for (const block of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const m = member(root, block);
    if (m?.value.type !== 'object') continue;
    for (const d of m.value.members) {
      if (!isNpmAiPackage(d.key)) continue;
      const version = str(d.value) ?? '';
      deps.push({ name: d.key, line: d.line, pinned: npmPinned(version), framework: npmFramework(d.key) });
    }
  }
  const defines = own && isNpmAiPackage(own) ? own : undefined;
  return emit(path, deps, NPM_LOCKFILES, defines, own ? npmFramework(own) : undefined, out);
}

export const requirementsDetector: Detector = {
  id: 'requirements-txt',
  version: 2,
  wants: byExtension({ ask: ['txt', 'in'], otherwise: 'no' }, isRequirementsPath),
  detect: (file) => detectRequirements(file.path, file.text),
};

export const pyprojectDetector: Detector = {
  id: 'pyproject-toml',
  version: 3,
  wants: byExtension({ ask: ['toml'], otherwise: 'no' }, (path) => path === 'pyproject.toml' || path.endsWith('/pyproject.toml')),
  detect: (file) => detectPyproject(file.path, file.text),
};

export const packageJsonDetector: Detector = {
  id: 'package-json',
  version: 1,
  // a package.json that names no AI package (in any block, or as its own name) has nothing to report
  needles: JS_NEEDLES.filter((n) => n.startsWith('"')),
  wants: byExtension({ ask: ['json'], otherwise: 'no' }, (path) => (path === 'package.json' || path.endsWith('/package.json')) && !inNodeModules(path)),
  detect: (file) => detectPackageJson(file.path, file.text),
};
