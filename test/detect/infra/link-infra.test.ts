import { describe, expect, it } from 'vitest';
import { infraDetectors } from '../../../src/detect/infra/index.js';
import type { Component } from '../../../src/model/types.js';
import { applyInfraFacts, linkInfra } from '../../../src/model/link-infra.js';
import type { FileFacts } from '../../../src/model/link-infra.js';

async function scan(files: Record<string, string>, code: Component[]) {
  const components: Component[] = [...code];
  const facts: FileFacts[] = [];
  for (const [path, text] of Object.entries(files)) {
    for (const d of infraDetectors) {
      if (!d.wants(path) || (d.needles && !d.needles.some((n) => text.includes(n)))) continue;
      const f = await d.detect({ path, text, blobId: 'x' });
      components.push(...f.components);
      if (Object.keys(f.facts).length) facts.push({ path, detectorId: d.id, facts: JSON.parse(JSON.stringify(f.facts)) });
    }
  }
  const all = applyInfraFacts(components, facts);
  return { components: all, edges: linkInfra(all, facts) };
}

const agent: Component = { id: 'agent:src/agent.py#a', kind: 'agent', layer: 'L3', name: 'a', source: 'inferred', evidence: [{ path: 'src/agent.py', line: 3 }] };
const other: Component = { id: 'agent:tools/x.py#b', kind: 'agent', layer: 'L3', name: 'b', source: 'inferred', evidence: [{ path: 'tools/x.py', line: 1 }] };

describe('linkInfra', () => {
  it('resolves COPY sources against the build context compose gives, not the Dockerfile directory', async () => {
    const { edges } = await scan(
      {
        'docker/api.Dockerfile': 'FROM python:3.12\nCOPY src/ /app/src\n',
        'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n    image: acme/api:1\n',
        'k8s/api.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: registry.example.com/acme/api:2.0\n',
      },
      [agent, other],
    );
    expect(edges).toEqual([
      { from: 'compose-service:compose.yaml#api', to: 'container-image:docker/api.Dockerfile#api', kind: 'runs', evidence: [{ path: 'compose.yaml', line: 3, note: 'build' }] },
      { from: 'container-image:docker/api.Dockerfile#api', to: 'agent:src/agent.py#a', kind: 'runs', evidence: [{ path: 'docker/api.Dockerfile', line: 2, note: 'COPY src/' }] },
      {
        from: 'k8s-workload:k8s/api.yaml#pod/api',
        to: 'container-image:docker/api.Dockerfile#api',
        kind: 'runs',
        evidence: [{ path: 'k8s/api.yaml', line: 8, note: 'image registry.example.com/acme/api:2.0' }],
        guess: true,
      },
    ]);
  });

  it('links nothing when image names and COPY sources do not match', async () => {
    const { edges } = await scan(
      {
        'web/Dockerfile': 'FROM nginx:1\nCOPY static /usr/share/nginx/html\n',
        'k8s/db.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n    - name: db\n      image: postgres:16\n',
      },
      [agent],
    );
    expect(edges).toEqual([]);
  });

  it('sets networkPolicy from policies in compatible namespaces only', async () => {
    const { components } = await scan(
      {
        'a.yaml': [
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n  namespace: one\n  labels: { app: p1 }\nspec:\n  containers: [{ name: c, image: x }]',
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p2\n  namespace: two\n  labels: { app: p2 }\nspec:\n  containers: [{ name: c, image: x }]',
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: one\nspec:\n  podSelector: {}',
        ].join('\n---\n'),
      },
      [],
    );
    const np = Object.fromEntries(components.map((c) => [c.name, c.attributes?.networkPolicy]));
    expect(np).toEqual({ 'pod/p1': true, 'pod/p2': false });
  });
});
