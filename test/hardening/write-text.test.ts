import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTextFileSync } from '../../src/write-text.js';

const dir = mkdtempSync(path.join(tmpdir(), 'maestro-write-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const written = (pieces: (string | Uint8Array)[]) => {
  const file = path.join(dir, 'out');
  writeTextFileSync(file, pieces);
  return readFileSync(file);
};
const expected = (pieces: (string | Uint8Array)[]) => Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

describe('writeTextFileSync', () => {
  it('writes the pieces as their UTF-8 bytes, in order, bytes as they are', () => {
    const pieces = ['{"a":1}', '\n', '', 'é → ü 😀', Buffer.from([0, 255, 10]), 'end\n'];
    expect(written(pieces).equals(expected(pieces))).toBe(true);
  });

  it('keeps every character of texts larger than its buffer, wherever a slice ends', () => {
    // Emoji (surrogate pairs) and three-byte characters in a unit of seven code units, repeated: slices of a length
    // that is not a multiple of seven end at every offset of the unit, so some end inside a pair.
    const unit = 'a😀€😀b';
    const big = unit.repeat(500_000);
    const ascii = 'x'.repeat(3_000_001);
    const pieces = [big, '\n', ascii, '😀'.repeat(400_000), 'tail'];
    const out = written(pieces);
    expect(out.length).toBe(expected(pieces).length);
    expect(out.equals(expected(pieces))).toBe(true);
    expect(out.includes(Buffer.from('\ufffd', 'utf8'))).toBe(false);
  });

  it('truncates what the file held', () => {
    written(['a long first text']);
    expect(written(['short']).toString()).toBe('short');
  });
});
