import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { TempRepo } from '../helpers/git-repo.js';
import { MAX_MANIFEST_BYTES, formatManifestError, loadManifest } from '../../src/model/manifest/index.js';
import { fixtureExists, readFixture } from './fixture-repo.js';

// Hostile manifests are data, never a crash, a hang or code: each is written to a real file and read back.

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

async function loadFile(text: string) {
  repo = new TempRepo({ git: false }).write({ 'maestro.yaml': text });
  const written = readFileSync(repo.path('maestro.yaml'), 'utf8');
  return loadManifest({ text: written, file: 'maestro.yaml', exists: fixtureExists });
}

describe('YAML safety', () => {
  test('an alias bomb is refused at its first alias, without expanding it', async () => {
    const r = await loadFile(readFixture('invalid/yaml-alias-bomb.yaml'));
    expect(r.errors.map(formatManifestError)).toEqual([
      'maestro.yaml:4:9: too many YAML alias expansions (limit 100); write the entries out',
    ]);
    expect(r.manifest).toBeUndefined();
  });

  test('a few aliases are fine', async () => {
    const text = 'version: 1\nignore:\n  - &t { path: "tests/**", reason: tests }\n  - { path: "spec/**", reason: tests }\n';
    const r = await loadFile(text);
    expect(r.errors).toEqual([]);
  });

  test('language tags are refused and nothing is constructed', async () => {
    const r = await loadFile(readFixture('invalid/yaml-tags.yaml'));
    const messages = r.errors.map(formatManifestError);
    expect(messages).toContain('maestro.yaml:3:9: YAML tag !!python/object/apply:os.system is not allowed in the manifest (plain YAML only)');
    expect(messages).toContain('maestro.yaml:4:16: YAML tag !custom is not allowed in the manifest (plain YAML only)');
  });

  test('a manifest over 1 MiB is refused before parsing', async () => {
    const text = `version: 1\n# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`;
    const r = await loadFile(text);
    expect(r.errors).toHaveLength(1);
    expect(formatManifestError(r.errors[0]!)).toMatch(/^maestro\.yaml:1:1: manifest is \d+ bytes; the limit is 1048576 bytes \(1 MiB\)$/);
  });

  test('deep nesting is refused before the recursive composer sees it', async () => {
    const flow = await loadFile(`version: 1\nsystem:\n  name: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    expect(flow.errors.map(formatManifestError)).toEqual(['maestro.yaml:3:41: YAML nests more than 32 [ ] or { } levels']);
    const dashes = await loadFile(`version: 1\nignore:\n${'- '.repeat(5000)}x\n`);
    expect(dashes.errors.map(formatManifestError)).toEqual(['maestro.yaml:3:33: YAML nests more than 16 levels on one line']);
    const indent = Array.from({ length: 130 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n');
    const blocks = await loadFile(`version: 1\nx:\n${indent} v\n`);
    expect(blocks.errors.map(formatManifestError)).toEqual(['maestro.yaml:123:1: YAML indentation deeper than 120 columns']);
  });

  test('a flow mapping with many keys on one line is not mistaken for nesting', async () => {
    const owners = Array.from({ length: 30 }, (_, i) => `"@o/t${i}"`).join(', ');
    const r = await loadFile(`version: 1\nsystem: { name: a, owners: [${owners}], description: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" }\n`);
    expect(r.errors).toEqual([]);
  });

  test('YAML syntax errors name their line and stop before the schema', async () => {
    const r = await loadFile('version: 1\nsystem:\n  name: [a, b\n  owners: 3\n');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'maestro.yaml', line: 4 });
    expect(r.errors[0]!.message).toMatch(/^YAML: /);
  });

  test('CRLF line endings and a BOM keep line numbers right', async () => {
    const r = await loadFile('\ufeffversion: 1\r\nsystem:\r\n  name: a\r\n  colour: blue\r\n');
    expect(r.errors.map(formatManifestError)).toEqual(['maestro.yaml:4:3: system: unknown key `colour`; allowed: name, owners, dataClassification, internetExposed, description']);
  });
});
