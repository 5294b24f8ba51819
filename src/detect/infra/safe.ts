import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';

/** A detector that fails on one file reports it for that file and lets the scan go on. */
export function safe(d: Detector): Detector {
  const fail = (file: FileInput, e: unknown): Findings => {
    const f = emptyFindings();
    const msg = e instanceof Error ? e.message : String(e);
    f.diagnostics.push({ path: file.path, code: 'detector-error', message: `${d.id}: ${msg.split('\n')[0].slice(0, 200)}` });
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
