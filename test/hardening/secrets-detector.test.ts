import { describe, expect, it } from 'vitest';
import { secretDetectors } from '../../src/detect/secrets/index.js';
import { isTestPath } from '../../src/detect/test-paths.js';
import type { FileInput } from '../../src/detect/types.js';
import type { Diagnostic } from '../../src/model/types.js';
import { fakeLiteral, fakePrivateKeyBlock, fakeToken, TOKEN_KINDS, type TokenKind } from './generators/tokens.js';

const [detector] = secretDetectors;

async function scan(path: string, text: string): Promise<Diagnostic[]> {
  const file: FileInput = { path, text, blobId: '0'.repeat(40) };
  if (!detector.wants(path)) return [];
  if (detector.needles && !detector.needles.some((n) => text.includes(n))) return [];
  return (await detector.detect(file)).diagnostics;
}

const LABEL: Record<TokenKind, RegExp> = {
  openai: /OpenAI API key sk-…/,
  'openai-project': /OpenAI API key sk-proj-…/,
  anthropic: /Anthropic API key sk-ant-…/,
  aws: /AWS access key id AKIA…/,
  github: /GitHub token ghp_…/,
  'github-pat': /GitHub token github_pat_…/,
  slack: /Slack token xoxb-…/,
  google: /Google API key AIza…/,
  huggingface: /Hugging Face token hf_…/,
};

describe('secrets detector: well-known token shapes', () => {
  for (const kind of TOKEN_KINDS) {
    it(`finds a ${kind} token and shows at most its last 4 characters`, async () => {
      const token = fakeToken(kind, 3);
      const diags = await scan('app/settings.py', `import os\n\nclient = make(key="${token}")\n`);
      expect(diags).toHaveLength(1);
      const d = diags[0];
      expect(d).toMatchObject({ path: 'app/settings.py', line: 3, code: 'secret-found' });
      expect(d.message).toMatch(LABEL[kind]);
      expect(d.message.endsWith(token.slice(-4))).toBe(true);
      // Nothing of the random part but the last 4 characters.
      expect(d.message).not.toContain(token.slice(-5));
      expect(d.message).not.toContain(token.slice(12, 20));
    });
  }

  it('finds a private key block by its header', async () => {
    const diags = await scan('deploy/key.md', `# keys\n\n${fakePrivateKeyBlock()}`);
    expect(diags).toEqual([{ path: 'deploy/key.md', line: 3, code: 'secret-found', message: 'possible private key block (BEGIN RSA PRIVATE KEY)' }]);
  });

  it('takes a private key header as a key only when key material follows it', async () => {
    const block = fakePrivateKeyBlock();
    const [begin, body, end] = block.trimEnd().split('\n') as [string, string, string];
    // Docs show the header alone, or around an ellipsis; a prose mention names it in backticks.
    const docs = `GITHUB_APP_PRIVATE_KEY="${begin}\n...\n${end}\n"\n\nCheck that the key includes the \`${begin}\` line.\n`;
    expect(await scan('docs/INSTALL.md', docs)).toEqual([]);
    // In a JSON string, with escaped newlines; encrypted, after its PEM headers.
    const json = `{\n  "key": "${begin}\\n${body}\\n${end}\\n"\n}\n`;
    expect((await scan('config/app.json', json)).map((d) => d.line)).toEqual([2]);
    const encrypted = `${begin}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n${body}\n${end}\n`;
    expect((await scan('deploy/enc.pem.txt', encrypted)).map((d) => d.line)).toEqual([1]);
    // Split over concatenated string literals, as keys are pasted into code.
    const py = `SIGNING = (\n    "${begin}\\n"\n    "${body}\\n"\n    "${end}\\n"\n)\n`;
    expect((await scan('app/sign.py', py)).map((d) => d.line)).toEqual([2]);
    const ts = `export const key =\n  '${begin}\\n' +\n  '${body}\\n' +\n  '${end}';\n`;
    expect((await scan('app/sign.ts', ts)).map((d) => d.line)).toEqual([2]);
  });

  it('finds tokens in every format it reads, on the right line', async () => {
    const t = fakeToken('openai', 9);
    const cases: [string, string, number][] = [
      ['Dockerfile', `FROM python:3.12\nENV OPENAI_API_KEY=${t}\n`, 2],
      ['.mcp.json', `{\n  "mcpServers": {\n    "gh": { "command": "x", "env": { "TOKEN": "${t}" } }\n  }\n}\n`, 3],
      ['compose.yaml', `services:\n  app:\n    environment:\n      - OPENAI_API_KEY=${t}\n`, 4],
      ['src/a.ts', `export const c = new OpenAI({\n  apiKey: \`${t}\`,\n});\n`, 2],
      ['infra/main.tf', `variable "k" {\n  default = "${t}"\n}\n`, 2],
      ['.env.production', `# prod\nOPENAI_API_KEY="${t}"\n`, 2],
      ['pyproject.toml', `[tool.x]\nkey = "${t}"\n`, 2],
      ['scripts/run.sh', `#!/bin/sh\nexport OPENAI_API_KEY=${t}\n`, 2],
    ];
    for (const [path, text, line] of cases) {
      const diags = await scan(path, text);
      expect(diags.map((d) => [d.path, d.line]), path).toEqual([[path, line]]);
    }
  });
});

