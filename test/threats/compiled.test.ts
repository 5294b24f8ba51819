import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledKey, compiledText, readCompiled } from '../../src/threats/compiled.js';
import { loadChecked } from '../../src/threats/load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'maestro-compiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled catalog the build ships', () => {
  const full = loadChecked(undefined, { useCompiled: false });

  it('reads back as the catalog a full check gives, for the same files only', () => {
    const file = path.join(dir, 'catalog.json');
    writeFileSync(file, compiledText(full.key, full.catalog));
    expect(readCompiled(full.key, full.catalog.dir, [file])).toEqual(full.catalog);
    expect(readCompiled(full.key.replace(/^./, (c) => (c === '0' ? '1' : '0')), full.catalog.dir, [file])).toBeUndefined();
  });

  it('has a key that changes with any catalog file, and ignores a damaged file', () => {
    const files = [{ rel: 'layers.yaml', text: 'a' }, { rel: 'threats/L1.yaml', text: 'b' }];
    expect(compiledKey(files)).toBe(compiledKey([...files].reverse()));
    expect(compiledKey([files[0], { ...files[1], text: 'b ' }])).not.toBe(compiledKey(files));
    expect(compiledKey([files[0], { ...files[1], rel: 'threats/L2.yaml' }])).not.toBe(compiledKey(files));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"key": "');
    expect(readCompiled(full.key, full.catalog.dir, [bad])).toBeUndefined();
  });

  it('is what loadCatalog returns when the build left it, and the same catalog when it did not', () => {
    expect(loadChecked().catalog).toEqual(full.catalog);
    expect(loadChecked().key).toBe(full.key);
  });
});
