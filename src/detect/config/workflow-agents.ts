import { INJECTABLE, triggers, UNTRUSTED_WITH_SECRETS, wantsWorkflow } from '../infra/github-workflow.js';
import { remoteServer } from './mcp-servers.js';
import { asArray, asObj, asString, lineOf, type Obj } from '../infra/values.js';
import { parseYamlDocs } from '../infra/yaml-docs.js';
import { modelComponent } from '../js/models.js';
import { FileOut, type NewComponent } from '../js/out.js';
import type { Detector, Findings } from '../types.js';

/**
 * Coding and review agents that GitHub Actions run on a repository's own events. An issue, a comment or a fork's
 * pull request is text an outsider wrote; the agent reads it on a runner that holds the job's token and secrets,
 * so instructions hidden in it can make the agent push, comment or run commands (indirect prompt injection).
 */
interface AgentAction {
  /** `owner/repo[/path]` in lower case, as `uses:` names it before the `@`. */
  action: string;
  framework: string;
  provider?: string;
  /** Edits the checkout (a coding agent), rather than only reading and commenting. */
  edits: boolean;
  /** Commits and comments with a GitHub App token of its own unless the workflow passes `github_token`. */
  ownToken?: boolean;
  /** Runs only for actors with write access unless `allowed_non_write_users` says otherwise. */
  actorCheck?: boolean;
  /** Only answers (no tools of its own) unless its inputs grant some: the job token is out of the model's reach. */
  answersOnly?: boolean;
}

const AGENT_ACTIONS: AgentAction[] = [
  { action: 'anthropics/claude-code-action', framework: 'claude-code', provider: 'anthropic', edits: true, ownToken: true, actorCheck: true },
  { action: 'anthropics/claude-code-base-action', framework: 'claude-code', provider: 'anthropic', edits: true },
  { action: 'openai/codex-action', framework: 'codex', provider: 'openai', edits: true },
  { action: 'google-github-actions/run-gemini-cli', framework: 'gemini-cli', provider: 'gemini', edits: true },
  { action: 'google-gemini/gemini-cli-action', framework: 'gemini-cli', provider: 'gemini', edits: true },
  { action: 'qodo-ai/pr-agent', framework: 'pr-agent', edits: false },
  { action: 'codium-ai/pr-agent', framework: 'pr-agent', edits: false },
  { action: 'sst/opencode/github', framework: 'opencode', edits: true },
  { action: 'actions/ai-inference', framework: 'ai-inference', provider: 'github-models', edits: false, answersOnly: true },
];

/** The action a `uses:` names (`owner/repo/path@ref`), when it is one of the agents. */
function agentAction(uses: string): AgentAction | undefined {
  const at = uses.lastIndexOf('@');
  const name = (at < 0 ? uses : uses.slice(0, at)).trim().toLowerCase();
  return AGENT_ACTIONS.find((a) => a.action === name);
}

const COMMENT_SCOPES = ['issues', 'pull-requests', 'discussions'];

/**
 * What the job's GITHUB_TOKEN may write (`permissions:` of the job, else of the workflow), and the lines that grant
 * it. With neither, the repository's default applies: write to everything on repositories and organisations that
 * kept the permissive default, so the token is taken as able to push and post (`undeclared`).
 */
function tokenWrites(holder: Obj | undefined): { git: boolean; comments: boolean; lines: number[]; undeclared?: boolean } {
  if (!holder) return { git: true, comments: true, lines: [], undeclared: true };
  const perms = holder.permissions;
  if (perms === 'write-all') return { git: true, comments: true, lines: [lineOf(holder, 'permissions')] };
  const p = asObj(perms);
  if (!p) return { git: false, comments: false, lines: [] };
  const granted = ['contents', ...COMMENT_SCOPES].filter((k) => p[k] === 'write');
  return { git: granted.includes('contents'), comments: granted.some((k) => k !== 'contents'), lines: granted.map((k) => lineOf(p, k)) };
}

