import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatManifestError, loadManifest } from '../../src/model/manifest/index.js';
import { FIXTURES, expectations, fixtureExists, fixtureKnown, readFixture } from './fixture-repo.js';

// Every invalid fixture marks the lines that must carry an error; nothing else may be reported.
const files = readdirSync(path.join(FIXTURES, 'invalid')).filter((f) => f.endsWith('.yaml')).sort();

describe('invalid manifests report every error at its line', () => {
  test.each(files)('%s', async (name) => {
    const text = readFixture(`invalid/${name}`);
    const wanted = expectations(text);
    expect(wanted.length).toBeGreaterThan(0);
    const { errors, manifest } = await loadManifest({ text, file: 'maestro.yaml', exists: fixtureExists, known: fixtureKnown() });
    const shown = errors.map(formatManifestError);
    for (const w of wanted) {
      const onLine = errors.filter((e) => e.line === w.line);
      expect(onLine.map((e) => e.message), `line ${w.line} should say "${w.text}"; got:\n${shown.join('\n')}`).toEqual(
        expect.arrayContaining([expect.stringContaining(w.text)]),
      );
    }
    const marked = new Set(wanted.map((w) => w.line));
    expect(errors.filter((e) => !marked.has(e.line)).map(formatManifestError)).toEqual([]);
    for (const e of errors) {
      expect(e.file).toBe('maestro.yaml');
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
    // Only reference and evidence problems leave a usable manifest behind.
    if (name !== 'references.yaml' && name !== 'evidence.yaml' && name !== 'yaml-tags.yaml') expect(manifest).toBeUndefined();
  });
});
