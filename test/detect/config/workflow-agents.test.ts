import { describe, expect, it } from 'vitest';
import { workflowAgentDetector } from '../../../src/detect/config/workflow-agents.js';
import { mcpAgentConfigDetector } from '../../../src/detect/config/mcp-config.js';
import { githubWorkflowDetector } from '../../../src/detect/infra/github-workflow.js';
import type { Findings } from '../../../src/detect/types.js';

const PATH = '.github/workflows/agent.yml';
const detect = async (text: string) => (await workflowAgentDetector.detect({ path: PATH, text, blobId: 'x' })) as Findings;
const tools = (f: Findings) => f.components.filter((c) => c.kind === 'tool').map((c) => ({ name: c.name, caps: c.capabilities, attrs: c.attributes }));

const workflow = (step: string, perms = 'permissions:\n  contents: read\n', extraSteps = '') => `on:
  issue_comment:
${perms}jobs:
  bot:
    runs-on: ubuntu-latest
    steps:
${extraSteps}${step}`;

const claude = (withBlock: string) => `      - uses: anthropics/claude-code-action@v1
        with:
          github_token: \${{ github.token }}
${withBlock}`;

describe('what a CI agent may do, as its inputs say', () => {
  it('takes denied tools as denied, not granted', async () => {
    expect(tools(await detect(workflow(claude('          claude_args: --disallowedTools Bash --model claude-sonnet-4-5\n'))))).toEqual([]);
    expect(tools(await detect(workflow(claude(`          settings: '{"permissions": {"deny": ["Bash"]}}'\n`))))).toEqual([]);
    const gemini = `      - uses: google-github-actions/run-gemini-cli@v0
        with:
          settings: '{"excludeTools": ["run_shell_command"]}'
`;
    expect(tools(await detect(workflow(gemini)))).toEqual([]);
  });

  it('reads allow-lists from each place Claude Code takes them, and knows when permissions are skipped', async () => {
    const listed = tools(await detect(workflow(claude(`          claude_args: |\n            --allowedTools "Bash(gh pr diff:*)" "Bash(gh pr view:*)" Read\n`))));
    expect(listed).toEqual([{ name: 'bot.claude-code.shell', caps: ['shell'], attrs: { allowList: true, sandboxed: false } }]);
    const open = tools(await detect(workflow(claude(`          settings: '{"permissions": {"allow": ["Bash", "Read"]}}'\n`))));
    expect(open).toEqual([{ name: 'bot.claude-code.shell', caps: ['shell'], attrs: { allowList: false, sandboxed: false } }]);
    const bypass = tools(await detect(workflow(claude('          claude_args: --permission-mode bypassPermissions\n'))));
    expect(bypass).toEqual([{ name: 'bot.claude-code.shell', caps: ['shell'], attrs: { allowList: false, sandboxed: false } }]);
    const star = tools(await detect(workflow(claude('          allowed_tools: "Bash(*),Edit"\n'))));
    expect(star[0]!.attrs).toEqual({ allowList: false, sandboxed: false });
  });

  it('takes a job without a permissions block as holding the default token, and says so', async () => {
    const f = await detect(workflow(claude(''), ''));
    expect(tools(f)).toEqual([{ name: 'bot.claude-code.github', caps: ['file-write', 'git', 'messaging'], attrs: { tokenPermissions: 'undeclared' } }]);
  });

  it('names the agent by its step id or its action, so unrelated steps and step names do not rename it', async () => {
    const before = await detect(workflow(claude('')));
    const after = await detect(workflow(claude('').replace('      - uses:', '      - name: Ask Claude\n        uses:'), undefined, '      - uses: actions/checkout@v5\n'));
    expect(after.components.map((c) => c.id)).toEqual(before.components.map((c) => c.id));
    const two = await detect(workflow(`${claude('')}${claude('          claude_args: --allowedTools Bash\n')}`));
    expect(two.components.filter((c) => c.kind === 'agent').map((c) => c.name)).toEqual(['bot.claude-code', 'bot.claude-code.2']);
  });

  it('takes actions/ai-inference as answering only, unless Copilot is granted tools', async () => {
    const inference = (ref: string, withBlock: string) => `      - id: ai\n        uses: actions/ai-inference@${ref}\n        with:\n          prompt: \${{ github.event.comment.body }}\n${withBlock}`;
    const writable = 'permissions:\n  contents: write\n  issues: write\n';
    const plain = await detect(workflow(inference('v1', ''), writable));
    expect(tools(plain)).toEqual([]);
    expect(plain.components.filter((c) => c.kind === 'model').map((c) => c.name)).toEqual(['github-models/openai/gpt-4o']);
    // Copilot (v3) with a listed shell and file writes reaches the checkout's token too.
    const granted = await detect(workflow(inference('v3', '          copilot-allow-tools: "shell(git:*), write"\n'), writable));
    expect(tools(granted)).toEqual([
      { name: 'bot.ai.github', caps: ['file-write', 'git', 'messaging'], attrs: undefined },
      { name: 'bot.ai.shell', caps: ['shell'], attrs: { allowList: true, sandboxed: false } },
      { name: 'bot.ai.write', caps: ['file-write'], attrs: undefined },
    ]);
    expect(granted.components.filter((c) => c.kind === 'model').map((c) => c.name)).toEqual(['github-copilot/gpt-4.1']);
    // v2's default provider, GitHub Models, ignores the Copilot grants; a bare shell grant is no allow-list.
    expect(tools(await detect(workflow(inference('v2.1.1', '          copilot-allow-tools: shell\n'), writable)))).toEqual([]);
    const copilot = await detect(workflow(inference('v2', '          provider: copilot\n          copilot-allow-tools: shell\n'), writable));
    expect(tools(copilot).find((t) => t.name === 'bot.ai.shell')!.attrs).toEqual({ allowList: false, sandboxed: false });
    // A commit ref or a provider from an expression may run either provider: the grants of both count.
    const sha = 'a'.repeat(40);
    for (const [ref, extra] of [[sha, ''], ['v2', '          provider: \${{ vars.AI_PROVIDER }}\n']] as const) {
      const either = await detect(workflow(inference(ref, `${extra}          copilot-allow-tools: shell\n          enable-github-mcp: true\n`), writable));
      expect(tools(either).map((t) => t.name)).toEqual(['bot.ai.github', 'bot.ai.shell']);
      expect(either.components.filter((c) => c.kind === 'mcp-server')).toHaveLength(1);
    }
    // GitHub's MCP server, read-only: its issues are anyone's text.
    const mcp = await detect(workflow(inference('v1', '          enable-github-mcp: true\n')));
    const server = mcp.components.find((c) => c.kind === 'mcp-server')!;
    expect(server.attributes).toMatchObject({ url: 'https://api.githubcopilot.com/mcp/', readOnly: true, remote: true });
    expect(mcp.edges.filter((e) => e.kind === 'connects-mcp').map((e) => e.to)).toEqual([server.id]);
  });

  it('takes an agent output written into a later run script as shell code, and one passed through env as not', async () => {
    const step = `      - id: review\n        uses: actions/ai-inference@v1\n        with:\n          prompt: Review this\n`;
    const inRun = await detect(workflow(`${step}      - run: gh issue comment 1 --body "\${{ steps.review.outputs.response }}"\n`));
    expect(tools(inRun)).toEqual([{ name: 'bot.review.output-in-run', caps: ['shell'], attrs: { allowList: false, sandboxed: false } }]);
    expect(inRun.components.find((c) => c.name === 'bot.review.output-in-run')!.evidence[0]!.line).toBe(13);
    const viaEnv = await detect(workflow(`${step}      - env:\n          BODY: \${{ steps.review.outputs.response }}\n        run: gh issue comment 1 --body "$BODY"\n`));
    expect(tools(viaEnv)).toEqual([]);
    // A path the action wrote is no model text (the action's README reads its answer so).
    const file = await detect(workflow(`${step}      - run: gh issue comment 1 --body-file "\${{ steps.review.outputs.response-file }}"\n`));
    expect(tools(file)).toEqual([]);
    // Inside a larger expression, and in github-script's script.
    const formatted = await detect(workflow(`${step}      - run: echo "\${{ format('label {0}', steps.review.outputs.response) }}"\n`));
    expect(tools(formatted).map((t) => t.name)).toEqual(['bot.review.output-in-run']);
    const script = await detect(workflow(`${step}      - uses: actions/github-script@v7\n        with:\n          script: |\n            core.info(\`\${{ steps.review.outputs.response }}\`)\n`));
    expect(script.components.find((c) => c.name === 'bot.review.output-in-run')?.evidence[0]!.line).toBe(15);
    // Through the job's outputs into a script of a job that needs it; a path output does not count.
    const jobs = (reply: string) => `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    outputs:
      answer: \${{ steps.ai.outputs.response }}
      file: \${{ steps.ai.outputs.response-file }}
    steps:
      - id: ai
        uses: actions/ai-inference@v1
  reply:
    needs: triage
    runs-on: ubuntu-latest
    steps:
      - run: gh issue comment 1 --body "\${{ needs.triage.outputs.${reply} }}"
`;
    const crossed = await detect(jobs('answer'));
    expect(tools(crossed).map((t) => t.name)).toEqual(['triage.ai.output-in-run']);
    expect(crossed.components.find((c) => c.name === 'triage.ai.output-in-run')!.evidence[0]!.line).toBe(15);
    expect(tools(await detect(jobs('file')))).toEqual([]);
  });

  it("credits an author_association check only when it lets in no one but people with write access, on the event's actor", async () => {
    const gated = (cond: string, on = 'issue_comment') =>
      `on: ${on}\njobs:\n  bot:\n    if: \${{ ${cond} }}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n`;
    const trusted = async (cond: string, on?: string) => (await detect(gated(cond, on))).components.find((c) => c.kind === 'agent')!.attributes?.trustedTrigger === true;
    expect(await trusted("github.event.comment.author_association == 'MEMBER'")).toBe(true);
    expect(await trusted(`contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)`)).toBe(true);
    // A check on an object the event lacks skips the job for it.
    expect(await trusted("github.event.comment.author_association == 'OWNER'", '[issue_comment, issues]')).toBe(true);
    expect(await trusted("github.event.comment.author_association != 'MEMBER'")).toBe(false);
    expect(await trusted(`!contains(fromJSON('["OWNER", "MEMBER"]'), github.event.comment.author_association)`)).toBe(false);
    expect(await trusted(`contains(fromJSON('["MEMBER", "NONE"]'), github.event.comment.author_association)`)).toBe(false);
    // On a comment, the issue's author is not who starts the job: anyone may comment on a member's issue.
    expect(await trusted("github.event.issue.author_association == 'MEMBER'")).toBe(false);
    expect(await trusted("github.event.issue.author_association == 'MEMBER'", 'issues')).toBe(true);
    // A reusable workflow checks the event its caller hands it.
    expect(await trusted("github.event.comment.author_association == 'MEMBER'", 'workflow_call')).toBe(true);
    expect(await trusted("github.event.comment.author_association != 'MEMBER'", 'workflow_call')).toBe(false);
  });

  it('stays linear on hostile event-text lookalikes', async () => {
    const prompt = '${{ github.event.commits['.repeat(20000);
    const f = await detect(workflow(claude(`          prompt: "${prompt}"\n`)));
    expect(f.components.some((c) => c.kind === 'agent')).toBe(true);
    const wf = await githubWorkflowDetector.detect({ path: PATH, text: `on: issue_comment\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo "${'${{ '.repeat(50000)}"\n`, blobId: 'y' });
    expect(wf.components).toHaveLength(1);
  });
});

describe('mcp-agent config', () => {
  it('reads servers named like Object.prototype members', async () => {
    const text = 'mcp:\n  servers:\n    constructor:\n      command: uvx\n      args: [a]\n    __proto__:\n      command: uvx\n      args: [b]\n    evil:\n      url: https://evil.example/mcp\n';
    const f = await mcpAgentConfigDetector.detect({ path: 'mcp_agent.config.yaml', text, blobId: 'z' });
    expect(f.diagnostics).toEqual([]);
    expect(f.components.filter((c) => c.kind === 'mcp-server').map((c) => c.name).sort()).toEqual(['__proto__: uvx b', 'constructor: uvx a', 'https://evil.example/mcp']);
    expect(Object.keys(f.facts.namedServers as object).sort()).toEqual(['__proto__', 'constructor', 'evil']);
  });
});
