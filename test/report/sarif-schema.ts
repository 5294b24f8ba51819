import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import schema from '../../schemas/sarif-2.1.0.schema.json';

// The OASIS schema uses keywords ajv's strict mode does not know; it is a published schema, not ours to change.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Validates a SARIF log against the vendored SARIF 2.1.0 JSON schema and GitHub code scanning's limits. */
export function assertValidSarif(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  const run = (log as { runs: { results: { locations?: unknown[]; partialFingerprints?: object }[]; tool: { driver: { rules: { properties?: { tags?: string[] } }[] } } }[] }).runs[0];
  expect(run.results.length).toBeLessThanOrEqual(25_000);
  expect(run.tool.driver.rules.length).toBeLessThanOrEqual(25_000);
  for (const r of run.tool.driver.rules) expect(r.properties?.tags?.length ?? 0).toBeLessThanOrEqual(20);
  for (const r of run.results) {
    expect(r.locations?.length).toBeGreaterThan(0);
    expect(r.partialFingerprints).toBeTruthy();
  }
}

export function isValidSarif(log: unknown): boolean {
  return validate(log) as boolean;
}
