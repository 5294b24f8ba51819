import type { ManifestError } from './types.js';

/** `maestro.yaml:LINE:COL: message`, the form editors and CI logs turn into a link. */
export function formatManifestError(e: ManifestError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
