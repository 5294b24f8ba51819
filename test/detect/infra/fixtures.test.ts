import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runFixture } from './run-fixture.js';

const names = readdirSync(FIXTURES).sort();

describe('infra fixtures', () => {
  for (const name of names) {
    it(`${name} matches expected.json`, async () => {
      const got = JSON.parse(JSON.stringify(await runFixture(name)));
      const file = path.join(FIXTURES, name, 'expected.json');
      if (process.env.UPDATE_FIXTURES) writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
      expect(existsSync(file)).toBe(true);
      expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
