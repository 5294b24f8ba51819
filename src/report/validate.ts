import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../schemas/report.schema.json';
import type { Report } from './types.js';

let compiled: ValidateFunction<Report> | undefined;

/** Errors against the published report contract, as `pointer message` lines; empty when valid. */
export function reportErrors(value: unknown): string[] {
  const validate = (compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<Report>(schema));
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
