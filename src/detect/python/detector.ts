import { emptyFindings, type Detector, type FileInput, type Findings } from '../types.js';
import { needleTest } from '../needles.js';
import { byExtension } from '../select.js';
import { analysisFor } from './analysis/cache.js';
import { loadPython } from './analysis/tree-once.js';
import { compileRules, runRules, type CompiledRules } from './engine/run.js';
import { ruleModules, symbolResolvers } from './rules/index.js';
import { isNotebook, notebookCode, onNotebookLines } from './notebook.js';

let compiled: CompiledRules | undefined;

function rules(): CompiledRules {
  compiled ??= compileRules(ruleModules, symbolResolvers);
  return compiled;
}

/** Files larger than this are not worth a parse for AI detection (generated code, vendored bundles). */
const MAX_PYTHON_BYTES = 2_000_000;

/**
 * One detector for all Python rule modules: the file is parsed once and every module reads the same analysis.
 */
export const pythonDetector: Detector = {
  id: 'python',
  version: 26,
  wants: byExtension({ yes: ['py', 'pyw', 'ipynb'], otherwise: 'no' }),
  marksTests: true,
  get needles() {
    return rules().needles;
  },
  async detect(file: FileInput): Promise<Findings> {
    const r = rules();
    // The runner's gate again (one compiled regex), for a caller that skips it.
    if (!needleTest(pythonDetector)(file.text)) return emptyFindings();
    if (file.text.length > MAX_PYTHON_BYTES) {
      const f = emptyFindings();
      f.diagnostics.push({ path: file.path, code: 'skipped-size', message: 'Python file too large to analyse' });
      return f;
    }
    await loadPython();
    if (isNotebook(file.path)) return notebook(file, r);
    return runRules(analysisFor(file.path, file.text, file.blobId), r);
  },
  warm: loadPython,
};

/** A notebook's code cells as one Python file, its findings pointing at the notebook's lines. */
function notebook(file: FileInput, r: CompiledRules): Findings {
  const nb = notebookCode(file.text);
  const f = needleTest(pythonDetector)(nb.python) ? onNotebookLines(runRules(analysisFor(file.path, nb.python, file.blobId), r), file.path, nb.lineOf) : emptyFindings();
  if (nb.error) f.diagnostics.push({ path: file.path, line: nb.error.line, code: 'parse-error', message: nb.error.message });
  return f;
}
