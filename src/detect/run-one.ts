import type { Detector, FileInput, Findings } from './types.js';
import { emptyFindings } from './types.js';

/** Per-file time budget: a parser that takes longer than this on one file gets a `timeout` diagnostic. */
export const FILE_BUDGET_MS = 5_000;

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
    f.diagnostics.push({ path: file.path, code: 'detector-error', message: `${d.id} failed: ${(err as Error).message}` });
    return f;
  }
}