/** Shell-like words of a command line (`--allowedTools "Bash(git diff:*)" Edit`), quotes removed. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The values a flag takes in a word list: every word after it up to the next flag (`--a x y --b`), or `--a=x`. */
function flagValues(list: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!;
    const eq = names.find((n) => w.startsWith(`${n}=`));
    if (eq) out.push(w.slice(eq.length + 1));
    if (!names.includes(w)) continue;
    for (let j = i + 1; j < list.length && !list[j]!.startsWith('-'); j++) out.push(list[j]!);
  }
  return out;
}

/** A JSON object given as an input's text (`settings: '{...}'`), when it parses as one. */
function jsonInput(w: Obj, key: string): Record<string, unknown> | undefined {
  const text = asString(w[key]);
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const stringsOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

interface Shell {
  line?: number;
  /** Every grant names its commands (`Bash(git diff:*)`, `run_shell_command(gh issue view)`). */
  allowList: boolean;
  sandboxed: boolean;
}

/** The shell grants among tool names (`Bash`, `Bash(git diff:*)`): none, or whether each names its commands. */
function grantsOf(tools: string[], tool: RegExp): { allowList: boolean } | undefined {
  const grants = tools.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => tool.test(t));
  if (!grants.length) return undefined;
  return { allowList: grants.every((g) => /^\w+\((?!\s*\*?\s*\))[^)]*\)$/.test(g)) };
}

const lineOfFirst = (w: Obj, keys: string[]) => {
  const k = keys.find((key) => w[key] !== undefined);
  return k === undefined ? undefined : lineOf(w, k);
};

/**
 * Whether the agent may run commands on the runner, as its inputs grant. Claude Code runs Bash only when allowed
 * (`allowed_tools`, `claude_args --allowedTools`, `settings` permissions.allow) or told to skip permissions;
 * Codex runs commands in its sandbox unless told not to use one; Gemini CLI when its settings' core tools list
 * `run_shell_command` or it runs in yolo mode; opencode always. Denials (`--disallowedTools Bash`) grant nothing.
 */
