import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsDetectors } from '../../../src/detect/js/index.js';
import { fixtureDirs, readExpected, runFixture, writeExpected } from './run-fixtures.js';

const root = join(import.meta.dirname, '../../fixtures/js');

describe('js fixtures', () => {
  for (const name of fixtureDirs(root)) {
    it(name, async () => {
      const dir = join(root, name);
      const actual = await runFixture(dir, jsDetectors);
      if (process.env.UPDATE_FIXTURES) writeExpected(dir, actual);
      expect(actual).toEqual(readExpected(dir));
    });
  }
});
