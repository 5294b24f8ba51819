import type { Diagnostic } from '../model/types.js';
import type { Detector, FileInput, Findings } from './types.js';
import { emptyFindings } from './types.js';
import { FILE_BUDGET_MS, OverBudget } from './budget.js';

export { FILE_BUDGET_MS };

/** One detector over one file; a detector that throws yields a diagnostic, never a crash. */
export async function runOne(d: Detector, file: FileInput): Promise<Findings> {
  const started = Date.now();
  try {
    const out = await d.detect(file);
    const took = Date.now() - started;
    if (took > FILE_BUDGET_MS) {
      out.diagnostics.push({ path: file.path, code: 'timeout', message: `${d.id} took ${took} ms, over the ${FILE_BUDGET_MS} ms budget` });
    }
    return out;
  } catch (err) {
    const f = emptyFindings();
    f.diagnostics.push(failure(d.id, file.path, err));
    return f;
  }
}

/**
 * What a detector's exception says about the file. Recursive parsers run out of stack on pathological nesting
 * (50,000 nested brackets, a 100,000-call chain on one line): that is the file's shape, not a bug, so it reads
 * as a parse error that names the cause; anything else is a detector error.
 */
export function failure(detectorId: string, path: string, err: unknown): Diagnostic {
  if (err instanceof OverBudget) {
    return { path, code: 'timeout', message: `${detectorId}: ${err.message}, over the ${FILE_BUDGET_MS} ms budget; file skipped` };
  }
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /call stack/i.test(message)) {
    return { path, code: 'parse-error', message: `${detectorId}: nesting too deep to analyse (parser stack exhausted); file skipped` };
  }
  return { path, code: 'detector-error', message: `${detectorId} failed: ${message.split('\n')[0].slice(0, 200)}` };
}