function shellOf(a: AgentAction, w: Obj, uses: string): Shell | undefined {
  switch (a.framework) {
    case 'claude-code': {
      const args = words(asString(w.claude_args) ?? '');
      const settings = jsonInput(w, 'settings');
      const perms = settings?.permissions as Record<string, unknown> | undefined;
      const line = lineOfFirst(w, ['allowed_tools', 'claude_args', 'settings']);
      const bypass =
        args.includes('--dangerously-skip-permissions') ||
        flagValues(args, ['--permission-mode']).includes('bypassPermissions') ||
        (perms && typeof perms === 'object' && perms.defaultMode === 'bypassPermissions');
      if (bypass) return { line, allowList: false, sandboxed: false };
      const tools = [...words(asString(w.allowed_tools) ?? ''), ...flagValues(args, ['--allowedTools', '--allowed-tools']), ...stringsOf(perms?.allow)];
      const g = grantsOf(tools, /^Bash(\(|$)/);
      return g && { line, allowList: g.allowList, sandboxed: false };
    }
    case 'codex': {
      const sandbox = asString(w.sandbox) ?? 'workspace-write';
      const unsafe = sandbox === 'danger-full-access' || asString(w['safety-strategy']) === 'unsafe';
      return { line: lineOfFirst(w, ['sandbox', 'safety-strategy']), allowList: false, sandboxed: !unsafe };
    }
    case 'gemini-cli': {
      const settings = jsonInput(w, 'settings');
      const general = settings?.general as Record<string, unknown> | undefined;
      const line = lineOfFirst(w, ['settings', 'gemini_cli_args']);
      const yolo = words(asString(w.gemini_cli_args) ?? '').some((x) => x === '--yolo' || x === '-y') || settings?.approvalMode === 'yolo' || general?.approvalMode === 'yolo';
      if (yolo) return { line, allowList: false, sandboxed: false };
      const tools = settings?.tools as Record<string, unknown> | undefined;
      const g = grantsOf([...stringsOf(settings?.coreTools), ...stringsOf(tools?.core)], /^(run_shell_command|ShellTool)(\(|$)/);
      return g && { line, allowList: g.allowList, sandboxed: false };
    }
    case 'opencode':
      return { allowList: false, sandboxed: false };
    case 'ai-inference': {
      const g = grantsOf(copilotTools(w, uses), /^shell(\(|$)/);
      return g && { line: lineOfFirst(w, ['copilot-allow-tools']), allowList: g.allowList, sandboxed: false };
    }
    default:
      return undefined;
  }
}

/**
 * The tools `actions/ai-inference` lets the Copilot CLI use (`copilot-allow-tools`, each passed as `--allow-tool`).
 * They count where the action may run the Copilot CLI (`copilotMode`).
 */
function copilotTools(w: Obj, uses: string): string[] {
  if (copilotMode(w, uses) === 'models') return [];
  return (asString(w['copilot-allow-tools']) ?? '').split(',').map((t) => t.trim()).filter(Boolean);
}

/**
 * Which provider `actions/ai-inference` runs: the Copilot CLI with `provider: copilot` or from v3 on (its only
 * provider), GitHub Models before v3 by default. A commit ref or a provider given by an expression may be either:
 * then what each would be granted counts (the Copilot tools and GitHub Models' MCP server), the side that hides
 * no grant.
 */
function copilotMode(w: Obj, uses: string): 'copilot' | 'models' | 'either' {
  const provider = asString(w.provider)?.trim();
  if (provider && !provider.includes('${{')) return provider === 'copilot' ? 'copilot' : 'models';
  const major = /@v(\d+)(?:\.|$)/.exec(uses.trim())?.[1];
  if (major === undefined || provider) return 'either';
  return Number(major) >= 3 ? 'copilot' : 'models';
}

/**
 * What `actions/ai-inference` may do besides answering: write files in the checkout when Copilot is granted
 * `write`, and read GitHub through its hosted MCP server (`enable-github-mcp`, GitHub Models only), whose
 * issues and pull requests anyone can write.
 */
function answerTools(out: FileOut, agent: string, name: string, w: Obj, uses: string, edits: boolean): void {
  if (edits) {
    const at = lineOfFirst(w, ['copilot-allow-tools'])!;
    out.edge(agent, out.add({ kind: 'tool', name: `${name}.write`, capabilities: ['file-write'] }, at, 'Copilot may write files in the checkout'), 'uses-tool', at);
  }
  const mcp = w['enable-github-mcp'];
  if ((mcp === true || mcp === 'true') && copilotMode(w, uses) !== 'copilot') {
    const at = lineOf(w, 'enable-github-mcp');
    const server = remoteServer(GITHUB_MCP, 'http', 'ai-inference');
    server.attributes = { ...server.attributes, readOnly: true };
    out.edge(agent, out.add(server, at, 'GitHub MCP server, read-only'), 'connects-mcp', at);
  }
}

/** The server `actions/ai-inference` connects to, with the `X-MCP-Readonly` header. */
const GITHUB_MCP = 'https://api.githubcopilot.com/mcp/';

/** `${{ ... }}` expressions of a script (a lone `}` may sit inside); bounded, so a hostile script stays linear. */
const EXPRESSION = /\$\{\{((?:[^}]|\}(?!\})){0,500})\}\}/g;

/** An output that names a file or folder the action wrote (`response-file`), rather than holding the model's text. */
const PATH_OUTPUT = /^[\w-]*?(?:^|[-_])(?:file|path|dir)$/i;

/** What a step runs as code: its `run:` script, or `actions/github-script`'s `script:`, with its line. */
function scriptOf(step: Obj): { script: string; at: number; where: string } | undefined {
  const run = asString(step.run);
  if (run !== undefined) return { script: run, at: lineOf(step, 'run'), where: 'a run script' };
  const w = asObj(step.with);
  const script = w && /^actions\/github-script@/i.test(asString(step.uses)?.trim() ?? '') ? asString(w.script) : undefined;
  return script && w ? { script, at: lineOf(w, 'script'), where: 'a github-script script' } : undefined;
}

