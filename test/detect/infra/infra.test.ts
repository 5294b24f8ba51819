import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { infraDetectors } from '../../../src/detect/infra/index.js';
import { isDockerfilePath } from '../../../src/detect/infra/dockerfile.js';
import { isComposePath } from '../../../src/detect/infra/compose.js';
import { neutraliseHelm } from '../../../src/detect/infra/helm-template.js';
import { INFRA_LAYERS, isLiteralSecret } from '../../../src/detect/infra/common.js';
import { FIXTURES, runFixture } from './run-fixture.js';

const FIXTURE_NAMES = ['cloudformation', 'compose', 'dockerfile', 'helm', 'k8s', 'malformed', 'terraform', 'workflows'];
const kinds = (parse(readFileSync(path.resolve(__dirname, '../../../catalogs/kinds.yaml'), 'utf8')) as {
  kinds: { id: string; layer: string; attributes?: Record<string, unknown> }[];
}).kinds;

describe('infra detectors against the kinds catalog', () => {
  it('emit only kinds, layers and attributes that catalogs/kinds.yaml declares', async () => {
    for (const name of FIXTURE_NAMES) {
      const { components } = await runFixture(name);
      for (const c of components.filter((x) => x.kind in INFRA_LAYERS)) {
        const k = kinds.find((x) => x.id === c.kind);
        expect(k, c.kind).toBeDefined();
        expect(c.layer).toBe(k!.layer);
        for (const attr of Object.keys(c.attributes ?? {})) expect(Object.keys(k!.attributes ?? {}), `${c.kind}.${attr}`).toContain(attr);
      }
    }
  });

  it('produce infrastructure components only (no AI components from infra files)', async () => {
    for (const name of FIXTURE_NAMES) {
      const { components } = await runFixture(name);
      const code = new Set(
        (() => {
          try {
            return (JSON.parse(readFileSync(path.join(FIXTURES, name, '_code.json'), 'utf8')) as { id: string }[]).map((c) => c.id);
          } catch {
            return [];
          }
        })(),
      );
      for (const c of components.filter((x) => !code.has(x.id))) expect(Object.keys(INFRA_LAYERS)).toContain(c.kind);
    }
  });

  it('never copy a secret value into components, edges, diagnostics or facts', async () => {
    const secrets = ['sk-test-not-a-real-key-123456', 'sk-ant-literal-value-0000', 'hunter2-literal'];
    for (const name of ['dockerfile', 'compose']) {
      const out = JSON.stringify(await runFixture(name));
      for (const s of secrets) expect(out).not.toContain(s);
    }
    const docker = infraDetectors.find((d) => d.id === 'infra-dockerfile')!;
    const f = await docker.detect({ path: 'Dockerfile', text: 'FROM alpine:3\nENV GH_TOKEN=ghp_abcdefghijklmnop\n', blobId: 'x' });
    expect(f.diagnostics).toEqual([{ path: 'Dockerfile', line: 2, code: 'secret-found', message: expect.stringContaining('GH_TOKEN') }]);
    expect(JSON.stringify(f)).not.toContain('ghp_abcdefghijklmnop');
  });
});

describe('cheap file selection', () => {
  it('recognises Dockerfiles by any of their names', () => {
    for (const p of ['Dockerfile', 'a/Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'x/web.dockerfile', 'Containerfile'])
      expect(isDockerfilePath(p), p).toBe(true);
    for (const p of ['Dockerfile.dockerignore', 'docs/dockerfile.md.txt', 'mydockerfilehelper.py', '.dockerignore']) expect(isDockerfilePath(p), p).toBe(false);
  });

  it('recognises compose files', () => {
    for (const p of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'deploy/docker-compose.prod.yaml', 'docker-compose.override.yml'])
      expect(isComposePath(p), p).toBe(true);
    for (const p of ['composer.yml', 'k8s/deployment.yaml']) expect(isComposePath(p), p).toBe(false);
  });

  it('parses YAML as Kubernetes only when it mentions apiVersion', () => {
    const k8s = infraDetectors.find((d) => d.id === 'infra-k8s')!;
    expect(k8s.needles).toEqual(['apiVersion']);
    expect(k8s.wants('deploy/app.yaml')).toBe(true);
    expect(k8s.wants('.github/workflows/ci.yml')).toBe(false);
    expect(k8s.wants('docker-compose.yml')).toBe(false);
    expect(k8s.wants('charts/x/values.yaml')).toBe(false);
    expect(k8s.wants('src/app.py')).toBe(false);
  });
});

describe('secrets', () => {
  it('treats only literal credential values as secrets', () => {
    expect(isLiteralSecret('OPENAI_API_KEY', 'sk-abc123456')).toBe(true);
    expect(isLiteralSecret('DB_PASSWORD', 'hunter22')).toBe(true);
    expect(isLiteralSecret('OPENAI_API_KEY', '${OPENAI_API_KEY}')).toBe(false);
    expect(isLiteralSecret('OPENAI_API_KEY', '')).toBe(false);
    expect(isLiteralSecret('PASSWORD_FILE', '/run/secrets/pw')).toBe(false);
    expect(isLiteralSecret('TOKENIZERS_PARALLELISM', 'false')).toBe(false);
    expect(isLiteralSecret('LOG_LEVEL', 'debug')).toBe(false);
  });
});

describe('Helm neutralisation', () => {
  it('keeps every line where it was', () => {
    const t = readFileSync(path.join(FIXTURES, 'helm/charts/agent/templates/deployment.yaml'), 'utf8');
    const n = neutraliseHelm(t);
    expect(n.text.split('\n').length).toBe(t.split('\n').length);
    expect(n.text).not.toContain('{{');
    expect(n.text.split('\n')[27]).toContain('image: "__tpl_');
  });
});

describe('robustness', () => {
  it('no detector throws or hangs on arbitrary input, and findings stay JSON data', async () => {
    const paths = ['Dockerfile', 'docker-compose.yml', 'k8s/a.yaml', 'charts/c/templates/d.yaml', 'charts/c/values.yaml', 'main.tf', 'x.tf.json', 'template.yaml', '.github/workflows/w.yml'];
    const fragments = fc.constantFrom('apiVersion: v1\n', 'kind: Deployment\n', '{{ x }}', '{{- end }}\n', 'resource "a" "b" {', '}', '---\n', '&a [*a]', '  - ', 'FROM x\n', 'USER\n', '"', "'", ': ', '\t', 'AWS::S3::Bucket', 'services:\n', '<<: *x\n', '${', 'jsonencode({', '\n');
    await fc.assert(
      fc.asyncProperty(fc.array(fragments, { maxLength: 40 }), fc.constantFrom(...paths), async (parts, p) => {
        const text = parts.join('');
        for (const d of infraDetectors) {
          if (!d.wants(p)) continue;
          const f = await d.detect({ path: p, text, blobId: 'x' });
          expect(f.diagnostics.every((x) => x.code !== 'detector-error')).toBe(true);
          JSON.stringify(f);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
