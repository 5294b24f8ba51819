import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';
import { assertValidReport } from '../helpers/report-schema.js';
import type { Report } from '../../src/report/types.js';

// An AI coding agent that a workflow starts on an outsider's issue or comment: the PR that adds it is gated like
// one that adds a shell tool to an application's agent.
const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const CLAUDE = (trigger: string, perms: string, args = '') => `name: Claude
on:
  ${trigger}:
    types: [created]
permissions:
${perms}
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
          github_token: \${{ github.token }}
${args}`;

function baseRepo(): TempRepo {
  const r = new TempRepo();
  repos.push(r);
  r.write({
    'README.md': '# demo\n',
    // The repository's image copies everything, .github/ included; it does not run the workflow's agent.
    Dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    'server.js': 'console.log("hi");\n',
    '.github/workflows/ci.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  });
  r.commit('base');
  return r;
}

async function diff(r: TempRepo): Promise<{ code: number; report: Report }> {
  const res = await cli('diff', r.dir, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
  expect(res.stderr).toBe('');
  const report = JSON.parse(res.stdout) as Report;
  assertValidReport(report);
  return { code: res.code, report };
}

describe('AI agents in CI workflows', () => {
  it('a PR adding Claude Code on issue comments with a writable token fails the gate with a new chain', async () => {
    const r = baseRepo();
    r.write({ '.github/workflows/claude.yml': CLAUDE('issue_comment', '  contents: write\n  pull-requests: write') }).commit('add claude');
    const { code, report } = await diff(r);
    expect(code).toBe(1);
    const added = report.chains.filter((c) => report.diff!.new.chains.includes(c.fingerprint));
    expect(added.map((c) => c.templateId)).toEqual(['ci-event-agent-injection']);
    const [chain] = added;
    expect(chain.status).toBe('open');
    expect(chain.steps.map((s) => s.componentId)).toEqual([
      'document-loader:.github/workflows/claude.yml#github event (issue_comment)',
      'agent:.github/workflows/claude.yml#claude.claude-code',
      'tool:.github/workflows/claude.yml#claude.claude-code.github',
    ]);
    // Each step cites the workflow: the trigger, the step, the permissions that make the token writable.
    expect(chain.steps.map((s) => [...new Set(s.evidence.map((e) => `${e.path}:${e.line}`))])).toEqual([
      ['.github/workflows/claude.yml:2'],
      ['.github/workflows/claude.yml:13'],
      ['.github/workflows/claude.yml:6', '.github/workflows/claude.yml:7', '.github/workflows/claude.yml:13'],
    ]);
    const agent = report.components.find((c) => c.id === 'agent:.github/workflows/claude.yml#claude.claude-code')!;
    expect(agent.layer).toBe('L3');
    expect(report.edges.filter((e) => e.to === agent.id && e.kind === 'runs')).toEqual([]);
    expect(report.threats.some((t) => t.threatId === 'L7.T5' && t.componentId === agent.id)).toBe(true);
  });

  it('the same agent with a read-only token and allow-listed commands adds no open chain', async () => {
    const r = baseRepo();
    const args = '          claude_args: --allowedTools "Bash(gh pr diff:*)"\n';
    r.write({ '.github/workflows/claude.yml': CLAUDE('issue_comment', '  contents: read', args) }).commit('add a read-only claude');
    const { code, report } = await diff(r);
    expect(code).toBe(0);
    const chains = report.chains.filter((c) => c.templateId === 'ci-event-agent-injection');
    expect(chains).toHaveLength(1);
    expect(chains[0].status).toBe('mitigated');
    expect(chains[0].steps.at(-1)!.componentId).toBe('tool:.github/workflows/claude.yml#claude.claude-code.shell');
  });

  it('an agent on push (no outsider event) makes no chain', async () => {
    const r = baseRepo();
    r.write({ '.github/workflows/claude.yml': CLAUDE('push', '  contents: write').replace('    types: [created]\n', '') }).commit('claude on push');
    const { code, report } = await diff(r);
    expect(code).toBe(0);
    expect(report.components.some((c) => c.id === 'agent:.github/workflows/claude.yml#claude.claude-code')).toBe(true);
    expect(report.chains.filter((c) => c.templateId === 'ci-event-agent-injection')).toEqual([]);
  });
});

const TRIAGE = (reply: string) => `name: Triage
on:
  issues:
    types: [opened]
permissions:
  issues: write
  models: read
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - id: ai
        uses: actions/ai-inference@v1
        with:
          prompt: |
            Label this issue: \${{ github.event.issue.title }}
${reply}`;

describe('a model that only answers, in CI', () => {
  it('a PR writing the answer into a run script fails the gate; the same answer passed through env passes', async () => {
    const r = baseRepo();
    const inRun = '      - run: gh issue edit ${{ github.event.issue.number }} --add-label "${{ steps.ai.outputs.response }}"\n';
    r.write({ '.github/workflows/triage.yml': TRIAGE(inRun) }).commit('triage');
    const { code, report } = await diff(r);
    expect(code).toBe(1);
    const added = report.chains.filter((c) => report.diff!.new.chains.includes(c.fingerprint));
    expect(added.map((c) => [c.templateId, c.status, c.steps.map((s) => s.componentId)])).toContainEqual([
      'ci-event-agent-injection',
      'open',
      ['document-loader:.github/workflows/triage.yml#github event (issues)', 'agent:.github/workflows/triage.yml#triage.ai', 'tool:.github/workflows/triage.yml#triage.ai.output-in-run'],
    ]);

    const safe = baseRepo();
    const viaEnv = '      - env:\n          LABEL: ${{ steps.ai.outputs.response }}\n        run: gh issue edit 1 --add-label "$LABEL"\n';
    safe.write({ '.github/workflows/triage.yml': TRIAGE(viaEnv) }).commit('triage');
    const passed = await diff(safe);
    expect(passed.code).toBe(0);
    expect(passed.report.diff!.new.chains).toEqual([]);
    // The agent and its model are still modelled: only the way to the runner is gone.
    expect(passed.report.components.some((c) => c.id === 'agent:.github/workflows/triage.yml#triage.ai')).toBe(true);
  });
});

const DISPATCH = (trigger: string, target: string) => `name: Dispatch
on:
  ${trigger}:
jobs:
  invoke:
    uses: ${target}
    secrets: inherit
`;

const INVOKE = `on:
  workflow_call:
jobs:
  run:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: google-github-actions/run-gemini-cli@v0
        with:
          gemini_api_key: \${{ secrets.GEMINI_API_KEY }}
`;

async function scan(r: TempRepo): Promise<Report> {
  const res = await cli('scan', r.dir, '--format', 'json');
  expect(res.stderr).toBe('');
  const report = JSON.parse(res.stdout) as Report;
  assertValidReport(report);
  return report;
}

describe('AI agents in reusable workflows', () => {
  it('an outsider event handed to a reusable workflow of the repository reaches the agent it runs', async () => {
    const r = baseRepo();
    r.write({ '.github/workflows/dispatch.yml': DISPATCH('issue_comment', './.github/workflows/invoke.yml'), '.github/workflows/invoke.yml': INVOKE }).commit('dispatch');
    const report = await scan(r);
    const chains = report.chains.filter((c) => c.templateId === 'ci-event-agent-injection');
    expect(chains.map((c) => c.steps.map((s) => s.componentId))).toEqual([
      ['document-loader:.github/workflows/dispatch.yml#github event (issue_comment)', 'agent:.github/workflows/invoke.yml#run.gemini-cli', 'tool:.github/workflows/invoke.yml#run.gemini-cli.github'],
    ]);
    const event = report.components.find((c) => c.kind === 'document-loader')!;
    expect(event.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['.github/workflows/dispatch.yml:2', '.github/workflows/dispatch.yml:6']);
    // Secrets handed on under an outsider's event stay flagged: the reusable workflow may run the PR's code.
    const dispatch = report.components.find((c) => c.id === 'ci-workflow:.github/workflows/dispatch.yml#dispatch')!;
    expect(dispatch.attributes?.secretsToUntrusted).toBe(true);
    // The pipeline-tampering chain is about what ships, not the CI's own agents.
    expect(report.chains.filter((c) => c.templateId === 'ci-compromise-agent-tampering')).toEqual([]);
  });

  it("credits the caller's author_association check to the reusable workflow's agent, only when every caller checks", async () => {
    const r = baseRepo();
    const checked = (file: string) =>
      DISPATCH('issue_comment', `./.github/workflows/${file}`).replace('    uses:', "    if: github.event.comment.author_association == 'MEMBER'\n    uses:");
    r.write({
      '.github/workflows/dispatch.yml': checked('invoke.yml'),
      '.github/workflows/invoke.yml': INVOKE,
      // Called by a checked job and by one anyone starts.
      '.github/workflows/dispatch-both.yml': checked('other.yml'),
      '.github/workflows/dispatch-open.yml': DISPATCH('issues', './.github/workflows/other.yml'),
      '.github/workflows/other.yml': INVOKE,
    }).commit('dispatch with checks');
    const report = await scan(r);
    const chainOf = (file: string) => report.chains.find((c) => c.templateId === 'ci-event-agent-injection' && c.steps[1]!.componentId === `agent:.github/workflows/${file}#run.gemini-cli`)!;
    const credit = chainOf('invoke.yml').mitigations.find((m) => m.controlId === 'trusted-trigger')!;
    expect(credit.evidence.map((e) => `${e.path}:${e.line}`)).toContain('.github/workflows/dispatch.yml:6');
    expect(chainOf('other.yml').mitigations.filter((m) => m.controlId === 'trusted-trigger')).toEqual([]);
  });

  it('a caller on push hands no outsider text, and a third-party reusable workflow still counts as given the secrets', async () => {
    const r = baseRepo();
    r.write({
      '.github/workflows/dispatch.yml': DISPATCH('push', './.github/workflows/invoke.yml'),
      '.github/workflows/invoke.yml': INVOKE,
      '.github/workflows/external.yml': DISPATCH('issue_comment', 'acme/workflows/.github/workflows/bot.yml@0123456789abcdef0123456789abcdef01234567'),
    }).commit('dispatch on push');
    const report = await scan(r);
    expect(report.components.some((c) => c.id === 'agent:.github/workflows/invoke.yml#run.gemini-cli')).toBe(true);
    expect(report.components.filter((c) => c.kind === 'document-loader')).toEqual([]);
    expect(report.chains.filter((c) => c.templateId === 'ci-event-agent-injection')).toEqual([]);
    const external = report.components.find((c) => c.id === 'ci-workflow:.github/workflows/external.yml#external')!;
    expect(external.attributes?.secretsToUntrusted).toBe(true);
  });
});

describe('who may start a CI agent', () => {
  it("credits Claude Code's actor check and an author_association condition, not a trigger opened to everyone", async () => {
    const r = baseRepo();
    const open = CLAUDE('issues', '  issues: write').replace('    types: [created]', '    types: [opened]') + '          allowed_non_write_users: "*"\n';
    const gemini = `on:
  issue_comment:
permissions:
  issues: write
jobs:
  ask:
    if: contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - uses: google-github-actions/run-gemini-cli@v0
`;
    // A condition with another branch anyone meets (an issue opened) is no check.
    const either = gemini.replace("    if: contains(", "    if: github.event_name == 'issues' || contains(");
    r.write({ '.github/workflows/checked.yml': CLAUDE('issue_comment', '  issues: write'), '.github/workflows/open.yml': open, '.github/workflows/gemini.yml': gemini, '.github/workflows/either.yml': either }).commit('four agents');
    const report = await scan(r);
    const chainOf = (file: string) => report.chains.find((c) => c.templateId === 'ci-event-agent-injection' && c.steps[1]!.componentId.startsWith(`agent:.github/workflows/${file}#`))!;
    const credited = (file: string) => chainOf(file).mitigations.filter((m) => m.controlId === 'trusted-trigger').map((m) => [...new Set(m.evidence.map((e) => `${e.path}:${e.line}`))]);
    expect(credited('checked.yml')).toEqual([['.github/workflows/checked.yml:12']]);
    expect(credited('gemini.yml')).toEqual([['.github/workflows/gemini.yml:7', '.github/workflows/gemini.yml:10']]);
    expect(credited('open.yml')).toEqual([]);
    expect(credited('either.yml')).toEqual([]);
    // Partial: the chain stays open, one step less likely than the same agent anyone can start.
    expect(chainOf('checked.yml').status).toBe('open');
    expect(chainOf('checked.yml').risk.likelihood).toBeLessThan(chainOf('open.yml').risk.likelihood);
  });
});
