import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, GitHubApi, retryDelay } from '../../src/action/github-api.js';
import { applyComment, findOurComment, tokenLogin } from '../../src/action/sticky-comment.js';
import { FakeGitHub } from './fake-github.js';

const opts = { maxRetries: 3, maxWaitMs: 30_000, now: 1_700_000_000_000 };
const h = (m: Record<string, string> = {}) => new Headers(m);

describe('retryDelay', () => {
  it('retries network failures, 5xx and rate limits with backoff, and nothing else', () => {
    expect(retryDelay(500, h(), 0, opts)).toBe(1000);
    expect(retryDelay(502, h(), 1, opts)).toBe(2000);
    expect(retryDelay(0, h(), 2, opts)).toBe(4000);
    expect(retryDelay(500, h(), 3, opts)).toBeUndefined();
    for (const s of [400, 401, 404, 409, 422]) expect(retryDelay(s, h(), 0, opts)).toBeUndefined();
    expect(retryDelay(403, h(), 0, opts)).toBeUndefined();
  });

  it('honours Retry-After and the rate-limit reset, and gives up when they are too far away', () => {
    expect(retryDelay(429, h({ 'retry-after': '3' }), 0, opts)).toBe(3000);
    expect(retryDelay(403, h({ 'retry-after': '0' }), 0, opts)).toBe(0);
    expect(retryDelay(429, h({ 'retry-after': new Date(opts.now + 5000).toUTCString() }), 0, opts)).toBe(5000);
    expect(retryDelay(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(opts.now / 1000 + 10) }), 0, opts)).toBe(10_000);
    expect(retryDelay(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(opts.now / 1000 + 3600) }), 0, opts)).toBeUndefined();
    expect(retryDelay(429, h({ 'retry-after': '3600' }), 0, opts)).toBeUndefined();
  });
});

describe('GitHubApi against a local server', () => {
  let gh: FakeGitHub;
  afterEach(async () => gh?.stop());
  const sleeps: number[] = [];
  const api = (extra: Partial<ConstructorParameters<typeof GitHubApi>[0]> = {}) =>
    new GitHubApi({ baseUrl: gh.url, token: 'test-token', sleep: async (ms) => void sleeps.push(ms), ...extra });

  it.each([401, 403, 404, 409, 422])('fails fast on %i with the status and GitHub message', async (status) => {
    gh = await new FakeGitHub().start();
    gh.faults.push({ method: 'POST', path: /comments$/, status, times: Infinity });
    const err = await api().request('POST', '/repos/o/r/issues/1/comments', { body: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(status);
    expect(err.message).toBe(`POST /repos/o/r/issues/1/comments -> ${status}: injected ${status}`);
    expect(gh.requests).toHaveLength(1);
  });

  it.each([429, 500, 502])('retries %i a bounded number of times, then reports it', async (status) => {
    gh = await new FakeGitHub().start();
    sleeps.length = 0;
    gh.faults.push({ method: 'GET', path: /comments$/, status, times: Infinity });
    const err = await api().request('GET', '/repos/o/r/issues/1/comments').catch((e) => e);
    expect(err.status).toBe(status);
    expect(gh.requests).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it('times out a server that never answers, retries, and gives up', async () => {
    gh = await new FakeGitHub().start();
    gh.faults.push({ method: 'GET', path: /./, status: 0, times: Infinity, hang: true });
    const err = await api({ timeoutMs: 150, maxRetries: 1 }).request('GET', '/user').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.message).toContain('timed out');
    expect(gh.requests).toHaveLength(2);
  });

  it('stops at the overall deadline', async () => {
    gh = await new FakeGitHub().start();
    let t = 0;
    gh.faults.push({ method: 'GET', path: /./, status: 503, times: Infinity });
    const client = api({ now: () => t, deadlineMs: 2500, sleep: async (ms) => void (t += ms) });
    const err = await client.request('GET', '/user').catch((e) => e);
    expect(err.status).toBe(503);
    expect(gh.requests.length).toBeLessThan(4);
  });

  it('finds the token user when GET /user works, and lists comments 100 a page', async () => {
    gh = await new FakeGitHub().start();
    gh.login = 'maestro-bot';
    for (let i = 0; i < 230; i++) gh.seed(i === 215 ? '<!-- m -->\nours' : `c${i}`, { login: i === 215 ? 'maestro-bot' : 'x', type: 'User' });
    const client = api();
    const login = await tokenLogin(client);
    expect(login).toBe('maestro-bot');
    const found = await findOurComment(client, { owner: 'o', repo: 'r', issue: 1 }, '<!-- m -->', login);
    expect(found?.body).toBe('<!-- m -->\nours');
    expect(gh.requests.filter((r) => r.path.includes('/comments')).map((r) => r.path.split('page=')[2])).toEqual(['1', '2', '3']);
    const res = await applyComment(client, { owner: 'o', repo: 'r', issue: 1 }, { action: 'update', id: found!.id, body: 'new' });
    expect(res.action).toBe('update');
    expect(gh.comments.find((c) => c.id === found!.id)!.body).toBe('new');
  });
});
