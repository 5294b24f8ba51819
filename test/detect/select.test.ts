import { describe, expect, it } from 'vitest';
import { detectors } from '../../src/detect/registry.js';
import { byExtension, extensionOf, selectDetectors } from '../../src/detect/select.js';
import { formatOf } from '../../src/detect/secrets/detector.js';
import { emptyFindings } from '../../src/detect/types.js';
import { formatOf as originalFormatOf, originalWants } from './original-wants.js';

/** Directories whose names some detector looks at, plus ordinary and awkward ones. */
const DIRS = [
  '', 'src', 'a/b/c/d/e/f/g', 'node_modules', 'x/node_modules', 'node_modules/pkg/lib', 'xnode_modules', 'node_modules_x',
  '.next', 'app/.next', '.nextx', 'dist/assets', 'web/dist/assets', 'dist/assetsx', 'dist', 'assets',
  '.github/workflows', 'x/.github/workflows', '.github/workflows/sub', '.GitHub/Workflows', '.github', 'workflows', 'x.github/workflows',
  '.gitlab-ci', 'ci/.gitlab-ci', '.circleci', 'x/.circleci/y', '.Circleci',
  '.claude', 'home/.claude', '.claude/commands', 'x.claude', '.Claude', '.gemini', 'u/.gemini', 'x.gemini',
  '.well-known', 'public/.well-known', 'x.well-known', '.Well-Known',
  'requirements', 'py/requirements', 'xrequirements', 'requirements/sub', 'Requirements',
  'charts/app', 'charts/app/templates', 'helm', 'k8s', 'deploy/k8s/base', 'terraform/modules/vpc', 'infra',
  'docker', 'Dockerfile', 'compose', 'package.json', 'dir with spaces', 'ünïcødé/日本語', 'emoji/🚀', 'tab\there',
  'line\nbreak', '.hidden/.dots', 'a//b', 'K\u212Aelvin', 'a.yaml', 'x.py',
];

