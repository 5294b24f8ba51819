import { describe, expect, it } from 'vitest';
import { binaryReason } from '../../src/source/limits.js';

function random(n: number, seed: number): Buffer {
  // A fixed LCG, so the bytes are the same on every run; NUL replaced so only the UTF-8 rule can apply.
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 16) & 0xff || 1;
  }
  return out;
}

describe('binaryReason', () => {
  it('calls a NUL byte in the first 8000 bytes binary, and a later one text', () => {
    expect(binaryReason(Buffer.from('abc\0def'))).toMatch(/NUL/);
    expect(binaryReason(Buffer.concat([Buffer.from('a'.repeat(8000)), Buffer.from([0])]))).toBeUndefined();
  });

  it('calls bytes that are mostly not UTF-8 binary, though they hold no NUL', () => {
    expect(binaryReason(random(64 * 1024, 7))).toMatch(/not UTF-8/);
  });

  it('keeps text with a few bad bytes, short junk, and UTF-8 in any script', () => {
    const latin1Comment = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nimport os\n'.repeat(400))]);
    expect(binaryReason(latin1Comment)).toBeUndefined();
    expect(binaryReason(Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0xc0, 0xaf, 0x80, 0x80, 0x7d]))).toBeUndefined();
    expect(binaryReason(Buffer.from('名前 = "エージェント"\n# Привет, мир\n'.repeat(300)))).toBeUndefined();
  });
});
