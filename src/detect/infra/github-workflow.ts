import type { Evidence } from '../../model/types.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { parentIsAnyCase, YAML_FILES } from '../path-name.js';
import { byExtension } from '../select.js';
import { basename, component, diag, finish } from './common.js';
import { asArray, asObj, asString, isObj, lineOf } from './values.js';
import type { Obj } from './values.js';
import { parseYamlDocs } from './yaml-docs.js';

/** Events whose payload (PR head, comment text, issue body) an outsider controls while secrets are available. */
export const UNTRUSTED_WITH_SECRETS = new Set(['pull_request_target', 'workflow_run', 'issue_comment', 'issues', 'discussion', 'discussion_comment', 'pull_request_review_comment', 'pull_request_review']);
const PR_HEAD = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.workflow_run\.head_(sha|branch)/;
// Quantifiers are bounded: an unbounded run from each `${{` makes a hostile workflow take quadratic time.
export const INJECTABLE = /\$\{\{\s*(github\.event\.(issue\.(title|body)|pull_request\.(title|body|head\.ref|head\.label)|comment\.body|review\.body|review_comment\.body|discussion\.(title|body)|head_commit\.message|commits(?:\[[^\]}]{0,64}\])?\.message|workflow_run\.head_branch)|github\.head_ref)\s*\}\}/;
const SHA = /^[0-9a-f]{40}$/i;

/** A GitHub Actions workflow file (`.github/workflows/*.yml`, in any folder's `.github`). */
export const wantsWorkflow = byExtension(YAML_FILES, (path) => parentIsAnyCase(path, '.github/workflows') && /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path));

export const githubWorkflowDetector: Detector = {
  id: 'infra-gh-workflow',
  version: 4,
  wants: wantsWorkflow,
  detect(file: FileInput): Findings {
    return finish(analyseWorkflow(file));
  },
};

export function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((x): x is string => typeof x === 'string');
  if (isObj(on)) return Object.keys(on);
  return [];
}