/** File names (and stems) the detectors know, in their variants. */
const NAMES = [
  'Dockerfile', 'dockerfile', 'DOCKERFILE', 'DockerFile', 'Dockerfile.dev', 'Dockerfile.prod.arm', 'Dockerfile-dev', 'Dockerfile.',
  'Dockerfile..', 'dockerfile.md', 'Dockerfile.txt', 'Dockerfile.json', 'Dockerfile.yaml', 'Dockerfile.sh', 'Dockerfile.py', 'Dockerfile.ts',
  'Dockerfile.mjs', 'Dockerfile.lock', 'Dockerfile.png', 'Dockerfile.dockerignore', 'Dockerfile.html', 'Dockerfile.go', 'Dockerfilex',
  'Dockerfile\nx', 'Dockerfile.\n', 'Dockerfile-\n', 'api.Dockerfile', 'api.dockerfile', 'x.DOCKERFILE', '.dockerfile', '.Dockerfile',
  'Containerfile', 'containerfile.base', 'web.containerfile', '.containerfile', 'Containerfile-x', 'Doc\u212Aerfile', 'doc\u212Aerfile.x',
  'mydockerfilehelper.py', '.dockerignore', 'Dockerfile.template',
  'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'docker-compose.prod.yml', 'docker-compose-dev.YML',
  'COMPOSE.YAML', 'Docker-Compose.Yml', 'compose.override.yaml', 'composer.yml', 'composer.json', 'compose.yaml.bak', 'compose-.yml',
  'docker-compose.json', 'docker-\u212Aompose.yml',
  'Chart.yaml', 'chart.yml', 'CHART.YAML', 'values.yaml', 'values.yml', 'values-prod.yaml', 'Values.Yaml', 'values.prod.yaml',
  'values', 'Chart.lock', 'deployment.yaml', 'service.yml', 'ingress.YAML', 'x.Yml', 'x.yAmL', 'x.yaml.txt', 'yaml', '.yaml', '.yml',
  'x.yam', 'x.ml', 'x.yaaml', '_helpers.tpl', 'NOTES.txt', 'kustomization.yaml',
  'main.tf', 'vars.TF', 'x.tf.json', 'x.TF.JSON', 'x.Tf.Json', 'x.tfvars', 'x.tf.jsonx', 'x.hcl', 'tf', '.tf', 'x.tfx',
  'template.json', 'stack.template', 'x.TEMPLATE', 'x.Json', 'x.JSON', 'tsconfig.json', 'TSConfig.JSON', 'package-lock.json',
  'Package-Lock.json', 'composer.lock', 'x.json5',
  'package.json', 'Package.json', 'package.json5', 'xpackage.json', 'package.jsonx', 'pyproject.toml', 'Pyproject.toml', 'xpyproject.toml',
  'requirements.txt', 'requirements.in', 'requirements-dev.txt', 'requirements_test.in', 'requirements.prod.txt', 'Requirements.txt',
  'requirements.TXT', 'requirementsx.txt', 'requirements', 'requirements.txt.bak', 'requirements dev.txt', 'requirements-ü.txt',
  'base.txt', 'dev.in', 'x y.txt', 'ü.txt', '.txt', 'prod.in',
  'mcp.json', '.mcp.json', 'claude_desktop_config.json', '.claude.json', 'mcp_config.json', 'cline_mcp_settings.json',
  'mcp_settings.json', 'MCP.json', 'mcp.JSON', 'settings.json', 'settings.local.json', 'settings..json', 'settings.a.b.json',
  'settings.json.bak', 'Settings.json', 'settingsx.json', 'settings', 'mcp.ts',
  'agent.json', 'agent-card.json', 'Agent.json', 'agent-card.JSON', 'agent_card.json', 'xagent-card.json', 'agent.card.json',
  '.env', '.env.local', '.env.production', 'prod.env', '.ENV', '.envrc', '.Envrc', '.env.', 'env', 'x.env.bak', '.envx', '.env\u212A',
  'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'Cargo.lock', 'Gemfile.lock', 'bun.lockb', 'npm-shrinkwrap.json',
  'Poetry.Lock', 'PNPM-LOCK.YAML',
  'app.py', 'app.pyw', 'app.pyi', 'app.PY', 'app.pyx', 'py', '.py', 'x.py.txt',
  'index.ts', 'index.tsx', 'index.js', 'index.jsx', 'index.mjs', 'index.cjs', 'index.mts', 'index.cts', 'index.TS', 'index.Js',
  'index.d.ts', 'index.d.mts', 'index.d.cts', 'index.d.tsx', 'd.ts', '.d.ts', 'x.min.js', 'x.min.mjs', 'x.MIN.JS', 'x.min.ts',
  'x.bundle.js', 'x.bundle.mjs', 'x.xts', 'x.ljs', 'x.ts.map', 'ts', '.ts', 'x.jsxx', 'x.sx',
  'x.md', 'README.MD', 'x.sh', 'x.bash', 'x.zsh', 'x.ini', 'x.cfg', 'x.conf', 'x.properties', 'x.ipynb', 'x.xml', 'x.gradle',
  'x.go', 'x.rb', 'x.java', 'x.kt', 'x.rs', 'x.cs', 'x.php', 'x.toml', 'x.TOML', 'x.png', 'x.lock', 'x.', '.', '..', 'Makefile',
  'LICENSE', 'x y z.py', 'ünïcødé.py', '日本語.ts', '🚀.yaml', 'x\u212A.yml', 'x.y\u212Aml', 'tab\t.json', 'x\n.py', 'İ.yaml', 'x.PY', 'x.Py', 'x.TF', 'x.Md', 'x.Σ', 'ΑΣ.json', 'x.\u212At', 'Dockerfile.MD', 'x.Jsx',
];

/** Name stems and extensions the detectors know, crossed (`Dockerfile.tf`, `package-lock.YAML`, `x.\u212At`). */
const STEMS = [
  'x', 'Dockerfile', 'containerfile', 'api.Dockerfile', 'compose', 'docker-compose', 'Chart', 'values', 'values-dev', 'package',
  'package-lock', 'pnpm-lock', 'tsconfig', 'composer', 'requirements', 'requirements-dev', 'settings', 'settings.local', 'agent',
  'agent-card', 'mcp', '.env', 'prod.env', '.envrc', 'pyproject', 'x.min', 'x.d', 'x.bundle', 'x.tf', '', 'ΑΣ', 'ünï', 'mcp_agent.config', 'fastagent.config', 'x.mcp_agent.config',
];
const EXTS = [
  '', 'py', 'pyw', 'pyi', 'js', 'ts', 'mjs', 'cjs', 'mts', 'cts', 'jsx', 'tsx', 'json', 'yaml', 'yml', 'toml', 'txt', 'in', 'tf',
  'tfvars', 'hcl', 'template', 'dockerfile', 'containerfile', 'dockerignore', 'md', 'rst', 'adoc', 'sh', 'bash', 'zsh', 'ps1',
  'html', 'lock', 'lockb', 'png', 'svg', 'env', 'envrc', 'local', 'ini', 'cfg', 'conf', 'properties', 'ipynb', 'xml', 'gradle',
  'go', 'rb', 'java', 'kt', 'rs', 'cs', 'php', 'dev', 'Σ', '\u212At', 'y\u212Aml', 'loc\u212A', 'js\n',
];
const CROSS_DIRS = ['', 'src', 'node_modules/p', '.github/workflows', '.GITHUB/workflows', '.claude', '.gemini', '.well-known', 'requirements', 'app/.next', 'dist/assets', '.circleci'];

