import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import Ajv from 'ajv';
import reportSchema from '../../schemas/report.schema.json';
import type { DiffSection } from '../diff/types.js';
import { UserError } from '../errors.js';
import { progressLog } from '../progress-log.js';
import { compareReports } from '../report/drift.js';
import { stripControls } from '../report/escape.js';
import { renderJson } from '../report/json.js';
import { COMMENT_LIMIT, renderMarkdown, SUMMARY_LIMIT } from '../report/markdown.js';
import type { RuleInfo } from '../report/rules.js';
import { redactSecrets } from '../report/redact.js';
import { renderSarif } from '../report/sarif.js';
import type { Report } from '../report/types.js';
import { runDiff, runScan, type Analysis } from '../run.js';
import { writeTextFileSync } from '../write-text.js';
import { annotationsFor } from './annotations.js';
import { planRun, type RunPlan } from './event.js';
import { ensureCommit, headCommit, pathInRepo } from './git-checkout.js';
import { ApiError, GitHubApi } from './github-api.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { applyComment, commentMarker, findOurComment, planComment, tokenLogin } from './sticky-comment.js';

/**
 * The Action shell: inputs and event -> the same core as the CLI -> files, summary, annotations, comment, outputs.
 * Decisions live in the pure modules beside this one. The exit status is the gate's verdict (or an input error);
 * nothing the GitHub API does can change it.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let inputs: ActionInputs;
  let report: Report;
  let rules: RuleInfo[] = [];
  let plan: RunPlan;
  let ctx: { sha?: string; prefix: string; workspace: string };
  try {
    inputs = parseInputs((name) => core.getInput(name));
    const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
    // Relative paths in inputs and in the report are relative to the workspace, as on the runner.
    process.chdir(workspace);
    const scanPath = inputs.path;
    plan = planRun({ eventName: env.GITHUB_EVENT_NAME ?? '', payload: readEvent(env.GITHUB_EVENT_PATH), baseRef: inputs.baseRef, headRef: inputs.headRef });
    core.info(`maestro-gate: ${plan.why} -> ${plan.mode === 'diff' ? `diff ${plan.base}..${plan.head ?? 'working tree'}` : `scan ${plan.rev ?? 'working tree'}`}`);
    const common = { path: scanPath, manifest: inputs.manifest, policy: inputs.policy, overrides: inputs.overrides, cache: inputs.cacheDir, onProgress: inputs.progress ? progressLog(core.info) : undefined };
    // A cached analysis is keyed by commit: with a cache, the checkout is read as its commit, not as files on disk.
    const headRev = (rev?: string) => rev ?? (inputs.cacheDir ? 'HEAD' : undefined);
    let head: string | undefined;
    let analyses: Analysis[];
    if (plan.mode === 'diff') {
      const base = await ensureCommit(scanPath, plan.base, core.info);
      head = headRev(plan.head) ? await ensureCommit(scanPath, headRev(plan.head)!, core.info) : undefined;
      ({ report, rules, analyses } = await runDiff({ ...common, base, head }));
    } else {
      head = headRev(plan.rev) ? await ensureCommit(scanPath, headRev(plan.rev)!, core.info) : undefined;
      ({ report, rules, analyses } = await runScan({ ...common, rev: head }));
    }
    for (const a of analyses) if (a.stats.analysisCached) core.info(`maestro-gate: analysis of ${a.source.rev} read from the cache`);
    ctx = { sha: head ?? (await headCommit(scanPath)), prefix: await pathInRepo(scanPath), workspace };
  } catch (e) {
    core.setFailed(e instanceof UserError ? e.format() : ((e as Error).stack ?? String(e)));
    return;
  }

  // From here on the verdict is known; every later step may fail on its own without changing it.
  const open = report.chains.filter((c) => c.status === 'open');
  const newOpen = report.diff ? report.diff.new.chains.filter((fp) => open.some((c) => c.fingerprint === fp)).length : open.length;
  await step('outputs', async () => {
    core.setOutput('gate', report.gate.status);
    core.setOutput('open-chains', String(open.length));
    core.setOutput('new-chains', String(newOpen));
  });

  await step('JSON report', async () => {
    const file = inputs.jsonFile ? path.resolve(ctx.workspace, inputs.jsonFile) : path.join(env.RUNNER_TEMP || tmpdir(), 'maestro-gate-report.json');
    write(file, redactSecrets(renderJson(report)));
    core.setOutput('report-json', file);
  });
  if (inputs.sarifFile) {
    await step('SARIF report', async () => {
      const file = path.resolve(ctx.workspace, inputs.sarifFile!);
      write(file, redactSecrets(JSON.stringify(renderSarif(report, rules, { pathPrefix: ctx.prefix }), null, 2) + '\n'));
      core.setOutput('sarif-file', file);
    });
  }

  const repoUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined;
  const view = { repoUrl, sha: ctx.sha, pathPrefix: ctx.prefix, rules };

  await step('job summary', async () => {
    const drift = inputs.previousReport ? previousDrift(path.resolve(ctx.workspace, inputs.previousReport), report) : undefined;
    if (!env.GITHUB_STEP_SUMMARY) return core.info('no GITHUB_STEP_SUMMARY: job summary skipped');
    // The summary file is shared by the whole step; leave room for anything written before us.
    await core.summary.addRaw(redactSecrets(renderMarkdown(report, { ...view, mode: 'summary', drift, maxChars: SUMMARY_LIMIT - 4096 })), true).write();
  });

  await step('annotations', async () => {
    for (const a of annotationsFor(report, { pathPrefix: ctx.prefix })) {
      const props = { title: redactSecrets(a.title), file: a.file, startLine: a.line };
      if (a.level === 'error') core.error(redactSecrets(a.message), props);
      else core.warning(redactSecrets(a.message), props);
    }
  });

  if (plan.pr !== undefined && inputs.comment !== 'never') {
    await step('pull request comment', () => comment(env, inputs, plan.pr!, report, view), true);
  }

  if (report.gate.status === 'fail') {
    const reasons = report.gate.reasons;
    const more = reasons.length > 5 ? `; and ${reasons.length - 5} more (see the job summary)` : '';
    core.setFailed(redactSecrets(`maestro-gate: ${reasons.slice(0, 5).map((r) => stripControls(r.message)).join('; ')}${more}`));
  }
  else if (report.gate.warnOnly) core.warning('maestro-gate: the gate would fail, but warn-only is set');
}

async function comment(env: NodeJS.ProcessEnv, inputs: ActionInputs, pr: number, report: Report, view: { repoUrl?: string; sha?: string; pathPrefix: string; rules: RuleInfo[] }): Promise<void> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !inputs.token) return core.info('no repository or token: PR comment skipped');
  const marker = commentMarker(inputs.path === '.' ? 'default' : inputs.path);
  const room = COMMENT_LIMIT - Buffer.byteLength(marker) - 1;
  const body = `${marker}\n${redactSecrets(renderMarkdown(report, { ...view, mode: 'comment', maxChars: room }))}`;
  const resolvedBody = `${marker}\n## ✅ maestro-gate: resolved\n\nNothing left to report: no new or changed chain and the gate passes${view.sha ? ` at \`${view.sha.slice(0, 12)}\`` : ''}.\n`;
  const api = new GitHubApi({ baseUrl: env.GITHUB_API_URL || 'https://api.github.com', token: inputs.token, log: core.info });
  const target = { owner, repo, issue: pr };
  const login = await tokenLogin(api);
  const existing = await findOurComment(api, target, marker, login);
  const result = await applyComment(api, target, planComment({ mode: inputs.comment, report, body, resolvedBody, existing }));
  core.info(`PR comment: ${result.action}${result.url ? ` ${result.url}` : ''}${result.why ? ` (${result.why})` : ''} after ${api.requests} API request(s)`);
}

/** Runs one output step; a failure becomes a warning (the verdict is already decided). */
async function step(name: string, fn: () => Promise<void>, api = false): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const status = e instanceof ApiError ? e.status : undefined;
    const hint =
      status === 403 || status === 404
        ? ' The token cannot write here (a pull request from a fork, or `pull-requests: write` is missing); the job summary and annotations carry the result.'
        : status === 401
          ? ' The token was rejected.'
          : '';
    core.warning(`maestro-gate: ${name} failed: ${(e as Error).message}.${api ? hint : ''}`);
  }
}

function readEvent(file: string | undefined): unknown {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UserError('cannot read the workflow event payload', file);
  }
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeTextFileSync(file, [text]);
}

let validateReport: ((x: unknown) => boolean) | undefined;

/** The drift since a previous audit's JSON; undefined (with a note) when there is none or it does not validate. */
function previousDrift(file: string, current: Report): DiffSection | undefined {
  let prev: unknown;
  try {
    prev = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    core.info(`no previous audit report at ${file}: drift not computed`);
    return undefined;
  }
  validateReport ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(reportSchema);
  if (!validateReport(prev)) {
    core.warning(`maestro-gate: ${file} is not a maestro-gate report (schemaVersion 1): drift not computed`);
    return undefined;
  }
  return compareReports(prev as Report, current);
}