/** The outputs (`<prefix>.<name>`, `steps.ai.outputs.response`) that `${{ }}` expressions of a text interpolate. */
function interpolated(text: string, prefix: string): string[] {
  if (!text.includes(prefix)) return [];
  const ref = new RegExp(`(?<![\\w.])${prefix.replace(/[^\w-]/g, '\\$&')}([\\w-]+)`, 'g');
  return [...text.matchAll(EXPRESSION)].flatMap((m) => [...m[1]!.matchAll(ref)].map((r) => r[1]!));
}

/** The model's text is then code on the runner: a shell tool of the agent, whatever its own tools are. */
function outputTool(out: FileOut, agent: { id: string; name: string }, at: number, note: string): void {
  out.edge(agent.id, out.add({ kind: 'tool', name: `${agent.name}.output-in-run`, capabilities: ['shell'], attributes: { allowList: false, sandboxed: false } }, at, note), 'uses-tool', at);
}

/**
 * A later step of the job that writes the agent's output into a script (`run: echo "${{ steps.ai.outputs.response
 * }}"`, or `actions/github-script`'s `script:`). Passing it through `env:` and quoting the variable is the fix, and
 * is not flagged; neither is an output that is a path (`response-file`).
 */
function outputInRun(out: FileOut, agent: { id: string; name: string }, id: string, later: unknown[]): void {
  for (const st of later) {
    const s = asObj(st) && scriptOf(asObj(st)!);
    if (!s || !interpolated(s.script, `steps.${id}.outputs.`).some((o) => !PATH_OUTPUT.test(o))) continue;
    return outputTool(out, agent, s.at, `steps.${id}.outputs interpolated into ${s.where}`);
  }
}

/**
 * The same through a job's `outputs:` (`answer: ${{ steps.ai.outputs.response }}`) into a script of a job that
 * needs it (`needs.triage.outputs.answer`).
 */
function outputInOtherJobs(out: FileOut, jobs: Obj, agentSteps: Map<string, Map<string, { id: string; name: string }>>): void {
  const carried = new Map<string, { id: string; name: string }>();
  for (const [jobName, byStep] of agentSteps) {
    const outputs = asObj(asObj(jobs[jobName])?.outputs);
    for (const key of Object.keys(outputs ?? {})) {
      const text = asString(outputs![key]) ?? '';
      for (const [stepId, agent] of byStep) if (interpolated(text, `steps.${stepId}.outputs.`).some((o) => !PATH_OUTPUT.test(o))) carried.set(`${jobName}\0${key}`, agent);
    }
  }
  if (!carried.size) return;
  const done = new Set<string>();
  for (const jobName of Object.keys(jobs).sort()) {
    for (const st of asArray(asObj(jobs[jobName])?.steps)) {
      const s = asObj(st) && scriptOf(asObj(st)!);
      if (!s) continue;
      for (const [key, agent] of carried) {
        const [from, output] = key.split('\0') as [string, string];
        if (done.has(agent.id) || !interpolated(s.script, `needs.${from}.outputs.`).includes(output)) continue;
        done.add(agent.id);
        outputTool(out, agent, s.at, `needs.${from}.outputs.${output} interpolated into ${s.where}`);
      }
    }
  }
}

/** Associations of people with write access to the repository. */
const TRUSTED = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

/**
 * The payload objects with an `author_association` that each outsider event carries, its actor's first: on
 * `issue_comment`, `issue.author_association` is the issue's author, not the commenter who starts the job.
 */
