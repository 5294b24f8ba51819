import { failure } from '../run-one.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';

/** A detector that fails on one file reports it for that file and lets the scan go on. */
export function safe(d: Detector): Detector {
  const fail = (file: FileInput, e: unknown): Findings => {
    const f = emptyFindings();
    f.diagnostics.push(failure(d.id, file.path, e));
    return f;
  };
  return {
    ...d,
    detect(file: FileInput): Findings | Promise<Findings> {
      try {
        const r = d.detect(file);
        return r instanceof Promise ? r.catch((e: unknown) => fail(file, e)) : r;
      } catch (e) {
        return fail(file, e);
      }
    },
  };
}
