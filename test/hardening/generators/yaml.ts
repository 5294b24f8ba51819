import type { HostileCase } from './types.js';

// Alias bombs (billion laughs) and nesting deep enough to exhaust a recursive parser, in the three YAML files
// the scanner reads: the manifest, Kubernetes manifests and compose files.

/** Ten levels of ten aliases each: 10^10 nodes once expanded. */
export function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

export const DEEP = {
  flow: (n = 20_000) => '['.repeat(n) + ']'.repeat(n),
  flowMap: (n = 10_000) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
  dashes: (n = 5_000) => '- '.repeat(n) + 'x',
  indent: (n = 400) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1',
};

export function yamlCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const shapes: Record<string, string> = {
    'alias-bomb': aliasBomb(),
    'deep-flow': `x: ${DEEP.flow()}\n`,
    'deep-flow-map': `x: ${DEEP.flowMap()}\n`,
    'deep-dashes': `x:\n${DEEP.dashes()}\n`,
    'deep-indent': `x:\n${DEEP.indent()}\n`,
  };
  for (const [shape, text] of Object.entries(shapes)) {
    // 400 levels of block indentation is valid YAML a parser reads without harm: no diagnostic required.
    const named = (path: string) => (shape === 'deep-indent' ? [] : [{ path, codes: ['parse-error', 'bound-reached'], wanted: true }]);
    const path = `hostile/yaml/k8s/${shape}.yaml`;
    out.push({ category: 'yaml', name: `k8s-${shape}`, files: { [path]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ${text.replace(/\n/g, '\n  ')}` }, expect: named(path) });
    const cpath = `hostile/yaml/compose-${shape}/compose.yaml`;
    out.push({ category: 'yaml', name: `compose-${shape}`, files: { [cpath]: `${text}services:\n  app:\n    image: agent:1\n` }, expect: named(cpath) });
  }
  // Bombs inside a real-looking document: a detector that reads it must not expand aliases it does not need.
  const anchors = (indent: string) => aliasBomb().trimEnd().split('\n').map((l) => indent + l).join('\n');
  const kpath = 'hostile/yaml/k8s/deployment-alias-bomb.yaml';
  out.push({
    category: 'yaml',
    name: 'k8s-deployment-alias',
    files: { [kpath]: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bomb\n  annotations:\n${anchors('    ')}\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          image: agent:1\n          args: *a10\n` },
  });
  const cpath = 'hostile/yaml/compose-env-alias/docker-compose.yml';
  out.push({ category: 'yaml', name: 'compose-env-alias', files: { [cpath]: `x-bomb:\n${anchors('  ')}\nservices:\n  app:\n    image: agent:1\n    command: *a10\n` } });
  // Many documents in one stream, and tags that would construct objects in unsafe loaders.
  const many = 'hostile/yaml/k8s/ten-thousand-docs.yaml';
  out.push({ category: 'yaml', name: 'k8s-many-docs', files: { [many]: Array.from({ length: 10_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n') } });
  const tags = 'hostile/yaml/k8s/python-tags.yaml';
  out.push({ category: 'yaml', name: 'k8s-unsafe-tags', files: { [tags]: `apiVersion: v1\nkind: Pod\nmetadata: !!python/object/apply:os.system ["touch /tmp/pwned-by-yaml"]\nspec: !custom {a: 1}\n` } });
  return out;
}

/** Manifests: each must be the repository's maestro.yaml, so each is its own repository. */
export function manifestYamlCases(): HostileCase[] {
  const shapes: Record<string, string> = {
    'alias-bomb': `version: 1\n${aliasBomb()}system:\n  name: *a10\n`,
    'deep-flow': `version: 1\nsystem:\n  name: ${DEEP.flow()}\n`,
    'deep-dashes': `version: 1\nignore:\n${DEEP.dashes()}\n`,
    'deep-indent': `version: 1\nsystem:\n${DEEP.indent()}\n`,
    'python-tag': `version: 1\nsystem: !!python/object/apply:os.system ["touch /tmp/pwned-by-yaml"]\n`,
  };
  return Object.entries(shapes).map(([shape, text]) => ({
    category: 'yaml',
    name: `manifest-${shape}`,
    manifest: true,
    files: { 'maestro.yaml': text },
    expect: [{ path: 'maestro.yaml', codes: ['manifest-error'] }],
  }));
}
