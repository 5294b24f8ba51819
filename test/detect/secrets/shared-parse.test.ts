import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTs } from '../../../src/detect/js/load-ts.js';
import { sourceFileFor } from '../../../src/detect/js/source-file.js';
import { loadPython, pythonTree } from '../../../src/detect/python/analysis/tree-once.js';
import { lineIndex } from '../../../src/model/order.js';
import { secretsDetector } from '../../../src/detect/secrets/detector.js';

beforeAll(loadPython);

describe('line numbers of secrets', () => {
  it('are 1 + the line feeds before the offset, whatever else breaks lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'key = "v"', '\n', '\r\n', '\r', '\u2028', ' '), { maxLength: 60 }), fc.nat(400), (parts, at) => {
        const text = parts.join('');
        const offset = Math.min(at, text.length);
        const lineAt = lineIndex(text);
        expect(lineAt(offset)).toBe(1 + [...text.slice(0, offset)].filter((c) => c === '\n').length);
      }),
    );
  });

  it('are right for a literal far down a file with thousands of them', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `const v${i} = "x${i}";`);
    lines.push('const apiKey = "Zq8mN3vR7tL2wX9pK4sJ6hF1";');
    const f = await secretsDetector.detect({ path: 'src/config.ts', blobId: 'b', text: lines.join('\n') + '\n' });
    expect(f.diagnostics.map((d) => d.line)).toEqual([3001]);
  });
});

describe('one parse per file for the detectors that read it in turn', () => {
  it('gives the same TypeScript tree back for the same file, and a new one when path, text or kind differ', async () => {
    const t = await loadTs();
    const a = sourceFileFor(t, 'a.ts', 'export const a = 1;', t.ScriptKind.TS);
    expect(sourceFileFor(t, 'a.ts', 'export const a = 1;', t.ScriptKind.TS)).toBe(a);
    const b = sourceFileFor(t, 'a.ts', 'export const a = 2;', t.ScriptKind.TS);
    expect(b).not.toBe(a);
    expect(b.statements[0]!.getText(b)).toBe('export const a = 2;');
    expect(sourceFileFor(t, 'a.tsx', 'export const a = 2;', t.ScriptKind.TSX)).not.toBe(b);
    expect(sourceFileFor(t, 'b.ts', 'export const a = 2;', t.ScriptKind.TS)).not.toBe(b);
  });

  it('gives the same Python tree back for a text parsed lately, and parses a new text', () => {
    const text = 'import os\nkey = "v"\n';
    const a = pythonTree(text);
    pythonTree('x = 1\n'); // the patched copy parsePython may parse in between
    expect(pythonTree(text)).toBe(a);
    const other = pythonTree('y = 2\n');
    expect(other).not.toBe(a);
    expect(other.length).toBe(6);
  });
});
