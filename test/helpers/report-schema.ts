import { reportErrors } from '../../src/report/validate.js';
import type { Report } from '../../src/report/types.js';

/** Throws with the schema's messages when a report breaks the published contract. */
export function assertValidReport(report: unknown): asserts report is Report {
  const errors = reportErrors(report);
  if (errors.length) throw new Error(`report does not match schemas/report.schema.json:\n${errors.join('\n')}`);
}
