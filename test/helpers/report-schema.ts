import Ajv from 'ajv';
import schema from '../../schemas/report.schema.json';
import type { Report } from '../../src/report/types.js';

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

/** Throws with ajv's messages when a report breaks the published contract. */
export function assertValidReport(report: unknown): asserts report is Report {
  if (!validate(report)) throw new Error(`report does not match schemas/report.schema.json:\n${JSON.stringify(validate.errors, null, 2)}`);
}
