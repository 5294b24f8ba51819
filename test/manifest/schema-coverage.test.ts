import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { manifestSchema } from '../../src/model/manifest/index.js';
import { manifestValidator } from '../../src/model/manifest/schema.js';
import { FIXTURES, readFixture } from './fixture-repo.js';

// "Every schema rule has a failing example": every constraint in schemas/manifest.schema.json must be the
// one that fails for some invalid fixture (whose message and line load-errors.test.ts checks). A rule added
// to the schema without a fixture fails here.

const CONSTRAINTS = [
  'required', 'additionalProperties', 'enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'minItems',
  'minLength', 'uniqueItems', 'minProperties', 'oneOf', 'anyOf', 'propertyNames',
];
// `type` is checked on every node and exercised throughout; `maxLength` bounds are there against abuse.
const NOT_REQUIRED = new Set(['type', 'maxLength']);

function constraintsOf(schema: unknown): { node: object; keyword: string; where: string }[] {
  const out: { node: object; keyword: string; where: string }[] = [];
  const walk = (node: unknown, where: string, insideBranch: boolean) => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`, insideBranch));
    const obj = node as Record<string, unknown>;
    if (!insideBranch) {
      for (const k of CONSTRAINTS) {
        if (!(k in obj) || NOT_REQUIRED.has(k)) continue;
        if (k === 'additionalProperties' && obj[k] !== false) continue;
        out.push({ node: obj, keyword: k, where });
      }
    }
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'if' || k === 'enum' || k === 'const' || k === 'default' || k === 'required') continue;
      // The branches of oneOf/anyOf and the name rule of propertyNames are reported by their parent.
      const branch = k === 'oneOf' || k === 'anyOf' || k === 'propertyNames';
      walk(v, `${where}/${k}`, insideBranch || branch);
    }
  };
  walk(schema, '#', false);
  return out;
}

test('every schema constraint fails in some invalid fixture', () => {
  const validate = manifestValidator();
  const hit = new Map<object, Set<string>>();
  const dir = path.join(FIXTURES, 'invalid');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    let data: unknown;
    try {
      data = parse(readFixture(`invalid/${name}`), { maxAliasCount: 100, logLevel: 'silent' });
    } catch {
      continue;
    }
    if (validate(structuredClone(data))) continue;
    for (const e of validate.errors ?? []) {
      const node = e.parentSchema as object;
      if (!hit.has(node)) hit.set(node, new Set());
      hit.get(node)!.add(e.keyword);
    }
  }
  const constraints = constraintsOf(manifestSchema);
  expect(constraints.length).toBeGreaterThan(40);
  const missing = constraints.filter((c) => !hit.get(c.node)?.has(c.keyword)).map((c) => `${c.where}: ${c.keyword}`);
  expect(missing).toEqual([]);
});
