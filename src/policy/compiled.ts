import { createHash } from 'node:crypto';
import schema from '../../schemas/policy.schema.json';
import { besideBundle, keyedText, readKeyed } from '../compiled-file.js';
import { TOOL_VERSION } from '../version.js';
import type { Policy } from './policy.js';

// Compiling the policy schema with ajv took about 90 ms of every run on the shipped default policy. The build
// checks policies/default.yaml once (src/compile-assets.ts) and writes the result beside the bundle; a run whose
// default file and schema give the same key uses it, and any edit is checked in full.

export const COMPILED_POLICY = 'policy.json';

export function policyKey(text: string): string {
  return createHash('sha256').update(TOOL_VERSION).update('\0').update(JSON.stringify(schema)).update('\0').update(text).digest('hex');
}

/** The checked default policy the build left for this text, if any; never throws. */
export function readCompiledPolicy(text: string, files = besideBundle(COMPILED_POLICY)): Policy | undefined {
  return readKeyed<Policy>(files, policyKey(text));
}

export function compiledPolicyText(text: string, policy: Policy): string {
  return keyedText(policyKey(text), policy);
}
