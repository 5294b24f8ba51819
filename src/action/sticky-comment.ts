import type { Report } from '../report/types.js';
import type { GitHubApi } from './github-api.js';
import type { CommentMode } from './inputs.js';

/**
 * The hidden first line that identifies our comment on a pull request. `key` separates several maestro-gate jobs
 * on one PR (say, one per service directory).
 */
export function commentMarker(key: string): string {
  const k = /^[A-Za-z0-9._/-]{1,100}$/.test(key) ? key : 'default';
  return `<!-- maestro-gate:sticky ${k} -->`;
}

export interface IssueComment {
  id: number;
  body?: string;
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: unknown;
  html_url?: string;
}

/** True when the report has something a reviewer should read: a failing (or warn-only) gate, or chains that moved. */
export function somethingToSay(report: Report): boolean {
  if (report.gate.reasons.length) return true;
  const d = report.diff;
  return !!d && (d.new.chains.length > 0 || d.resolved.chains.length > 0 || d.changed.some((c) => c.kind === 'chain'));
}

export type CommentStep = { action: 'create'; body: string } | { action: 'update'; id: number; body: string } | { action: 'skip'; why: string };

/**
 * What to do with the sticky comment, from the mode, the report and the comment we wrote before (if any).
 * When nothing is left to say, an existing comment is rewritten as resolved rather than deleted: the thread keeps
 * its history and reviewers see that the earlier finding went away.
 */
export function planComment(input: { mode: CommentMode; report: Report; body: string; resolvedBody: string; existing?: IssueComment }): CommentStep {
  const { mode, report, existing } = input;
  if (mode === 'never') return { action: 'skip', why: 'comment: never' };
  const failing = report.gate.reasons.length > 0;
  const want = mode === 'always' || (mode === 'on-failure' ? failing : somethingToSay(report));
  const body = want ? input.body : input.resolvedBody;
  if (!existing) return want ? { action: 'create', body } : { action: 'skip', why: 'nothing to report and no earlier comment' };
  if (existing.body === body) return { action: 'skip', why: 'the comment already says this' };
  return { action: 'update', id: existing.id, body };
}

/** Our comment among a page of comments: the marker first, written by the token's user (or, failing that, a bot). */
export function isOurs(c: IssueComment, marker: string, login: string | undefined): boolean {
  if (!c.body?.startsWith(marker)) return false;
  // A human cannot author a Bot comment, so a PR author cannot plant a marker for us to overwrite.
  return login ? c.user?.login === login : c.user?.type === 'Bot';
}

export interface Target {
  owner: string;
  repo: string;
  issue: number;
}

/**
 * Finds the token user's login. GET /user answers 403 for the workflow GITHUB_TOKEN (an installation token):
 * then undefined, and isOurs falls back to bot-authored comments carrying the marker.
 */
export async function tokenLogin(api: GitHubApi): Promise<string | undefined> {
  try {
    const res = await api.request<{ login?: string }>('GET', '/user');
    return typeof res.data?.login === 'string' ? res.data.login : undefined;
  } catch {
    return undefined;
  }
}

const MAX_PAGES = 30;

/** The oldest comment of ours on the PR, listing 100 a page. */
export async function findOurComment(api: GitHubApi, t: Target, marker: string, login: string | undefined): Promise<IssueComment | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await api.request<IssueComment[]>('GET', `/repos/${enc(t.owner)}/${enc(t.repo)}/issues/${t.issue}/comments?per_page=100&page=${page}`);
    const list = Array.isArray(res.data) ? res.data : [];
    const hit = list.find((c) => isOurs(c, marker, login));
    if (hit) return hit;
    if (list.length < 100) return undefined;
  }
  return undefined;
}

/** Carries out a plan: at most one write. Throws ApiError; the caller turns that into a warning. */
export async function applyComment(api: GitHubApi, t: Target, step: CommentStep): Promise<{ action: CommentStep['action']; url?: string; why?: string }> {
  const base = `/repos/${enc(t.owner)}/${enc(t.repo)}/issues`;
  if (step.action === 'create') {
    const res = await api.request<IssueComment>('POST', `${base}/${t.issue}/comments`, { body: step.body });
    return { action: 'create', url: res.data?.html_url };
  }
  if (step.action === 'update') {
    const res = await api.request<IssueComment>('PATCH', `${base}/comments/${step.id}`, { body: step.body });
    return { action: 'update', url: res.data?.html_url };
  }
  return { action: 'skip', why: step.why };
}

function enc(s: string): string {
  return encodeURIComponent(s);
}
