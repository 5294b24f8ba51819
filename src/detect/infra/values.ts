/** A value the scanner cannot know statically (a variable, a template action, a CloudFormation intrinsic). */
export class Unknown {
  constructor(readonly text: string) {}
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** Where a parsed object came from: its own line and the line of each key or item. */
export interface Loc {
  line: number;
  keys: Record<string, number>;
  items: number[];
}

const LOCS = new WeakMap<object, Loc>();

export function setLoc(obj: object, loc: Loc): void {
  LOCS.set(obj, loc);
}

/** Line of an object, or of one of its keys/items; `fallback` when unknown. */
export function lineOf(obj: unknown, key?: string | number, fallback = 0): number {
  if (obj === null || typeof obj !== 'object') return fallback;
  const loc = LOCS.get(obj);
  if (!loc) return fallback;
  if (key === undefined) return loc.line;
  const l = typeof key === 'number' ? loc.items[key] : loc.keys[key];
  return l ?? loc.line;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown);
}

export function asObj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Walks `obj.a.b.c`; stops at the first non-object. */
export function get(obj: unknown, ...keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/**
 * Tri-state boolean: true/false for literal booleans (and "true"/"false" strings),
 * undefined for unknown or absent values.
 */
export function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

/** True when a value or anything inside it is unknown. */
export function hasUnknown(v: unknown, depth = 0): boolean {
  if (v instanceof Unknown) return true;
  if (depth > 50) return false;
  if (Array.isArray(v)) return v.some((x) => hasUnknown(x, depth + 1));
  if (isObj(v)) return Object.values(v).some((x) => hasUnknown(x, depth + 1));
  return false;
}
