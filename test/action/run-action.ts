import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Bundles src/index.ts with ncc into a temporary Action checkout (dist/ plus the data folders it ships with),
 * never touching the repository's dist/. Returns the checkout directory.
 */
export async function buildAction(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'maestro-action-'));
  try {
    // ncc type-checks the whole tsconfig project: a type error anywhere fails the build here.
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', 'src/index.ts', '-o', path.join(dir, 'dist'), '-m', '-q'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  for (const d of ['catalogs', 'policies', 'schemas']) cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  cpSync(path.join(ROOT, 'action.yml'), path.join(dir, 'action.yml'));
  return dir;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs the bundled Action as the runner does: `node dist/index.js` in the workspace, inputs as INPUT_* variables,
 * the event as a JSON file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. Asynchronous, so a server in this process
 * can answer it.
 */
export async function runAction(opts: {
  actionDir: string;
  workspace: string;
  eventName: string;
  event: unknown;
  inputs?: Record<string, string>;
  apiUrl?: string;
  repository?: string;
}): Promise<ActionRun> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'maestro-runner-'));
  try {
    const eventPath = path.join(tmp, 'event.json');
    writeFileSync(eventPath, JSON.stringify(opts.event));
    const outputFile = path.join(tmp, 'output');
    const summaryFile = path.join(tmp, 'summary.md');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    mkdirSync(path.join(tmp, 'runner-temp'));
    // action.yml's default for github-token is the workflow token; the runner passes every declared input.
    const inputs = { 'github-token': 'test-token', ...opts.inputs };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: opts.workspace,
      GITHUB_EVENT_NAME: opts.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_REPOSITORY: opts.repository ?? 'acme/agents',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: opts.apiUrl ?? 'http://127.0.0.1:9',
      RUNNER_TEMP: path.join(tmp, 'runner-temp'),
      GIT_TERMINAL_PROMPT: '0',
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
    const child = spawn(process.execPath, [path.join(opts.actionDir, 'dist/index.js')], { cwd: opts.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^([^<]+)<<(.+)$/);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}
