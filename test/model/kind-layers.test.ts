import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KIND_LAYER } from '../../src/model/kind-layers.js';

describe('kind layers', () => {
  it('the detectors’ kind → layer table is exactly catalogs/kinds.yaml', () => {
    const catalog = parse(readFileSync('catalogs/kinds.yaml', 'utf8')) as { kinds: { id: string; layer: string }[] };
    expect({ ...KIND_LAYER }).toEqual(Object.fromEntries(catalog.kinds.map((k) => [k.id, k.layer])));
  });
});