function analyseWorkflow(file: FileInput): Findings {
  const f = emptyFindings();
  const path = file.path;
  const { docs, problems } = parseYamlDocs(file.text);
  for (const p of problems) f.diagnostics.push(diag(path, p.line, p.code, p.message));
  const wf = asObj(docs[0]?.value);
  if (!wf || !isObj(wf.jobs)) return f;
  const events = triggers(wf.on ?? wf.true);
  const untrusted = events.filter((e) => UNTRUSTED_WITH_SECRETS.has(e));
  const evidence: Evidence[] = [{ path, line: lineOf(wf, 'on', 1), note: `on: ${events.join(', ')}` }];
  let prTargetCheckout = false;
  let secretsToUntrusted = false;
  let scriptInjection = false;
  const unpinned: string[] = [];
  const firstPartyTagPins: string[] = [];
  const jobs = wf.jobs as Obj;
  // Secrets in a workflow an outsider's event starts are theirs only where the workflow runs what they wrote: the PR's
  // code checked out, or a PR run's artifacts under workflow_run. A bot that mints a token on `issues` runs the
  // default branch's code (mem0's vouch workflow); text interpolated into a script is scriptInjection.
  const secretSites: Evidence[] = [];
  const untrustedCode: Evidence[] = [];
  const secretUse = (v: unknown, obj: unknown, key: string | number) => {
    const s = typeof v === 'string' ? v : '';
    if (/\$\{\{[^}]{0,200}secrets\.(?!GITHUB_TOKEN\b)[A-Za-z_]/.test(s) && untrusted.length) secretSites.push({ path, line: lineOf(obj, key), note: 'secret in untrusted-event workflow' });
  };
  const walkSecrets = (obj: unknown, depth: number) => {
    if (depth > 20) return;
    if (Array.isArray(obj)) obj.forEach((x, i) => (typeof x === 'string' ? secretUse(x, obj, i) : walkSecrets(x, depth + 1)));
    else if (isObj(obj)) for (const k of Object.keys(obj)) typeof obj[k] === 'string' ? secretUse(obj[k], obj, k) : walkSecrets(obj[k], depth + 1);
  };
  for (const jobName of Object.keys(jobs).sort()) {
    const job = asObj(jobs[jobName]);
    if (!job) continue;
    if (job.secrets === 'inherit' && untrusted.length) {
      secretsToUntrusted = true;
      evidence.push({ path, line: lineOf(job, 'secrets'), note: 'secrets: inherit' });
    }
    const usesJob = asString(job.uses);
    if (usesJob) checkUses(usesJob, lineOf(job, 'uses'));
    walkSecrets(job.env, 0);
    walkSecrets(job.with, 0);
    const steps = asArray(job.steps);
    steps.forEach((st, i) => {
      const step = asObj(st);
      if (!step) return;
      const uses = asString(step.uses);
      if (uses) {
        checkUses(uses, lineOf(step, 'uses', lineOf(steps, i)));
        const ref = asString(asObj(step.with)?.ref) ?? '';
        if (/^actions\/checkout@/.test(uses) && events.includes('pull_request_target') && PR_HEAD.test(ref)) {
          prTargetCheckout = true;
          evidence.push({ path, line: lineOf(step.with, 'ref', lineOf(step, 'uses')), note: 'checkout of PR head under pull_request_target' });
        }
        if (/^actions\/checkout@/.test(uses) && events.includes('workflow_run') && PR_HEAD.test(ref)) {
          prTargetCheckout = true;
          evidence.push({ path, line: lineOf(step.with, 'ref', lineOf(step, 'uses')), note: 'checkout of PR head under workflow_run' });
        }
        if (/^actions\/checkout@/.test(uses) && untrusted.length && PR_HEAD.test(ref)) untrustedCode.push({ path, line: lineOf(step.with, 'ref', lineOf(step, 'uses')), note: 'checkout of PR code' });
        if (/\/(action-)?download-artifact@/.test(uses) && events.includes('workflow_run')) untrustedCode.push({ path, line: lineOf(step, 'uses', lineOf(steps, i)), note: 'artifact of the triggering run' });
      }
      const run = asString(step.run);
      if (run && INJECTABLE.test(run)) {
        scriptInjection = true;
        evidence.push({ path, line: lineOf(step, 'run'), note: 'untrusted event text interpolated into run' });
      }
      if (run && untrusted.length && (PR_HEAD.test(run) || /\bgh\s+pr\s+checkout\b/.test(run))) untrustedCode.push({ path, line: lineOf(step, 'run'), note: 'fetches PR code' });
      walkSecrets(step.env, 0);
      walkSecrets(step.with, 0);
      if (run) secretUse(run, step, 'run');
    });
  }
  if (secretSites.length && untrustedCode.length) {
    secretsToUntrusted = true;
    evidence.push(...secretSites, ...untrustedCode.filter((e) => !evidence.some((x) => x.line === e.line)));
  }
  function checkUses(uses: string, line: number) {
    if (uses.startsWith('./') || uses.startsWith('.\\')) return;
    if (uses.startsWith('docker://')) {
      if (!/@sha256:/.test(uses)) {
        unpinned.push(uses);
        evidence.push({ path, line, note: `unpinned ${uses}` });
      }
      return;
    }
    const at = uses.lastIndexOf('@');
    const ref = at < 0 ? '' : uses.slice(at + 1);
    const owner = uses.split('/')[0].toLowerCase();
    if (SHA.test(ref)) return;
    if (owner === 'actions' || owner === 'github') {
      firstPartyTagPins.push(uses);
      return;
    }
    unpinned.push(uses);
    evidence.push({ path, line, note: `not pinned to a SHA: ${uses}` });
  }
  const name = asString(wf.name) ?? basename(path).replace(/\.ya?ml$/i, '');
  f.components.push(
    component(
      'ci-workflow',
      path,
      basename(path).replace(/\.ya?ml$/i, ''),
      {
        workflowName: name,
        triggers: events,
        untrustedTriggers: untrusted,
        prTargetCheckout,
        unpinnedActions: unpinned.length > 0,
        unpinnedActionRefs: unpinned,
        firstPartyTagPins: firstPartyTagPins,
        secretsToUntrusted,
        scriptInjection,
        writeAllPermissions: wf.permissions === 'write-all' || undefined,
      },
      evidence,
    ),
  );
  return f;
}
