import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/report/redact.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import type { Report } from '../../src/report/types.js';
import { cli } from '../helpers/cli.js';
import { assertValidReport } from '../helpers/report-schema.js';
import { fakeToken } from './generators/tokens.js';
import { buildRepo, removeRepo, scan } from './scan-helpers.js';

// Tokens planted where a scan reads them: a Dockerfile ENV, an MCP config env value, a Python string, a file
// name. The secrets detector reports each (redacted); no rendered output, after the redaction pass, holds any
// of them.

const T = {
  dockerfile: fakeToken('openai-project', 21),
  mcp: fakeToken('github', 22),
  python: fakeToken('anthropic', 23),
  fileName: fakeToken('openai', 24),
  mcpUrl: fakeToken('slack', 25),
};

const FILES: Record<string, string> = {
  'svc/Dockerfile': `FROM python:3.12-slim\nENV OPENAI_API_KEY=${T.dockerfile}\nCOPY app.py .\nCMD ["python", "app.py"]\n`,
  '.mcp.json': JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: T.mcp } }, remote: { url: `https://mcp.example.com/sse?token=${T.mcpUrl}` } } }, null, 2),
  'svc/app.py': `from anthropic import Anthropic\n\nclient = Anthropic(api_key="${T.python}")\n`,
  [`svc/leaked_${T.fileName}.ts`]: "import { openai } from '@ai-sdk/openai';\nimport { streamText } from 'ai';\nexport const s = () => streamText({ model: openai('gpt-4o-mini'), prompt: 'y' });\n",
  'svc/agent.ts': "import { openai } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nexport const go = () => generateText({ model: openai('gpt-4o'), prompt: 'x' });\n",
};

/** The random middle of a token: what must never be readable. */
const middle = (t: string) => t.slice(-14, -4);

let dir: string;
let report: Report;

beforeAll(async () => {
  dir = buildRepo([{ category: 'secrets', name: 'planted', files: FILES }], { good: false });
  report = (await scan(dir)).report;
  assertValidReport(report);
});

afterAll(() => removeRepo(dir));

/** Renderers that exist on this branch: markdown and SARIF land with the GitHub integration. */
async function optionalRenderers(): Promise<Record<string, (r: Report) => string>> {
  const out: Record<string, (r: Report) => string> = {};
  const src = path.resolve(import.meta.dirname, '../../src/report');
  if (existsSync(path.join(src, 'markdown.ts'))) {
    const m = (await import(/* @vite-ignore */ path.join(src, 'markdown.ts'))) as { renderMarkdown: (r: Report, o?: object) => string };
    out.markdown = (r) => m.renderMarkdown(r);
    out['markdown summary'] = (r) => m.renderMarkdown(r, { mode: 'summary' });
  }
  if (existsSync(path.join(src, 'sarif.ts'))) {
    const s = (await import(/* @vite-ignore */ path.join(src, 'sarif.ts'))) as { renderSarif: (r: Report) => object };
    out.sarif = (r) => JSON.stringify(s.renderSarif(r), null, 2);
  }
  return out;
}

describe('secrets never reach the output', () => {
  it('the secrets detector reports every planted token, redacted, naming file and line', () => {
    const found = report.diagnostics.filter((d) => d.code === 'secret-found');
    const at = found.map((d) => `${d.path}:${d.line}`);
    expect(at).toContain('svc/Dockerfile:2');
    expect(at).toContain('svc/app.py:3');
    // The file-name token sits in a file whose content holds no needle, so the detector never reads it; the
    // redaction pass below is what keeps that name out of every output.
    expect(found.some((d) => d.path === '.mcp.json' && /GitHub token ghp_…/.test(d.message))).toBe(true);
    expect(found.some((d) => d.path === '.mcp.json' && /Slack token xoxb-…/.test(d.message))).toBe(true);
    for (const d of found) for (const t of Object.values(T)) expect(d.message).not.toContain(middle(t));
  });

  it('the raw report does carry the file-name token (so the redaction pass is what removes it)', () => {
    expect(renderJson(report)).toContain(T.fileName);
  });

  it('JSON, text, markdown and SARIF hold no planted token after redactSecrets', async () => {
    const renderers: Record<string, (r: Report) => string> = { json: renderJson, text: (r) => renderText(r), ...(await optionalRenderers()) };
    for (const [name, render] of Object.entries(renderers)) {
      const out = redactSecrets(render(report));
      for (const [where, t] of Object.entries(T)) expect(out.includes(middle(t)), `${name} leaks the ${where} token`).toBe(false);
      if (name === 'json' || name === 'sarif') expect(() => JSON.parse(out), name).not.toThrow();
    }
  });

  // redactSecrets is the last pass of the CLI's render() (src/cli/main.ts) and of the Action's writers.
  it('the CLI output holds no planted token', async () => {
    for (const format of ['json', 'text']) {
      const { stdout } = await cli('scan', dir, '--format', format);
      for (const t of Object.values(T)) expect(stdout).not.toContain(middle(t));
    }
  });
});
