import type { Diagnostic } from '../model/types.js';

/** Literal credentials (findings in their own right) apart from the notes on files skipped or partly read. */
export function splitDiagnostics(all: readonly Diagnostic[]): { secrets: Diagnostic[]; notes: Diagnostic[] } {
  const secrets: Diagnostic[] = [];
  const notes: Diagnostic[] = [];
  for (const d of all) (d.code === 'secret-found' ? secrets : notes).push(d);
  return { secrets, notes };
}
