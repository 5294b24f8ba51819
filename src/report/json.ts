import type { Report } from './types.js';

/** The published contract, pretty-printed; byte-identical for the same report. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
