import { parser as python } from '@lezer/python';
import { describe, expect, it } from 'vitest';
import { OverBudget, parseWithin } from '../../src/detect/budget.js';
import { runOne } from '../../src/detect/run-one.js';
import type { Detector } from '../../src/detect/types.js';
import { emptyFindings } from '../../src/detect/types.js';

const big = 'def f(x):\n    return [y for y in x if y]\n'.repeat(20_000);

describe('parseWithin', () => {
  it('returns the same tree as a plain parse when the budget allows', () => {
    const text = 'import os\nprint(os.getcwd())\n';
    expect(parseWithin(python, text).toString()).toBe(python.parse(text).toString());
  });

  it('stops a parse that runs past its budget, saying where', () => {
    let err: unknown;
    try {
      parseWithin(python, big, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OverBudget);
    expect((err as OverBudget).at).toBeLessThan(big.length);
  });

  it('reaches the user as a timeout diagnostic naming the file, not a crash', async () => {
    const d = { id: 'slow', wants: () => true, detect: async () => (parseWithin(python, big, 0), emptyFindings()) } as unknown as Detector;
    const out = await runOne(d, { path: 'a/big.py', blobId: 'x', text: big });
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ path: 'a/big.py', code: 'timeout' });
    expect(out.diagnostics[0]!.message).toMatch(/^slow: parse stopped after \d+ ms at offset \d+/);
  });
});
