import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

describe('a guardrail defined in another module', () => {
  it('guards the agent that lists it, as one defined beside the agent does', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    const guard = (name: string) => `@input_guardrail\nasync def ${name}(ctx, agent, text):\n    return GuardrailFunctionOutput(output_info=None, tripwire_triggered="ssn" in text)\n`;
    r.write({
      'airline/__init__.py': '',
      'airline/guardrails.py': `from agents import GuardrailFunctionOutput, input_guardrail\n\n\n${guard('relevance')}`,
      'airline/agents.py': `from agents import Agent, GuardrailFunctionOutput, input_guardrail\n\nfrom .guardrails import relevance\n\n\n${guard('jailbreak')}\n\nseats = Agent(name="Seats", instructions="Book seats.", input_guardrails=[relevance, jailbreak])\n`,
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[] };
    expect(report.edges.filter((e) => e.kind === 'guards').map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'guardrail:airline/agents.py#jailbreak -> agent:airline/agents.py#seats',
      'guardrail:airline/guardrails.py#relevance -> agent:airline/agents.py#seats',
    ]);
  });
});
