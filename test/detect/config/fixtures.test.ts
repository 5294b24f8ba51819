import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDetectors } from '../../../src/detect/config/index.js';
import { fixtureDirs, readExpected, runFixture, writeExpected } from '../js/run-fixtures.js';

const root = join(import.meta.dirname, '../../fixtures/config');

describe('config fixtures', () => {
  for (const name of fixtureDirs(root)) {
    it(name, async () => {
      const dir = join(root, name);
      const actual = await runFixture(dir, configDetectors);
      if (process.env.UPDATE_FIXTURES) writeExpected(dir, actual);
      expect(actual).toEqual(readExpected(dir));
    });
  }
});
