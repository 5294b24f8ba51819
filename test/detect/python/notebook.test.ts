import { describe, expect, it } from 'vitest';
import { pythonDetector } from '../../../src/detect/python/detector.js';
import { notebookCode } from '../../../src/detect/python/notebook.js';

const detect = (path: string, text: string) => pythonDetector.detect({ path, text, blobId: `b-${text.length}` });

describe('Jupyter notebooks', () => {
  it("reads code cells only, on the notebook's lines, with magics blanked and bash cells left out", () => {
    const text = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['import os\n'] },
        { cell_type: 'code', source: ['!pip install x\n', 'pip install y\n', 'x = 1\n'] },
        { cell_type: 'code', source: ['%%bash\n', 'echo hi\n'] },
        { cell_type: 'code', source: 'y = 2\nz = 3' },
      ],
    }, null, 1);
    const nb = notebookCode(text);
    expect(nb.python.split('\n')).toEqual(['', '', 'x = 1', '', 'y = 2', 'z = 3', '']);
    const lines = text.split('\n');
    expect(lines[nb.lineOf(3) - 1]).toContain('x = 1');
    expect(lines[nb.lineOf(5) - 1]).toContain('y = 2');
    expect(nb.error).toBeUndefined();
  });

  it('names the line of malformed notebook JSON and keeps what it read before it', async () => {
    const text = '{\n "cells": [\n  {"cell_type": "code", "source": ["from langchain_openai import ChatOpenAI\\n", "llm = ChatOpenAI(model=\\"gpt-4o\\")\\n"]},\n  {"cell_type": "code", "source": [\n';
    const f = await detect('broken.ipynb', text);
    // Cut short: the error is where the text ends.
    expect(f.diagnostics).toEqual([{ path: 'broken.ipynb', line: 5, code: 'parse-error', message: 'notebook JSON is malformed (CloseBracketExpected); read what parsed' }]);
    expect(f.components.map((c) => [c.id, c.evidence[0]!.line])).toEqual([['model:openai/gpt-4o', 3]]);
  });

  it('finds nothing in a JSON file named .ipynb that has no cells, and never throws on hostile text', async () => {
    expect((await detect('x.ipynb', '{"langchain": 1}')).components).toEqual([]);
    const deep = `${'['.repeat(100000)}"langchain"`;
    const f = await detect('deep.ipynb', deep);
    expect(f.components).toEqual([]);
    expect(f.diagnostics.map((d) => d.message)).toEqual(['notebook JSON nested too deep to read; read what parsed']);
  });
});
