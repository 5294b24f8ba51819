import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { annotationsFor } from '../../src/action/annotations.js';
import { planRun } from '../../src/action/event.js';
import { parseInputs } from '../../src/action/inputs.js';
import { commentMarker, isOurs, planComment, somethingToSay } from '../../src/action/sticky-comment.js';
import { UserError } from '../../src/errors.js';
import { ragShellReport, report } from '../report/sample-report.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('planRun (event -> base/head)', () => {
  it.each([
    ['pull_request', { pull_request: { number: 3, base: { sha: A }, head: { sha: B } } }, { mode: 'diff', base: A, head: undefined, pr: 3 }],
    ['pull_request_target', { pull_request: { number: 3, base: { sha: A }, head: { sha: B } } }, { mode: 'diff', base: A, head: B, pr: 3 }],
    ['merge_group', { merge_group: { base_sha: A, head_sha: B } }, { mode: 'diff', base: A, head: undefined }],
    ['push', { before: A, after: B }, { mode: 'diff', base: A, head: undefined }],
    ['push', { before: '0'.repeat(40), after: B }, { mode: 'scan' }],
    ['schedule', {}, { mode: 'scan' }],
    ['workflow_dispatch', { inputs: {} }, { mode: 'scan' }],
    ['release', {}, { mode: 'scan' }],
    ['pull_request', { pull_request: { number: 3, base: { sha: 'not a sha' } } }, { mode: 'scan', pr: 3 }],
  ])('%s', (eventName, payload, expected) => {
    expect(planRun({ eventName, payload })).toMatchObject(expected);
  });

  it('lets base-ref and head-ref inputs win over the event', () => {
    expect(planRun({ eventName: 'schedule', payload: {}, baseRef: 'origin/main', headRef: 'HEAD' })).toMatchObject({ mode: 'diff', base: 'origin/main', head: 'HEAD' });
    expect(planRun({ eventName: 'pull_request', payload: { pull_request: { number: 9, base: { sha: A } } }, baseRef: 'v1' })).toMatchObject({ mode: 'diff', base: 'v1', pr: 9 });
    expect(planRun({ eventName: 'workflow_dispatch', payload: {}, headRef: 'v2' })).toMatchObject({ mode: 'scan', rev: 'v2' });
  });
});

describe('parseInputs', () => {
  const from = (m: Record<string, string>) => (name: string) => m[name] ?? '';

  it('treats empty inputs as unset, so the policy file and its schema decide', () => {
    const i = parseInputs(from({ 'github-token': 't' }));
    expect(i).toMatchObject({ token: 't', path: '.', comment: 'on-change', overrides: { failOn: undefined, scope: undefined, warnOnly: undefined } });
    expect(i.sarifFile).toBeUndefined();
  });

  it('parses values and rejects bad ones naming the input', () => {
    const i = parseInputs(from({ 'fail-on': 'Critical', scope: 'all', 'warn-only': 'true', comment: 'never', 'previous-report': ' prev.json ' }));
    expect(i.overrides).toEqual({ failOn: 'critical', scope: 'all', warnOnly: true });
    expect(i.comment).toBe('never');
    expect(i.previousReport).toBe('prev.json');
    for (const [k, v] of [['fail-on', 'severe'], ['scope', 'some'], ['warn-only', 'maybe'], ['comment', 'sometimes']]) {
      expect(() => parseInputs(from({ [k]: v }))).toThrow(UserError);
      expect(() => parseInputs(from({ [k]: v }))).toThrow(`input '${k}'`);
    }
  });

  it('knows every input action.yml declares, and action.yml declares every input it reads', () => {
    const declared = Object.keys(parse(readFileSync('action.yml', 'utf8')).inputs).sort();
    const read: string[] = [];
    parseInputs((name) => (read.push(name), ''));
    expect([...new Set(read)].sort()).toEqual(declared);
    expect(Object.keys(parse(readFileSync('action.yml', 'utf8')).outputs).sort()).toEqual(['gate', 'new-chains', 'open-chains', 'report-json', 'sarif-file']);
  });
});

