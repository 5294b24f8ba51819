import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZWJ } from '../../src/report/escape.js';
import { TempRepo } from '../helpers/git-repo.js';
import { assertValidReport } from '../helpers/report-schema.js';
import { assertValidSarif } from '../report/sarif-schema.js';
import { FakeGitHub } from './fake-github.js';
import { buildAction, runAction } from './run-action.js';

// The bundled Action, run as the runner runs it, against real git repositories and a local GitHub API.

const MARKER = '<!-- maestro-gate:sticky default -->';
const HOSTILE = '[pwn](javascript:alert(1))_@someone_<img src=x onerror=alert(1)>_#12_www.evil.test.md';
const REQUIRE_MANIFEST = 'version: 1\nrequireManifest: true\n';
const md = new MarkdownIt({ html: true, linkify: true });

let actionDir: string;
const cleanup: (() => void)[] = [];
let gh: FakeGitHub;

beforeAll(async () => {
  actionDir = await buildAction();
}, 300_000);
afterAll(() => actionDir && rmSync(actionDir, { recursive: true, force: true }));
afterEach(async () => {
  cleanup.splice(0).forEach((f) => f());
  await gh?.stop();
});

/** An origin repository with a base commit and a head commit that makes the gate fail (requireManifest, no manifest). */
function origin(): { repo: TempRepo; base: string; head: string } {
  const repo = new TempRepo();
  cleanup.push(() => repo.cleanup());
  repo.git('config', 'uploadpack.allowAnySHA1InWant', 'true');
  repo.write({ 'app/agent.py': 'print("agent")\n' });
  const base = repo.commit('base');
  repo.write({ '.github/maestro-policy.yaml': REQUIRE_MANIFEST, 'app/tools.py': 'print("tools")\n' });
  mkdirSync(repo.path('docs'), { recursive: true });
  symlinkSync('../app/agent.py', repo.path(`docs/${HOSTILE}`));
  const head = repo.commit('head');
  return { repo, base, head };
}

/**
 * actions/checkout's default: a depth-1 clone of one commit, so the base commit is missing. Named like a runner's
 * workspace (`<repo>/<repo>`), whose last part is the repository's name on every run.
 */
function shallowCheckout(repo: TempRepo, rev: string): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'maestro-ws-'));
  cleanup.push(() => rmSync(parent, { recursive: true, force: true }));
  const ws = path.join(parent, 'agents');
  repo.git('branch', '-f', 'ci-head', rev);
  execFileSync('git', ['clone', '-q', '--depth=1', '--branch', 'ci-head', `file://${repo.dir}`, ws]);
  return ws;
}

const prEvent = (base: string, head: string) => ({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } });

function ourComments(): { id: number; body: string }[] {
  return gh.comments.filter((c) => c.body.startsWith(MARKER) && c.user.type === 'Bot');
}