describe('secrets detector: literals given to secret-named variables', () => {
  const lit = fakeLiteral(4);
  const found: [string, string, number][] = [
    ['app/config.py', `OPENAI_API_KEY = "${lit}"\n`, 1],
    ['app/config.py', `class S:\n    def __init__(self):\n        self.client_secret = '${lit}'\n`, 3],
    ['app/config.py', `client = Client(\n    api_key="${lit}",\n)\n`, 2],
    ['app/config.py', `settings = {"db_password": "${lit}"}\n`, 1],
    ['app/config.py', `os.environ["SERVICE_TOKEN"] = "${lit}"\n`, 1],
    ['app/config.py', `API_KEY: str = "${lit}"\n`, 1],
    ['web/a.ts', `const apiKey = "${lit}";\n`, 1],
    ['web/a.tsx', `export const A = () => <Widget apiKey="${lit}" />;\n`, 1],
    ['web/a.js', `process.env.ANTHROPIC_API_KEY = '${lit}';\n`, 1],
    ['k8s/deploy.yaml', `spec:\n  containers:\n    - name: a\n      env:\n        - name: VENDOR_API_KEY\n          value: "${lit}"\n`, 6],
    ['config.yml', `vendor:\n  secret_key: ${lit}\n`, 2],
    ['settings.json', `{\n  "auth": { "accessToken": "${lit}" }\n}\n`, 2],
    ['.env', `VENDOR_SECRET=${lit} # rotate monthly\n`, 1],
    ['Dockerfile', `FROM node:20\nARG NPM_TOKEN=${lit}\n`, 2],
  ];
  for (const [path, text, line] of found) {
    it(`finds ${JSON.stringify(text.split('\n')[line - 1].trim().slice(0, 40))} in ${path}`, async () => {
      const diags = await scan(path, text);
      expect(diags).toHaveLength(1);
      expect(diags[0]).toMatchObject({ path, line, code: 'secret-found' });
      expect(diags[0].message).toMatch(/^possible credential in [A-Za-z_]+ …/);
      expect(diags[0].message.endsWith(lit.slice(-4))).toBe(true);
      expect(diags[0].message).not.toContain(lit.slice(-8));
    });
  }

  // The false positives that make people switch a secret scanner off.
  const quiet: [string, string][] = [
    ['app/config.py', `OPENAI_API_KEY = "your-api-key"\n`],
    ['app/config.py', `OPENAI_API_KEY = "xxx"\n`],
    ['app/config.py', `OPENAI_API_KEY = "sk-..."\n`],
    ['app/config.py', `OPENAI_API_KEY = "<redacted>"\n`],
    ['app/config.py', `OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\n`],
    ['app/config.py', `OPENAI_API_KEY = f"{prefix}-{suffix}-0123456789"\n`],
    ['app/config.py', `api_key = "OPENAI_API_KEY"\n`],
    ['app/config.py', `max_tokens = "4096"\ntokenizer = "cl100k_base_2024"\n`],
    ['app/config.py', `password_file = "/run/secrets/db_password"\n`],
    ['app/config.py', `TOKEN = "aaaaaaaaaaaaaaaaaaaaaaaa"\n`],
    ['app/config.py', `SECRET_KEY = "change-me-in-production"\n`],
    // Test fixtures that say what they stand for (from a real test suite).
    ['tests/test_mounts.py', `mount = Mount(api_token="custom-mount-secret", access_token="box-access-token")\n`],
    ['tests/test_run.py', `run(tracing={"api_key": "explicit-trace-key", "secret_access_key": "ordinary-secret-metadata"})\n`],
    ['test/manifest.test.ts', `const env = { TOKEN: 'replayed-secret:openai-key' };\n`],
    // Placeholders in tests that name nothing, or a number after the name (kagent's token-exchange tests).
    ['python/pkg/tests/test_adk.py', `state = {"subject-token": "subject-jwt-from-vertex"}\njwt_token = "header.payload.signature"\n`],
    ['pkg/test_base.py', `subject_token = "subject-token-123"\n`],
    ['integrations/tests/cli.test.ts', `const a = { apiKey: 'm0-verified-key' };\nconst b = { apiKey: 'm0-supersecretkey1234' };\nconst c = { apiKey: 'm0-new-secret-key-abcd1234' };\n`],
    ['app/settings.py', `expected_access_token = "access-token-456"\n`],
    // The name of the configuration key a token is read under (langchain-ai/social-media-agent's constants).
    ['src/constants.ts', `export const LINKEDIN_ACCESS_TOKEN = "linkedInAccessToken";\nexport const TWITTER_API_KEY = "TwitterApiKey";\n`],
    // Keys their vendors publish in every page: a PostHog project key, a Stripe publishable key.
    ['app/telemetry.py', `POSTHOG_PROJECT_API_KEY = "phc_Tq4Zr8Vx2Lm7Nw1Kp5Hy9Bs3Dc6Fg0Jt"\nSTRIPE_PUBLISHABLE_KEY = "pk_live_51H8xKzLp2Qw9RtYvB7nM3cDf"\n`],
    // A file named where a secret is expected, and an ascending run after a prefix.
    ['deploy/modelconfig.yaml', `tls:\n  caCertSecretKey: ca-bundle.crt\n  clientKey: tls-client.key\n`],
    ['deploy/secret.yaml', `stringData:\n  key: sk-litellm-1234567890abcdef\n`],
    ['src/i18n/declaration.ts', `export enum I18nKey {\n  SETTINGS$LLM_API_KEY = "SETTINGS$LLM_API_KEY",\n}\n`],
    ['.env.example', `OPENAI_API_KEY=\nANTHROPIC_API_KEY=\${ANTHROPIC_API_KEY}\nGITHUB_TOKEN=<your token>\n`],
    ['compose.yaml', `services:\n  app:\n    environment:\n      OPENAI_API_KEY: \${OPENAI_API_KEY}\n      API_TOKEN: "{{ .Values.token }}"\n`],
    ['web/a.ts', `const apiKey = process.env.OPENAI_API_KEY ?? "";\nconst token = \`Bearer \${key}\`;\n`],
    ['README.md', `Set OPENAI_API_KEY=sk-your-key-here and AWS key AKIAIOSFODNN7EXAMPLE.\n`],
    ['docs/notes.md', `the word sk-learn-classifier-pipeline-thing is not a key\n`],
    ['Dockerfile', `FROM python:3.12\nENV OPENAI_API_KEY=""\nARG GITHUB_TOKEN\n`],
    // A sentinel in Python's dunder style, not a credential.
    ['agent/guard.py', `_DEPTH_LIMIT_TOKEN = "__pr_guard_shell_expansion_depth_limit__"\n`],
    // JSON in a credential-named string that holds no credential (openai-agents' sandbox tests).
    ['tests/sandbox/test_mounts.py', `m = Mount(service_account_credentials='{"type":"service_account"}', token='{"access_token":"token"}')\n`],
    ['tests/sandbox/test_gcs.py', `m = Mount(service_account_credentials='{"private_key":"gcs-cleanup-secret"}')\n`],
    ['app/gcs.py', `GCS_CREDENTIALS = '{"type":"service_account","project_id":"my-project-123456"}'\n`],
  ];
  it('judges JSON held in a credential-named string by the secret-named members inside it', async () => {
    const lit = fakeLiteral(7);
    const text = `GCS_CREDENTIALS = '{"type":"service_account","client_secret":"${lit}"}'\n`;
    expect((await scan('app/gcs.py', text)).map((d) => d.message)).toEqual([`possible credential in GCS_CREDENTIALS …${lit.slice(-2)}"}`]);
    const nested = `CREDENTIALS = '{"installed":{"refresh_token":"${lit}"}}'\n`;
    expect((await scan('app/oauth.py', nested)).map((d) => d.message)).toHaveLength(1);
    // The name around it says it holds credentials: a key under any member that does not say what it is, or in a list.
    const other = fakeLiteral(9);
    for (const text of [
      `API_KEY = '["${lit}","${other}"]'\n`,
      `SERVICE_CREDENTIALS = '{"user":"svc-bot","key":"${lit}"}'\n`,
      `PROVIDER_TOKEN = '{"openrouter":"${lit}"}'\n`,
    ])
      expect((await scan('app/settings.py', text)).map((d) => d.code), text).toEqual(['secret-found']);
    // An id, however random, is not the secret (a service account's private_key_id).
    expect(await scan('app/gcs.py', `GCS_CREDENTIALS = '{"type":"service_account","private_key_id":"${lit}","client_id":"${other}"}'\n`)).toEqual([]);
  });
  it('still finds a passphrase of plain words that does not name itself, outside tests', async () => {
    const text = 'DB_PASSWORD = "correct-horse-battery-staple"\n';
    expect((await scan('app/config.py', text)).map((d) => d.message)).toEqual(['possible credential in DB_PASSWORD …aple']);
    expect((await scan('app/tests/test_config.py', text)).map((d) => d.message)).toEqual([]);
    // Run together in camelCase, the same: only words that name a secret make a key's name.
    expect((await scan('app/config.py', 'DB_PASSWORD = "CorrectHorseBatteryStaple"\n')).map((d) => d.code)).toEqual(['secret-found']);
    // A test's random-looking literal is still reported: it may be a real key pasted into a fixture.
    const lit = fakeLiteral(5);
    expect((await scan('app/tests/test_config.py', `DB_PASSWORD = "${lit}"\n`)).map((d) => d.message)).toEqual([`possible credential in DB_PASSWORD …${lit.slice(-4)}`]);
  });

  it('knows test code by its folder or file name', () => {
    for (const p of ['tests/a.py', 'pkg/test/x.ts', 'src/__tests__/a.tsx', 'a/test_b.py', 'a/b_test.py', 'conftest.py', 'src/a.test.ts', 'src/a.spec.mjs', 'x/fixtures/c.json', 'docker-compose.test.yml', 'app/.env.test']) expect(isTestPath(p), p).toBe(true);
    for (const p of ['src/a.py', 'latest/a.py', 'contest.py', 'src/testing.ts', 'attest/a.py', 'src/protest.test', 'docker-compose.yml', '.env', 'latest.yaml']) expect(isTestPath(p), p).toBe(false);
  });

  for (const [path, text] of quiet) {
    it(`stays quiet on ${JSON.stringify(text.trim().split('\n')[0].slice(0, 50))} in ${path}`, async () => {
      expect(await scan(path, text)).toEqual([]);
    });
  }

  it('reports one finding per line, sorted by line, and never throws on broken syntax', async () => {
    const t = fakeToken('github', 2);
    const diags = await scan('app/bad.py', `def (:\n  TOKEN = "${t}"\nAPI_KEY = "${fakeLiteral(8)}"\n`);
    expect(diags.map((d) => d.line)).toEqual([2, 3]);
  });

  it('skips lock files and binary-looking extensions', () => {
    expect(detector.wants('package-lock.json')).toBe(false);
    expect(detector.wants('a/poetry.lock')).toBe(false);
    expect(detector.wants('logo.png')).toBe(false);
    expect(detector.wants('src/app.py')).toBe(true);
    expect(detector.wants('deploy/Dockerfile.prod')).toBe(true);
  });
});
