import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledPolicyText, policyKey, readCompiledPolicy } from '../../src/policy/compiled.js';
import { defaultPolicy, parsePolicy } from '../../src/policy/load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'maestro-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = readFileSync(path.join(__dirname, '..', '..', 'policies', 'default.yaml'), 'utf8');

describe('the compiled default policy the build ships', () => {
  const checked = parsePolicy(text, 'policies/default.yaml');

  it('reads back as the policy a full check gives, for the same text only', () => {
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, compiledPolicyText(text, checked));
    expect(readCompiledPolicy(text, [file])).toEqual(checked);
    expect(readCompiledPolicy(text + '\n# edited\n', [file])).toBeUndefined();
    expect(policyKey(text + ' ')).not.toBe(policyKey(text));
  });

  it('ignores a damaged file, and the default is the checked policy with or without the build', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"key": "');
    expect(readCompiledPolicy(text, [bad])).toBeUndefined();
    expect(defaultPolicy()).toEqual(checked);
    expect(readCompiledPolicy(text), 'dist/policy.json is stale: npm run build').toEqual(checked);
    // Each caller gets its own copy: flags are set on it.
    expect(defaultPolicy()).not.toBe(defaultPolicy());
  });
});