describe('the Action end to end', () => {
  it('creates the sticky comment on the first run, updates it in place on the next, and marks it resolved when the gate passes', async () => {
    gh = await new FakeGitHub().start();
    for (let i = 0; i < 150; i++) gh.seed(`unrelated comment ${i}`);
    const planted = gh.seed(`${MARKER}\nplanted by a person`); // must never be edited: not a bot's comment
    const { repo, base, head } = origin();

    const ws1 = shallowCheckout(repo, head);
    expect(() => execFileSync('git', ['-C', ws1, 'cat-file', '-e', `${base}^{commit}`], { stdio: 'ignore' })).toThrow();
    const r1 = await runAction({ actionDir, workspace: ws1, eventName: 'pull_request', event: prEvent(base, head), apiUrl: gh.url, inputs: { 'json-file': 'out/report.json', 'sarif-file': 'out/report.sarif' } });
    expect(r1.stdout).toContain(`git fetch --depth=1 origin ${base}`);
    expect(r1.code).toBe(1);
    expect(r1.outputs.gate).toBe('fail');
    expect(r1.outputs['new-chains']).toBe('0');
    expect(r1.outputs['open-chains']).toBe('0');
    expect(r1.outputs['report-json']).toBe(path.join(ws1, 'out/report.json'));
    expect(r1.outputs['sarif-file']).toBe(path.join(ws1, 'out/report.sarif'));
    const report = JSON.parse(readFileSync(r1.outputs['report-json'], 'utf8'));
    assertValidReport(report);
    expect(report.diff?.base).toBe(base);
    assertValidSarif(JSON.parse(readFileSync(r1.outputs['sarif-file'], 'utf8')));
    expect(r1.summary).toContain('## ❌ maestro-gate: gate failed');
    expect(r1.stdout).toMatch(/^::error title=maestro-gate%3A manifest-missing::/m);
    expect(r1.stdout).toMatch(/^::error::maestro-gate: the policy requires a maestro\.yaml/m);
    expect(gh.writes().map((w) => w.method)).toEqual(['POST']);
    expect(gh.requests.filter((r) => r.method === 'GET' && r.path.includes('/comments')).map((r) => r.path)).toEqual([
      '/repos/acme/agents/issues/7/comments?per_page=100&page=1',
      '/repos/acme/agents/issues/7/comments?per_page=100&page=2',
    ]);
    expect(ourComments()).toHaveLength(1);
    const first = ourComments()[0];
    expect(first.body).toContain('## ❌ maestro-gate: gate failed');
    expect(first.body).toContain('manifest');
    expect(Buffer.byteLength(first.body)).toBeLessThanOrEqual(65_536);

    // second push to the PR: one update of the same comment, nothing created
    repo.git('checkout', '-q', head);
    repo.write({ 'app/tools.py': 'print("tools v2")\n' });
    const head2 = repo.commit('head 2');
    gh.requests.length = 0;
    const r2 = await runAction({ actionDir, workspace: shallowCheckout(repo, head2), eventName: 'pull_request', event: prEvent(base, head2), apiUrl: gh.url });
    expect(r2.code).toBe(1);
    expect(gh.writes()).toEqual([expect.objectContaining({ method: 'PATCH', path: `/repos/acme/agents/issues/comments/${first.id}` })]);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0].body).toContain(head2.slice(0, 12));

    // a third run with the same head changes nothing: no write at all
    gh.requests.length = 0;
    await runAction({ actionDir, workspace: shallowCheckout(repo, head2), eventName: 'pull_request', event: prEvent(base, head2), apiUrl: gh.url });
    expect(gh.writes()).toEqual([]);

    // the PR drops the policy: the gate passes and nothing is left to say, so the comment is marked resolved
    repo.remove('.github/maestro-policy.yaml');
    const head3 = repo.commit('head 3');
    gh.requests.length = 0;
    const r3 = await runAction({ actionDir, workspace: shallowCheckout(repo, head3), eventName: 'pull_request', event: prEvent(base, head3), apiUrl: gh.url });
    expect(r3.code).toBe(0);
    expect(r3.outputs.gate).toBe('pass');
    expect(gh.writes().map((w) => w.method)).toEqual(['PATCH']);
    expect(ourComments()[0].body).toContain('maestro-gate: resolved');
    expect(gh.comments.find((c) => c.id === planted.id)!.body).toBe(`${MARKER}\nplanted by a person`);
    for (const r of [r1, r2, r3]) expect(r.stdout + r.stderr).not.toContain('test-token');
  });

  it('degrades a 403 on the comment to a warning: same exit status, summary and annotations still written', async () => {
    gh = await new FakeGitHub().start();
    const { repo, base, head } = origin();
    gh.faults.push({ method: 'POST', path: /\/comments$/, status: 403, times: Infinity });
    const r = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent(base, head), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(r.outputs.gate).toBe('fail');
    expect(r.stdout).toMatch(/^::warning::maestro-gate: pull request comment failed: POST \/repos\/acme\/agents\/issues\/7\/comments -> 403.*fork/m);
    expect(r.summary).toContain('## ❌ maestro-gate: gate failed');
    expect(r.stdout).toContain('::error title=maestro-gate%3A manifest-missing::');
    expect(gh.requests.filter((x) => x.method === 'POST')).toHaveLength(1); // a 403 that is not a rate limit is not retried

    // a passing gate stays a pass when the API is down altogether
    gh.faults = [{ method: 'GET', path: /./, status: 404, times: Infinity }];
    const ws = shallowCheckout(repo, base);
    const pass = await runAction({ actionDir, workspace: ws, eventName: 'pull_request', event: prEvent(base, base), apiUrl: gh.url, inputs: { comment: 'always' } });
    expect(pass.code).toBe(0);
    expect(pass.outputs.gate).toBe('pass');
    expect(pass.stdout).toMatch(/^::warning::maestro-gate: pull request comment failed/m);
  });

  it('retries a 500 and a 429 (honouring Retry-After) and still makes exactly one comment', async () => {
    gh = await new FakeGitHub().start();
    const { repo, base, head } = origin();
    gh.faults.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 429, headers: { 'retry-after': '1' }, times: 1 });
    gh.faults.push({ method: 'POST', path: /\/comments$/, status: 500, times: 1 });
    const r = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent(base, head), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-> 429; retry 1/3');
    expect(r.stdout).toContain('-> 500; retry 1/3');
    expect(gh.requests.filter((x) => x.method === 'POST')).toHaveLength(2);
    expect(ourComments()).toHaveLength(1);
    expect(r.stdout).not.toContain('::warning::maestro-gate: pull request comment failed');
  });

  it('says to set fetch-depth: 0 when the base commit cannot be fetched', async () => {
    const { repo, head } = origin();
    const r = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent('f'.repeat(40), head), inputs: { comment: 'never' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::commit f{40} is not in the checkout and could not be fetched.*Set `fetch-depth: 0` on actions\/checkout/m);
    expect(r.outputs.gate).toBeUndefined();
  });

  it('keeps a file name full of markdown and @someone inert in the summary, and makes no API call with comment: never', async () => {
    gh = await new FakeGitHub().start();
    const { repo, base, head } = origin();
    const r = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent(base, head), apiUrl: gh.url, inputs: { comment: 'never' } });
    expect(gh.requests).toEqual([]);
    expect(r.summary).toContain(`@${ZWJ}someone`);
    const html = md.render(r.summary);
    expect(html).not.toMatch(/<img|<a href="(?!https:\/\/github\.com\/acme\/agents\/blob\/)/);
    expect(html.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)))).not.toMatch(/(^|[^\w])@someone|#12\b|www\.evil/);
    for (const href of html.matchAll(/<a href="([^"]*)"/g)) expect(href[1].startsWith(`https://github.com/acme/agents/blob/${head}/`)).toBe(true);
    expect(html).toContain(`https://github.com/acme/agents/blob/${head}/docs/%5Bpwn%5D%28javascript%3Aalert%281%29%29_%40someone_%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E_%2312_www.evil.test.md`);
  });

  it('keeps a huge report under the 1 MiB summary cap and the 65,536-character comment cap', async () => {
    gh = await new FakeGitHub().start();
    const { repo, base } = origin();
    // 600 unreadable links with long, escape-heavy names: thousands of bytes each once escaped and linked
    for (let i = 0; i < 600; i++) {
      const dir = repo.path(['deep', ...Array.from({ length: 4 }, (_, k) => `${'[_]*'.repeat(45)}${k}`)].join('/'));
      mkdirSync(dir, { recursive: true });
      symlinkSync('/nonexistent', path.join(dir, `${'<@x>'.repeat(50)}${i}`));
    }
    const head = repo.commit('many links');
    const r = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent(base, head), apiUrl: gh.url, inputs: { comment: 'always', 'json-file': 'out/report.json' } });
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(r.outputs['report-json'], 'utf8'));
    expect(report.diagnostics.length).toBeGreaterThanOrEqual(600);
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(1_048_576);
    expect(r.summary).toContain('shortened to fit');
    expect(r.summary).toContain('## ❌ maestro-gate: gate failed');
    expect(Buffer.byteLength(ourComments()[0].body)).toBeLessThanOrEqual(65_536);
  });

  it('runs a scheduled audit, writes SARIF, and reports drift against the previous audit', async () => {
    const { repo, head } = origin();
    const ws = shallowCheckout(repo, head);
    const first = await runAction({ actionDir, workspace: ws, eventName: 'schedule', event: { schedule: '0 3 * * *' }, inputs: { 'json-file': 'audit/report.json', 'sarif-file': 'audit/report.sarif' } });
    expect(first.code).toBe(1); // requireManifest: an audit gates on every open finding
    expect(first.summary).not.toContain('Drift since the previous audit');
    const prevFile = path.join(ws, 'previous.json');
    const prev = JSON.parse(readFileSync(first.outputs['report-json'], 'utf8'));
    prev.chains = [];
    writeFileSync(prevFile, JSON.stringify(prev));
    const second = await runAction({ actionDir, workspace: ws, eventName: 'workflow_dispatch', event: {}, inputs: { 'previous-report': 'previous.json', 'sarif-file': 'audit/report.sarif', 'fail-on': 'never', 'warn-only': 'true' } });
    expect(second.code).toBe(0); // warn-only turns the failure into a pass
    expect(second.outputs.gate).toBe('pass');
    expect(second.summary).toContain('## ⚠️ maestro-gate: gate would fail (warn-only)');
    expect(second.summary).toContain('### Drift since the previous audit');
    expect(second.summary).toContain('No chain drifted since the previous audit.');
    assertValidSarif(JSON.parse(readFileSync(second.outputs['sarif-file'], 'utf8')));

    writeFileSync(prevFile, '{"not":"a report"}');
    const third = await runAction({ actionDir, workspace: ws, eventName: 'schedule', event: {}, inputs: { 'previous-report': 'previous.json', 'warn-only': 'true' } });
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/^::warning::maestro-gate: .*previous\.json is not a maestro-gate report/m);
  });

  it('with cache-dir, a pull request reads its base analysis back from the run on the base commit, and gates the same', async () => {
    const { repo, base, head } = origin();
    const cache = mkdtempSync(path.join(tmpdir(), 'maestro-cache-'));
    cleanup.push(() => rmSync(cache, { recursive: true, force: true }));
    const push = await runAction({ actionDir, workspace: shallowCheckout(repo, base), eventName: 'push', event: { before: '0'.repeat(40), after: base }, inputs: { 'cache-dir': cache, comment: 'never' } });
    expect(push.code).toBe(0);
    expect(push.stdout).not.toContain('read from the cache');
    const inputs = { comment: 'never', 'json-file': 'out/report.json' };
    const cached = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent(base, head), inputs: { ...inputs, 'cache-dir': cache } });
    expect(cached.stdout).toContain(`maestro-gate: analysis of ${base} read from the cache`);
    const plain = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'pull_request', event: prEvent(base, head), inputs: { ...inputs, progress: 'true' } });
    expect(plain.stdout).not.toContain('read from the cache');
    // Progress only where asked: a line as each revision's files are read (both, without the cache), in the log.
    expect(plain.stdout.match(/^maestro-gate: reading (?:[0-9a-f]{12}|working tree): (\d+)\/\1 files \(\d+ files\/s\)$/gm)).toHaveLength(2);
    expect(cached.stdout).not.toContain('files/s');
    expect(cached.code).toBe(plain.code);
    expect(cached.outputs.gate).toBe(plain.outputs.gate);
    const sections = (file: string) => {
      const r = JSON.parse(readFileSync(file, 'utf8'));
      return { components: r.components, edges: r.edges, threats: r.threats, chains: r.chains, gate: r.gate, newChains: r.diff.new };
    };
    expect(sections(cached.outputs['report-json'])).toEqual(sections(plain.outputs['report-json']));
  });

  it('rejects a bad input with a message naming it', async () => {
    const { repo, head } = origin();
    const r = await runAction({ actionDir, workspace: shallowCheckout(repo, head), eventName: 'schedule', event: {}, inputs: { 'fail-on': 'severe' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error::input 'fail-on' must be one of low, medium, high, critical, never (got 'severe')");
  });
});
