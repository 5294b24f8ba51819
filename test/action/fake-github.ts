import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
}

export interface Fault {
  method: string;
  /** Matched against the path without the query string. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  /** How many matching requests fail; Infinity for all. */
  times: number;
  /** Never answer (the client must time out). */
  hang?: boolean;
}

/**
 * The GitHub REST endpoints the Action uses, on 127.0.0.1: GET /user, list/create/update/delete issue comments.
 * Comments are written as `github-actions[bot]`, as with the workflow token, and GET /user answers 403 as it
 * does for that token unless `login` is set.
 */
export class FakeGitHub {
  readonly comments: FakeComment[] = [];
  readonly requests: { method: string; path: string; auth?: string; body?: unknown }[] = [];
  faults: Fault[] = [];
  login?: string;
  private server?: Server;
  private nextId = 1000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  seed(body: string, user: FakeComment['user'] = { login: 'someone', type: 'User' }): FakeComment {
    const c = { id: this.nextId++, body, user, html_url: `https://github.test/c/${this.nextId}` };
    this.comments.push(c);
    return c;
  }

  writes(): { method: string; path: string }[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const body = raw ? JSON.parse(raw) : undefined;
    this.requests.push({ method, path: url.pathname + url.search, auth: req.headers.authorization, body });

    const fault = this.faults.find((f) => f.method === method && f.path.test(url.pathname) && f.times > 0);
    if (fault) {
      fault.times--;
      if (fault.hang) return; // leave the socket open and silent
      return send(res, fault.status, { message: `injected ${fault.status}` }, fault.headers);
    }
    if (req.headers.authorization !== 'Bearer test-token') return send(res, 401, { message: 'Bad credentials' });

    let m: RegExpMatchArray | null;
    if (method === 'GET' && url.pathname === '/user') return this.login ? send(res, 200, { login: this.login }) : send(res, 403, { message: 'Resource not accessible by integration' });
    if ((m = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      if (method === 'GET') {
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(res, 200, this.comments.slice((page - 1) * per, page * per));
      }
      if (method === 'POST') {
        const c = { id: this.nextId++, body: String(body?.body), user: { login: this.login ?? 'github-actions[bot]', type: 'Bot' as const }, html_url: `https://github.test/c/${this.nextId}` };
        this.comments.push(c);
        return send(res, 201, c);
      }
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(m![1]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      if (method === 'PATCH') {
        c.body = String(body?.body);
        return send(res, 200, c);
      }
      if (method === 'DELETE') {
        this.comments.splice(this.comments.indexOf(c), 1);
        return send(res, 204, undefined);
      }
    }
    return send(res, 404, { message: 'Not Found' });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