describe('sticky comment decisions', () => {
  const failing = ragShellReport();
  const quiet = report({ components: [], chains: [], diff: { base: A, head: B, new: { threats: [], chains: [] }, resolved: { threats: [], chains: [] }, changed: [] } });
  const body = 'BODY';
  const resolvedBody = 'RESOLVED';

  it('creates, updates, skips an identical body, and marks a stale comment resolved', () => {
    expect(planComment({ mode: 'on-change', report: failing, body, resolvedBody })).toEqual({ action: 'create', body });
    expect(planComment({ mode: 'on-change', report: failing, body, resolvedBody, existing: { id: 5, body: 'old' } })).toEqual({ action: 'update', id: 5, body });
    expect(planComment({ mode: 'on-change', report: failing, body, resolvedBody, existing: { id: 5, body } })).toMatchObject({ action: 'skip' });
    expect(planComment({ mode: 'on-change', report: quiet, body, resolvedBody })).toMatchObject({ action: 'skip' });
    expect(planComment({ mode: 'on-change', report: quiet, body, resolvedBody, existing: { id: 5, body: 'old' } })).toEqual({ action: 'update', id: 5, body: resolvedBody });
    expect(planComment({ mode: 'on-change', report: quiet, body, resolvedBody, existing: { id: 5, body: resolvedBody } })).toMatchObject({ action: 'skip' });
  });

  it('follows the comment mode', () => {
    expect(planComment({ mode: 'never', report: failing, body, resolvedBody })).toMatchObject({ action: 'skip' });
    expect(planComment({ mode: 'always', report: quiet, body, resolvedBody })).toEqual({ action: 'create', body });
    const resolvedOnly = { ...failing, gate: { status: 'pass' as const, reasons: [] } };
    expect(somethingToSay(resolvedOnly)).toBe(true); // chains moved
    expect(planComment({ mode: 'on-failure', report: resolvedOnly, body, resolvedBody })).toMatchObject({ action: 'skip' });
    expect(planComment({ mode: 'on-change', report: resolvedOnly, body, resolvedBody })).toEqual({ action: 'create', body });
  });

  it('recognises only our own comments: the marker first, by the token user or else a bot', () => {
    const m = commentMarker('default');
    expect(commentMarker('services/agent')).toBe('<!-- maestro-gate:sticky services/agent -->');
    expect(commentMarker('a b --> <script>')).toBe('<!-- maestro-gate:sticky default -->');
    const bot = { id: 1, body: `${m}\nx`, user: { login: 'github-actions[bot]', type: 'Bot' } };
    expect(isOurs(bot, m, undefined)).toBe(true);
    expect(isOurs({ ...bot, user: { login: 'mallory', type: 'User' } }, m, undefined)).toBe(false);
    expect(isOurs({ ...bot, body: `quote: ${m}` }, m, undefined)).toBe(false);
    expect(isOurs({ ...bot, user: { login: 'me', type: 'User' } }, m, 'me')).toBe(true);
    expect(isOurs(bot, m, 'me')).toBe(false);
    expect(isOurs({ ...bot, body: `${commentMarker('other')}\nx` }, m, undefined)).toBe(false);
  });
});

describe('annotationsFor', () => {
  it('puts gate reasons first as errors at the chain entry point, then other open chains as warnings, capped', () => {
    const r = ragShellReport();
    const a = annotationsFor(r, { pathPrefix: 'svc' });
    expect(a.map((x) => [x.level, x.file, x.line])).toEqual([
      ['error', 'svc/app/agent.py', 8],
      ['error', 'svc/app/ingest.py', 12],
      ['warning', 'svc/app/agent.py', 50],
    ]);
    expect(a[0].message).toContain('Break it with non-root-container at Dockerfile:1');
    expect(a[0].title).toBe('maestro-gate: new-chain');
    expect(annotationsFor(r, { maxErrors: 1, maxWarnings: 0 })).toHaveLength(1);
    const warn = annotationsFor({ ...r, gate: { ...r.gate, status: 'pass', warnOnly: true } });
    expect(warn.every((x) => x.level === 'warning')).toBe(true);
  });

  it('strips control characters from repository text in messages', () => {
    const r = ragShellReport();
    r.gate.reasons[0].message = 'evil\n::error::injected\u001b[31m';
    const [first] = annotationsFor(r);
    expect(first.message).not.toMatch(/[\n\u001b]/);
  });
});
