import { type DataPath, describePath, locate } from './locate.js';
import { parseManifestYaml } from './parse-yaml.js';
import { checkReferences } from './references.js';
import { manifestValidator } from './schema.js';
import { type PathProblem, schemaProblems } from './schema-errors.js';
import { type ManifestContext, manifestToContext } from './to-context.js';
import type { KnownIds, Manifest, ManifestError } from './types.js';

export interface LoadManifestInput {
  text: string;
  /** The manifest's repository-relative path, used in errors and in `entry` (`maestro.yaml:12`). */
  file: string;
  /** True when the repository has this file (evidence paths must exist). */
  exists: (repoPath: string) => Promise<boolean>;
  known?: KnownIds;
}

export interface LoadManifestResult {
  /**
   * Present when the YAML parsed and matched the schema, even if reference or evidence errors remain: the
   * scan still uses what holds (see `ctx`), while `validate` fails on any error.
   */
  manifest?: Manifest;
  /**
   * What the engine gets. Mitigations and risk decisions whose evidence files are missing are left out, so
   * the findings they covered count as open again; the errors say why. Empty without a manifest.
   */
  ctx: ManifestContext;
  /** Every problem found, sorted by position. */
  errors: ManifestError[];
}

const SECTIONS = ['components', 'ignore', 'layers', 'flows', 'trustBoundaries', 'mitigations', 'risks', 'overrides'] as const;

/** Parses, validates and cross-checks a manifest, reporting every problem with its line and column. */
export async function loadManifest(input: LoadManifestInput): Promise<LoadManifestResult> {
  const { text, file } = input;
  const parsed = parseManifestYaml(text);
  const { doc, lineCounter } = parsed;
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return line === 0 ? { line: 1, column: 1 } : { line, column: col };
  };
  const errors: ManifestError[] = parsed.problems.map((p) => ({ file, ...position(p.offset), message: p.message }));
  if (parsed.data === undefined) return done(errors);

  const lineOf = (path: DataPath) => position(locate(doc, path)).line;
  const fromProblem = (p: PathProblem): ManifestError => ({ file, ...position(locate(doc, p.path, p.key)), message: p.message });

  const data = structuredClone(parsed.data);
  const explicitSystem = new Set(isObj(data) && isObj(data.system) ? Object.keys(data.system) : []);
  const validate = manifestValidator();
  const schemaFailed = !validate(data);
  let schemaFound: PathProblem[] = [];
  if (schemaFailed) {
    const root = validate.errors?.some((e) => e.instancePath === '' && e.keyword === 'type');
    if (root) {
      const message = parsed.data === null ? 'the manifest is empty; start with `version: 1`' : 'the manifest must be a mapping of sections (version, system, components, ...)';
      return done([...errors, { file, ...position(0), message }]);
    }
    schemaFound = schemaProblems(validate.errors ?? []);
    errors.push(...schemaFound.map(fromProblem));
  }

  const known = input.known ?? {};
  const refs = checkReferences(data, known, lineOf);
  // A value the schema rejected is not reported again as an unknown reference.
  const rejected = new Set(schemaFound.map((p) => p.path.join('/')));
  errors.push(...refs.problems.filter((p) => !rejected.has(p.path.join('/'))).map(fromProblem));
  const files = [...new Set(refs.evidence.map((e) => e.file))];
  const present = new Map(
    await Promise.all(files.map(async (f) => [f, await input.exists(f).catch(() => false)] as const)),
  );
  const unsupported = new Set<string>();
  for (const e of refs.evidence) {
    if (present.get(e.file)) continue;
    errors.push(fromProblem({ path: e.path, message: `${describePath(e.path)}: evidence path \`${e.written}\` does not exist in the repository` }));
    unsupported.add(`${e.path[0]}/${e.path[1]}`);
  }
  if (schemaFailed) return done(errors);

  const manifest = withLines(data as Manifest, lineOf);
  const supported: Manifest = {
    ...manifest,
    mitigations: manifest.mitigations.filter((_, i) => !unsupported.has(`mitigations/${i}`)),
    risks: manifest.risks.filter((_, i) => !unsupported.has(`risks/${i}`)),
  };
  return { manifest, ctx: manifestToContext(supported, file, explicitSystem), errors: sortErrors(errors) };
}

function done(errors: ManifestError[]): LoadManifestResult {
  return { ctx: {}, errors: sortErrors(errors) };
}

export function sortErrors(errors: ManifestError[]): ManifestError[] {
  const key = (e: ManifestError) => `${e.file}\u0000${e.message}`;
  const seen = new Set<string>();
  return [...errors]
    .sort((a, b) => a.line - b.line || a.column - b.column || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .filter((e) => {
      const k = `${e.line}:${e.column}:${key(e)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

function withLines(m: Manifest, lineOf: (path: DataPath) => number): Manifest {
  if (m.system) m.system.line = lineOf(['system']);
  for (const section of SECTIONS) {
    (m[section] as { line: number }[]).forEach((entry, i) => {
      entry.line = lineOf([section, i]);
    });
  }
  return m;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