const ASSOCIATED: Record<string, string[]> = {
  issues: ['issue'],
  issue_comment: ['comment', 'issue'],
  pull_request_target: ['pull_request'],
  pull_request_review: ['review', 'pull_request'],
  pull_request_review_comment: ['comment', 'pull_request'],
  discussion: ['discussion'],
  discussion_comment: ['comment', 'discussion'],
};

// Bounded, and each anchored on a fixed word: linear on hostile conditions.
const ASSOCIATION_EQ = /(!?)\s*\bgithub\.event\.(\w{1,40})\.author_association\s*(==|!=)\s*'(\w{1,20})'/g;
const ASSOCIATION_EQ_REVERSED = /'(\w{1,20})'\s*(==|!=)\s*github\.event\.(\w{1,40})\.author_association/g;
const ASSOCIATION_IN = /(!?)\s*\bcontains\(\s*(?:fromJSON\(\s*'([^']{0,200})'\s*\)|'([^']{0,200})')\s*,\s*github\.event\.(\w{1,40})\.author_association\s*\)/g;

/** The payload objects a condition requires to have a trusted author (`== 'MEMBER'`, `contains(fromJSON('[...]'), ...)`). */
function trustedAuthors(cond: string): Set<string> {
  const objects = new Set<string>();
  for (const m of cond.matchAll(ASSOCIATION_EQ)) if (!m[1] && m[3] === '==' && TRUSTED.has(m[4]!)) objects.add(m[2]!);
  for (const m of cond.matchAll(ASSOCIATION_EQ_REVERSED)) if (m[2] === '==' && TRUSTED.has(m[1]!) && !/!\s*$/.test(cond.slice(0, m.index))) objects.add(m[3]!);
  for (const m of cond.matchAll(ASSOCIATION_IN)) {
    const listed = (m[2] ?? m[3] ?? '').match(/[A-Z_]+/g) ?? [];
    if (!m[1] && listed.length > 0 && listed.every((v) => TRUSTED.has(v))) objects.add(m[4]!);
  }
  return objects;
}

/**
 * The line of a step's or job's `if:` that lets only people with write access start it on each of the outsider
 * events: a positive check on the event's actor, or on an object the event lacks (the job is then skipped). Not a
 * condition with `||` (one branch may let anyone in), nor a negated check (`!= 'MEMBER'`). A workflow started by
 * no outsider event of its own (a reusable one, handed its caller's event) takes a check on some event's actor.
 */
function associationCheck(holder: Obj, events: readonly string[]): number | undefined {
  const cond = asString(holder.if);
  if (!cond || cond.includes('||') || !cond.includes('author_association')) return undefined;
  const checked = [...trustedAuthors(cond)];
  const holds = (e: string) => checked.some((o) => ASSOCIATED[e]?.[0] === o || !ASSOCIATED[e]?.includes(o));
  const anActor = () => checked.some((o) => Object.values(ASSOCIATED).some((objects) => objects[0] === o));
  return (events.length ? events.every(holds) : anActor()) ? lineOf(holder, 'if') : undefined;
}

/**
 * The line that shows only people with write access start the agent: Claude Code's own actor check (unless
 * `allowed_non_write_users` opens it), or a job or step condition on the author's association.
 */
function trustedTrigger(a: AgentAction, job: Obj, step: Obj, w: Obj, events: readonly string[]): number | undefined {
  const checked = associationCheck(step, events) ?? associationCheck(job, events);
  if (checked) return checked;
  const opened = asString(w.allowed_non_write_users)?.trim();
  if (a.actorCheck && !opened) return lineOf(step, 'uses');
  return undefined;
}

/** The model the step names, when it names one as a literal. */
function modelOf(a: AgentAction, w: Obj, env: Obj, uses: string): { provider?: string; model?: string } {
  switch (a.framework) {
    case 'claude-code': {
      const provider = w.use_bedrock === true || w.use_bedrock === 'true' ? 'bedrock' : w.use_vertex === true || w.use_vertex === 'true' ? 'vertex' : a.provider;
      const args = asString(w.claude_args) ?? '';
      return { provider, model: asString(w.model) ?? /--model[=\s]+["']?([\w.:@/-]+)/.exec(args)?.[1] };
    }
    case 'gemini-cli':
      return { provider: a.provider, model: asString(w.gemini_model) };
    case 'pr-agent': {
      const keys = Object.keys(env).map((k) => k.toUpperCase());
      const provider = keys.some((k) => k.startsWith('OPENAI')) ? 'openai' : keys.some((k) => k.startsWith('ANTHROPIC')) ? 'anthropic' : undefined;
      return { provider };
    }
    case 'ai-inference': {
      // v3 runs the Copilot CLI, whose default model is its own (an empty `model` leaves the choice to it).
      const copilot = copilotMode(w, uses) === 'copilot';
      const model = asString(w.model) ?? (copilot ? 'gpt-4.1' : 'openai/gpt-4o');
      return { provider: copilot ? 'github-copilot' : a.provider, model };
    }
    default:
      return { provider: a.provider, model: asString(w.model) };
  }
}

/** The text of the outsider's event that starts a workflow, as what the agents it runs read. */
export function eventLoader(untrusted: string[]): NewComponent {
  return { kind: 'document-loader', name: `github event (${untrusted.join(', ')})`, attributes: { sourceType: 'ci-event', untrusted: true } };
}

/**
 * The agent's name, stable across unrelated edits: the step's `id`, else the agent it runs, in its job (adding a
 * checkout step before it, or renaming it, must not make its chains look new); a second such step in the job
 * counts on (`.2`).
 */
function stepName(jobName: string, step: Obj, a: AgentAction, taken: Map<string, number>): string {
  const base = `${jobName}.${asString(step.id)?.trim() || a.framework}`;
  const n = (taken.get(base) ?? 0) + 1;
  taken.set(base, n);
  return n === 1 ? base : `${base}.${n}`;
}

function analyse(path: string, text: string): Findings {
  const out = new FileOut(path);
  // The workflow detector reports the file's syntax errors; this one reads what could be parsed.
  const wf = asObj(parseYamlDocs(text).docs[0]?.value);
  const jobs = asObj(wf?.jobs);
  if (!wf || !jobs) return out.finish();
  const events = triggers(wf.on ?? wf.true);
  const untrusted = events.filter((e) => UNTRUSTED_WITH_SECRETS.has(e));
  let loader: string | undefined;
  const eventText = () => {
    loader ??= out.add(eventLoader(untrusted), lineOf(wf, 'on', 1), `on: ${events.join(', ')}`);
    return loader;
  };
  const agents: string[] = [];
  const taken = new Map<string, number>();
  // Agent steps with an id, by job: their outputs may reach other jobs' scripts.
  const agentSteps = new Map<string, Map<string, { id: string; name: string }>>();
  // A call's `trusted`: the line of the calling job's author_association check.
  const calls: { path: string; line: number; trusted?: number }[] = [];
  for (const jobName of Object.keys(jobs).sort()) {
    const job = asObj(jobs[jobName]);
    if (!job) continue;
    // A job that runs one of this repository's reusable workflows hands it the event: linkWorkflowCalls feeds the
    // event to the agents that one runs.
    const called = asString(job.uses);
    if (called?.startsWith('./') && untrusted.length) {
      const trusted = associationCheck(job, untrusted);
      calls.push({ path: called.slice(2).replace(/@.*$/, ''), line: lineOf(job, 'uses'), ...(trusted ? { trusted } : {}) });
    }
    const writes = tokenWrites(job.permissions !== undefined ? job : wf.permissions !== undefined ? wf : undefined);
    const steps = asArray(job.steps);
    steps.forEach((st, i) => {
      const step = asObj(st);
      const uses = asString(step?.uses);
      const a = uses ? agentAction(uses) : undefined;
      if (!step || !uses || !a) return;
      const line = lineOf(step, 'uses', lineOf(steps, i));
      const w = asObj(step.with) ?? {};
      const env = { ...(asObj(job.env) ?? {}), ...(asObj(step.env) ?? {}) };
      const name = stepName(jobName, step, a, taken);
      const agent = out.add({ kind: 'agent', name, framework: a.framework, attributes: { ciAction: a.action } }, line, `uses: ${uses}`);
      agents.push(agent);
      const trusted = trustedTrigger(a, job, step, w, untrusted);
      if (trusted) out.attr(agent, 'trustedTrigger', true, trusted);
      const m = modelOf(a, w, env, uses);
      const model = modelComponent(m.provider, m.model);
      if (model) out.edge(agent, out.add(model, line, `${a.action} model`), 'uses-model', line);

      if (untrusted.length) {
        const from = eventText();
        out.edge(from, agent, 'ingests', line, 'the event that starts the job');
        for (const key of Object.keys(w)) {
          const v = asString(w[key]);
          if (v && INJECTABLE.test(v)) out.components.get(from)!.evidence.push(out.ev(lineOf(w, key), `event text in ${key}`));
        }
      }

      const shell = shellOf(a, w, uses);
      if (shell) {
        const tool = out.add({ kind: 'tool', name: `${name}.shell`, capabilities: ['shell'], attributes: { allowList: shell.allowList, sandboxed: shell.sandboxed } }, shell.line ?? line, 'runs commands on the runner');
        out.edge(agent, tool, 'uses-tool', shell.line ?? line);
      }
      const edits = a.answersOnly ? copilotTools(w, uses).some((t) => /^write(\(|$)/.test(t)) : a.edits;
      if (a.answersOnly) answerTools(out, agent, name, w, uses, edits);
      const stepId = asString(step.id)?.trim();
      if (stepId) {
        outputInRun(out, { id: agent, name }, stepId, steps.slice(i + 1));
        if (!agentSteps.has(jobName)) agentSteps.set(jobName, new Map());
        agentSteps.get(jobName)!.set(stepId, { id: agent, name });
      }

      // The job's token is within the agent's reach (actions/checkout leaves it in the clone's git config, and
      // actions take it by default); Claude Code's action also brings a GitHub App token of its own. An agent that
      // only answers reaches it only through the tools it is granted.
      const own = a.ownToken && w.github_token === undefined;
      const reaches = !a.answersOnly || !!shell || edits;
      const caps = !reaches ? [] : [...(writes.git || own ? ['git', ...(edits ? ['file-write'] : [])] : []), ...(writes.comments || own ? ['messaging'] : [])];
      if (caps.length) {
        const sites = own || writes.undeclared ? [line] : writes.lines;
        const note = own ? `${a.action} GitHub App token` : writes.undeclared ? "no permissions: block, so the repository's default token permissions" : 'job token permissions';
        const attributes = !own && writes.undeclared ? { tokenPermissions: 'undeclared' } : undefined;
        const tool = out.add({ kind: 'tool', name: `${name}.github`, capabilities: caps, attributes }, sites[0]!, note);
        for (const at of sites.slice(1)) out.components.get(tool)!.evidence.push(out.ev(at, 'job token permissions'));
        out.edge(agent, tool, 'uses-tool', line);
      }
    });
  }
  outputInOtherJobs(out, jobs, agentSteps);
  if (events.includes('workflow_call') && agents.length) out.facts.workflowCallAgents = agents;
  if (calls.length) out.facts.untrustedCalls = { triggers: untrusted, line: lineOf(wf, 'on', 1), calls };
  return out.finish();
}

/** AI coding and review agents that workflows run (Claude Code, Codex, Gemini CLI, PR-Agent, opencode, AI Inference). */
export const workflowAgentDetector: Detector = {
  id: 'ci-agent',
  version: 6,
  wants: wantsWorkflow,
  needles: ['claude-code', 'codex-action', 'gemini-cli', 'pr-agent', 'opencode', 'ai-inference', './.github/workflows/'],
  detect: (file) => analyse(file.path, file.text),
};
