import type { ErrorObject } from 'ajv';
import { type DataPath, describePath, fromInstancePath } from './locate.js';

// ajv errors -> one message per problem, in words a manifest author acts on, each with the data path (and
// for unknown or missing keys, the key) that locate.ts turns into a line and column.

export interface PathProblem {
  path: DataPath;
  /** Point at this key of the mapping at `path` rather than at the mapping. */
  key?: string;
  message: string;
}

interface SchemaNode {
  errorMessage?: string;
  patternErrorMessage?: string;
  properties?: Record<string, unknown>;
  minimum?: number;
  maximum?: number;
}

export function schemaProblems(errors: readonly ErrorObject[]): PathProblem[] {
  // A oneOf/anyOf/propertyNames failure explains itself; the failures inside it only repeat it confusingly.
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'propertyNames');
  const insideCombinator = (e: ErrorObject) =>
    combinators.some(
      (c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`) && isWithin(e.instancePath, c.instancePath),
    );
  // A value of the wrong type fails every other rule too; say only that.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type' && !insideCombinator(e)).map((e) => e.instancePath));
  const out: PathProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || insideCombinator(e)) continue;
    if (e.keyword !== 'type' && wrongType.has(e.instancePath)) continue;
    const problem = toProblem(e);
    const k = `${problem.path.join('/')}|${problem.key ?? ''}|${problem.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(problem);
  }
  return out;
}

function isWithin(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function toProblem(e: ErrorObject): PathProblem {
  const path = fromInstancePath(e.instancePath);
  const where = describePath(path);
  const prefix = where === '' ? '' : `${where}: `;
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const custom = parent.errorMessage;
  const got = e.data === undefined ? '' : ` (got ${show(e.data)})`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const message = custom ? `missing \`${missing}\`: ${custom}` : `missing required key \`${missing}\``;
      return { path, message: `${prefix}${message}` };
    }
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const hint = closest(extra, allowed);
      const tail = hint ? `; did you mean \`${hint}\`?` : allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '';
      return { path, key: extra, message: `${prefix}unknown key \`${extra}\`${tail}` };
    }
    case 'propertyNames':
      return {
        path,
        key: String(p.propertyName),
        message: `${prefix}\`${String(p.propertyName)}\` is not a valid name (letters and digits, camelCase, as in catalogs/kinds.yaml)`,
      };
    case 'type':
      return { path, message: `${prefix}must be ${article(String(p.type))}${got}` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => String(v));
      // Short codes (L1..L7) are one edit from each other; a hint there is noise.
      const hint = typeof e.data === 'string' && e.data.length >= 4 ? closest(e.data, allowed) : undefined;
      return {
        path,
        message: `${prefix}must be one of ${allowed.join(', ')}${got}${hint ? `; did you mean \`${hint}\`?` : ''}`,
      };
    }
    case 'const':
      return { path, message: `${prefix}${custom ?? `must be ${show(p.allowedValue)}`}${got}` };
    case 'pattern':
      return { path, message: `${prefix}${parent.patternErrorMessage ?? custom ?? `must match ${String(p.pattern)}`}${got}` };
    case 'format': {
      const what = p.format === 'uri' ? 'URL' : String(p.format);
      return { path, message: `${prefix}${custom ?? `must be a valid ${what}`}${got}` };
    }
    case 'minimum':
    case 'maximum':
      return {
        path,
        message:
          parent.minimum !== undefined && parent.maximum !== undefined
            ? `${prefix}must be an integer from ${parent.minimum} to ${parent.maximum}${got}`
            : `${prefix}${e.message ?? 'out of range'}${got}`,
      };
    case 'minLength':
      return { path, message: p.limit === 1 ? `${prefix}must not be empty` : `${prefix}must be at least ${String(p.limit)} characters${got}` };
    case 'maxLength':
      return { path, message: `${prefix}is longer than ${String(p.limit)} characters` };
    case 'minItems':
      return { path, message: `${prefix}must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'uniqueItems': {
      // Point at the later copy: that is the one to delete.
      const [first, later] = [Number(p.i), Number(p.j)].sort((a, b) => a - b) as [number, number];
      return { path: [...path, later], message: `${describePath([...path, later])}: duplicate of item ${first}` };
    }
    case 'minProperties':
    case 'oneOf':
    case 'anyOf':
      return { path, message: `${prefix}${custom ?? e.message ?? 'is not valid'}` };
    default:
      return { path, message: `${prefix}${custom ?? e.message ?? 'is not valid'}` };
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
  };
  return type
    .split(',')
    .map((t) => words[t] ?? t)
    .join(' or ');
}

export function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = typeof v === 'string' ? `'${v}'` : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The allowed word nearest to a typo, when it is near enough to be the likely intent. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
