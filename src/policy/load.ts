import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../schemas/policy.schema.json';
import { assetDir } from '../assets.js';
import { readCompiledPolicy } from './compiled.js';
import { UserError } from '../errors.js';
import { loadYaml, positionOf } from '../yaml-doc.js';
import type { Policy, PolicyOverrides } from './policy.js';

// Compiled on first use: start-up should not pay for a schema a run may never need.
let compiled: ValidateFunction<Policy> | undefined;
const validator = () => (compiled ??= new Ajv({ allErrors: true, useDefaults: true, strict: true }).compile<Policy>(schema));

/** Where a repository keeps its own policy, relative to its root. */
export const REPO_POLICY = '.github/maestro-policy.yaml';

/** Parses and validates a policy file; defaults fill what it leaves out. Errors name file:line:col. */
export function parsePolicy(text: string, file: string): Policy {
  const loaded = loadYaml(text, file);
  const value = loaded.value ?? {};
  const validate = validator();
  if (!validate(value)) {
    const e = validate.errors![0];
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    const pointer = extra ? `${e.instancePath}/${extra}` : e.instancePath;
    const pos = positionOf(loaded, pointer);
    const what = extra ? `unknown key '${extra}'` : `${e.instancePath || 'policy'} ${e.message}`;
    throw new UserError(what, file, pos.line, pos.col);
  }
  return value as Policy;
}

/** The shipped default policy's text, and the name its errors give. */
export function defaultPolicyFile(): { text: string; name: string } {
  return { text: readFileSync(path.join(assetDir('policies', 'default.yaml'), 'default.yaml'), 'utf8'), name: 'policies/default.yaml' };
}

export function defaultPolicy(): Policy {
  const { text, name } = defaultPolicyFile();
  return readCompiledPolicy(text) ?? parsePolicy(text, name);
}

/**
 * The policy in force: an explicit file, else the repository's own, else the default; then flags on top.
 * `repoPolicyText` is the repository's file as read from the scanned source (base or head), if it has one.
 */
export function resolvePolicy(opts: { file?: string; repoPolicyText?: string; overrides?: PolicyOverrides }): Policy {
  let policy: Policy;
  if (opts.file) {
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch {
      throw new UserError('policy file not found', opts.file);
    }
    policy = parsePolicy(text, opts.file);
  } else if (opts.repoPolicyText !== undefined) policy = parsePolicy(opts.repoPolicyText, REPO_POLICY);
  else policy = defaultPolicy();
  for (const [k, v] of Object.entries(opts.overrides ?? {})) if (v !== undefined) (policy as unknown as Record<string, unknown>)[k] = v;
  return policy;
}
