import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../../src/detect/registry.js';

// Deterministic reproductions of failures the property tests found in code this suite does not own. Each runs
// as `it.fails` and turns red when fixed: then flip it to `it` and drop the matching allowance in
// detectors.property.test.ts (KNOWN_DETECTOR_ERRORS).

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('once-known gaps, now fixed', () => {
  it('src/detect/infra (k8s): a NUL byte after `containers:` in test/fixtures/infra/k8s/deploy/agent.yaml throws "Merge sources must be maps or map aliases"', async () => {
    const text = readFileSync(path.join(ROOT, 'test/fixtures/infra/k8s/deploy/agent.yaml'), 'utf8').replace('containers:\n', 'containers:\u0000\n');
    const k8s = detectors.find((d) => d.id === 'infra-k8s')!;
    const f = await k8s.detect({ path: 'deploy/agent.yaml', text, blobId: '0'.repeat(40) });
    expect(f.diagnostics.filter((d) => d.code === 'detector-error')).toEqual([]);
  });

  it('src/detect/infra (terraform): a block that repeats an attribute after a stray identifier throws "list.push is not a function"', async () => {
    const text = 'resource "azurerm_cognitive_account" "openai" {\n  name     = "acme-openai"\n  location = "westeurope"\n  r        = "acme-openai"\n  location = "westeurope"\n  r';
    const tf = detectors.find((d) => d.id === 'infra-terraform')!;
    const f = await tf.detect({ path: 'main.tf', text, blobId: '0'.repeat(40) });
    expect(f.diagnostics.filter((d) => d.code === 'detector-error')).toEqual([]);
  });

  it('src/detect/infra (cloudformation): a mis-indented list item after an anchor in test/fixtures/infra/k8s/deploy/agent.yaml throws "Merge sources must be maps or map aliases"', async () => {
    const text = readFileSync(path.join(ROOT, 'test/fixtures/infra/k8s/deploy/agent.yaml'), 'utf8').replace('          securityContext: &hardened\n', '          securityContext: &hardened\n     - name: agent\n');
    const cf = detectors.find((d) => d.id === 'infra-cloudformation')!;
    const f = await cf.detect({ path: 'deploy/agent.yaml', text, blobId: '0'.repeat(40) });
    expect(f.diagnostics.filter((d) => d.code === 'detector-error')).toEqual([]);
  });
});
