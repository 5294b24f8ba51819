import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonDetectors } from '../../../src/detect/python/index.js';
import { mergeAndLink, scanDir } from './harness.js';

/**
 * Every directory under test/fixtures/python is a mini-repository with the output it must produce.
 * Run with UPDATE_FIXTURES=1 to rewrite expected.json after a deliberate change (then review the diff).
 */
const ROOT = join(__dirname, '../../fixtures/python');
const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('python fixture mini-repositories', () => {
  it('has fixtures', () => {
    expect(dirs.length).toBeGreaterThan(10);
  });
  for (const name of dirs) {
    it(name, async () => {
      const dir = join(ROOT, name);
      const actual = mergeAndLink(await scanDir(dir, pythonDetectors));
      const file = join(dir, 'expected.json');
      if (process.env.UPDATE_FIXTURES) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      expect(existsSync(file), `${name}/expected.json is missing (UPDATE_FIXTURES=1 writes it)`).toBe(true);
      const expected = JSON.parse(readFileSync(file, 'utf8'));
      expect(actual).toEqual(expected);
    });
  }
});
