// A small GitHub REST client on fetch: bounded retries with backoff on 5xx, 429 and rate-limit 403s (honouring
// Retry-After / x-ratelimit-reset up to a cap), a timeout per request and an overall deadline. The Action's verdict
// never waits on it for long and never depends on it.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly route: string,
    detail: string,
  ) {
    super(`${method} ${route} -> ${status === 0 ? 'no response' : status}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  baseUrl: string;
  token: string;
  maxRetries?: number;
  timeoutMs?: number;
  /** Longest wait we accept from Retry-After or a rate-limit reset before giving up. */
  maxWaitMs?: number;
  /** All requests of this client end by then. */
  deadlineMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (msg: string) => void;
  now?: () => number;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

export class GitHubApi {
  private readonly o: Required<ApiOptions>;
  private readonly deadline: number;
  requests = 0;

  constructor(opts: ApiOptions) {
    this.o = {
      maxRetries: 3,
      timeoutMs: 15_000,
      maxWaitMs: 30_000,
      deadlineMs: 120_000,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      log: () => {},
      now: Date.now,
      ...opts,
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    };
    this.deadline = this.o.now() + this.o.deadlineMs;
  }

  async request<T = unknown>(method: string, route: string, body?: unknown): Promise<ApiResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      const left = this.deadline - this.o.now();
      if (left <= 0) throw new ApiError(0, method, route, 'gave up: the time budget for GitHub API calls is spent');
      let res: Response | undefined;
      let failure = '';
      try {
        this.requests++;
        res = await fetch(`${this.o.baseUrl}${route}`, {
          method,
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${this.o.token}`,
            'x-github-api-version': '2022-11-28',
            'user-agent': 'maestro-gate',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(Math.min(this.o.timeoutMs, left)),
        });
      } catch (e) {
        failure = (e as Error).name === 'TimeoutError' ? `timed out after ${Math.min(this.o.timeoutMs, left)} ms` : (e as Error).message;
      }
      if (res && res.status < 300) {
        const text = await res.text();
        return { status: res.status, headers: res.headers, data: (text ? JSON.parse(text) : undefined) as T };
      }
      const detail = res ? await errorDetail(res) : failure;
      const wait = retryDelay(res?.status ?? 0, res?.headers ?? new Headers(), attempt, { maxRetries: this.o.maxRetries, maxWaitMs: this.o.maxWaitMs, now: this.o.now() });
      if (wait === undefined || this.o.now() + wait >= this.deadline) throw new ApiError(res?.status ?? 0, method, route, detail);
      this.o.log(`${method} ${route} -> ${res?.status ?? detail}; retry ${attempt + 1}/${this.o.maxRetries} in ${wait} ms`);
      await this.o.sleep(wait);
    }
  }
}

/**
 * How long to wait before retrying, or undefined to give up. Status 0 is a network failure or timeout.
 * Retried: network failures, 5xx, 429, and 403s that are rate limits (Retry-After, or no requests remaining).
 */
export function retryDelay(status: number, headers: Headers, attempt: number, opts: { maxRetries: number; maxWaitMs: number; now: number }): number | undefined {
  if (attempt >= opts.maxRetries) return undefined;
  const retryAfter = headers.get('retry-after');
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  const rateLimited = status === 429 || (status === 403 && (retryAfter !== null || remaining === '0'));
  if (!(status === 0 || status >= 500 || rateLimited)) return undefined;
  let wait: number | undefined;
  if (retryAfter !== null) {
    const secs = Number(retryAfter);
    wait = Number.isFinite(secs) ? secs * 1000 : Date.parse(retryAfter) - opts.now;
  } else if (rateLimited && remaining === '0' && reset !== null) {
    wait = Number(reset) * 1000 - opts.now;
  }
  if (wait !== undefined && Number.isFinite(wait)) {
    if (wait > opts.maxWaitMs) return undefined; // the limit resets too late for this job: give up now
    return Math.max(0, Math.round(wait));
  }
  return 1000 * 2 ** attempt;
}

async function errorDetail(res: Response): Promise<string> {
  try {
    const text = await res.text();
    const msg = (JSON.parse(text) as { message?: string }).message;
    return (msg ?? text).slice(0, 200);
  } catch {
    return res.statusText;
  }
}