function casings(s: string): string[] {
  return [...new Set([s, s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1)])];
}

function allPaths(): string[] {
  const out = new Set<string>();
  for (const d of DIRS) for (const n of NAMES) out.add(d ? `${d}/${n}` : n);
  for (const d of CROSS_DIRS)
    for (const stem of STEMS)
      for (const ext of EXTS)
        for (const e of casings(ext)) {
          const n = ext === '' ? stem : `${stem}.${e}`;
          out.add(d ? `${d}/${n}` : n);
        }
  // Directory names alone (a name the detectors know, used as a file) and trailing-slash oddities.
  for (const d of DIRS) if (d) out.add(d).add(`${d}/`);
  return [...out];
}

describe('selecting detectors for a path', () => {
  const paths = allPaths();

  it('generates a large list of paths', () => {
    expect(paths.length).toBeGreaterThan(10_000);
    // every detector is wanted somewhere, so the comparison below covers each one's yes as well as its no
    for (const d of detectors) expect(paths.some((p) => originalWants[d.id]!(p)), d.id).toBe(true);
  });

  it('keeps an oracle for every registered detector', () => {
    expect(Object.keys(originalWants).sort()).toEqual(detectors.map((d) => d.id).sort());
  });

  it("gives every detector's original answer for every path", () => {
    const wrong: string[] = [];
    for (const p of paths) for (const d of detectors) if (d.wants(p) !== originalWants[d.id]!(p)) wrong.push(`${d.id} ${JSON.stringify(p)}`);
    expect(wrong).toEqual([]);
  });

  it('selects exactly the detectors the plain filter selected, in registry order', () => {
    const select = selectDetectors(detectors);
    const wrong: string[] = [];
    for (const p of paths) {
      const want = detectors.filter((d) => originalWants[d.id]!(p)).map((d) => d.id);
      const got = select(p).map((d) => d.id);
      if (want.join() !== got.join()) wrong.push(`${JSON.stringify(p)}: ${got.join()} != ${want.join()}`);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps the secrets detector's format of every path", () => {
    const wrong = paths.filter((p) => formatOf(p) !== originalFormatOf(p));
    expect(wrong).toEqual([]);
  });

  it('selects for detectors it knows nothing about by asking them', () => {
    const odd = { id: 'odd', version: 1, wants: (p: string) => p.length % 2 === 0, detect: () => emptyFindings() };
    const select = selectDetectors([...detectors, odd]);
    expect(paths.filter((p) => select(p).includes(odd) !== (p.length % 2 === 0))).toEqual([]);
  });

  it('decides by extension as the rule says, asking the test only where it says ask', () => {
    const asked: string[] = [];
    const wants = byExtension({ yes: ['md'], ask: ['yml'], no: ['txt', 'lock'], otherwise: 'ask', anyCase: true }, (p) => {
      asked.push(p);
      return p.startsWith('keep');
    });
    const cases: [string, boolean][] = [
      ['a/README.MD', true], ['keep.Yml', true], ['drop.yml', false], ['keep.txt', false], ['keep', true], ['a.b/drop', false],
      // the Kelvin sign is no `k` to a regex's `i` flag without `u` (though `toLowerCase` makes it one): not `lock`, ask
      ['keep.LOCK', false], ['keep.loc\u212A', true], ['drop.loc\u212A', false],
    ];
    expect(cases.map(([p]) => wants(p))).toEqual(cases.map(([, w]) => w));
    expect(asked).toEqual(['keep.Yml', 'drop.yml', 'keep', 'a.b/drop', 'keep.loc\u212A', 'drop.loc\u212A']);
    expect([extensionOf('a.b/c'), extensionOf('a/.env'), extensionOf('x.tar.GZ'), extensionOf('x.')]).toEqual(['', 'env', 'GZ', '']);
  });
});
