import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';
import { assertValidReport } from '../helpers/report-schema.js';
import type { Report } from '../../src/report/types.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const RAG = `from langchain.tools.retriever import create_retriever_tool
from langchain_chroma import Chroma
from langchain_community.document_loaders import WebBaseLoader
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langgraph.prebuilt import create_react_agent

docs = WebBaseLoader(["https://forum.example.com/latest"]).load()
store = Chroma.from_documents(docs, OpenAIEmbeddings())
search = create_retriever_tool(store.as_retriever(), "search", "Search the forum.")
`;

const SHELL_TOOL = `import subprocess

from langchain_core.tools import tool


@tool
def run_command(cmd: str) -> str:
    """Run a shell command."""
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
`;

function agentFile(tools: string, extra = ''): string {
  return `${RAG}from app.tools import run_command\n\nagent = create_react_agent(ChatOpenAI(model="gpt-4o"), tools=[${tools}]${extra})\n`;
}

function baseRepo(): TempRepo {
  const r = new TempRepo();
  repos.push(r);
  r.write({ 'app/agent.py': `${RAG}\nagent = create_react_agent(ChatOpenAI(model="gpt-4o"), tools=[search])\n`, 'README.md': '# demo\n' });
  r.commit('base: a RAG agent without side-effect tools');
  return r;
}

async function diff(r: TempRepo, ...extra: string[]): Promise<{ code: number; report: Report }> {
  const res = await cli('diff', r.dir, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', ...extra);
  expect(res.stderr).toBe('');
  const report = JSON.parse(res.stdout);
  assertValidReport(report);
  return { code: res.code, report };
}

describe('diff gate end to end', () => {
  it('adding a shell tool to a RAG agent fails the gate with one new chain', async () => {
    const r = baseRepo();
    r.write({ 'app/tools.py': SHELL_TOOL, 'app/agent.py': agentFile('search, run_command') }).commit('add a shell tool');
    const { code, report } = await diff(r);
    expect(code).toBe(1);
    const newChains = report.chains.filter((c) => report.diff!.new.chains.includes(c.fingerprint));
    expect(newChains).toHaveLength(1);
    expect(newChains[0].templateId).toBe('rag-injection-side-effect');
    expect(report.gate.reasons.map((r) => r.code)).toEqual(['new-chain']);
    const shell = newChains.find((c) => c.steps.some((s) => s.componentId.includes('run_command')))!;
    expect(shell.status).toBe('open');
    expect(shell.steps.every((s) => s.evidence.length > 0)).toBe(true);
  });

  it('the same change with a human approval step passes with the chain mitigated', async () => {
    const r = baseRepo();
    r.write({ 'app/tools.py': SHELL_TOOL, 'app/agent.py': agentFile('search, run_command', ', interrupt_before=["tools"]') }).commit('add an approved shell tool');
    const { code, report } = await diff(r);
    expect(code).toBe(0);
    const shell = report.chains.filter((c) => c.steps.some((s) => s.componentId.includes('run_command')));
    expect(shell.length).toBeGreaterThanOrEqual(1);
    expect(shell.every((c) => c.status === 'mitigated')).toBe(true);
  });

  it('a README-only commit passes with an empty diff', async () => {
    const r = baseRepo();
    r.write({ 'README.md': '# demo\n\nMore words.\n' }).commit('docs');
    const { code, report } = await diff(r);
    expect(code).toBe(0);
    expect(report.diff).toMatchObject({ new: { threats: [], chains: [] }, resolved: { threats: [], chains: [] }, changed: [] });
  });

  it('renaming the file that holds an agent yields no new chain', async () => {
    const r = baseRepo();
    r.write({ 'app/tools.py': SHELL_TOOL, 'app/agent.py': agentFile('search, run_command') }).commit('shell tool');
    r.git('mv', 'app/agent.py', 'app/support_agent.py');
    r.commit('rename');
    const { report } = await diff(r);
    expect(report.diff!.new.chains).toEqual([]);
    expect(report.diff!.resolved.chains).toEqual([]);
  });

  it('deleting the evidence of a declared mitigation fails the gate', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({ 'app/tools.py': SHELL_TOOL, 'app/agent.py': agentFile('search, run_command'), 'sandbox/policy.json': '{"allow": ["ls"]}\n' });
    r.commit('agent');
    const head = await cli('scan', r.dir, '--format', 'json');
    const chain = (JSON.parse(head.stdout) as Report).chains.find((c) => c.status === 'open')!;
    r.write({
      'maestro.yaml': `version: 1\nmitigations:\n  - control: ${chain.breakers[0].controlId}\n    covers:\n      chains: [${chain.templateId}]\n    evidence:\n      paths: [sandbox/policy.json]\n`,
    }).commit('declare the mitigation');
    expect((await cli('diff', r.dir, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json')).code).toBe(0);
    r.remove('sandbox/policy.json').commit('drop the sandbox policy');
    const { code, report } = await diff(r);
    expect(code).toBe(1);
    expect(report.gate.reasons.map((x) => x.code)).toContain('mitigation-lost');
    // The same diff against a base read back from --cache, which a diff compares by the summary of its findings.
    const cache = mkdtempSync(path.join(tmpdir(), 'maestro-gate-e2e-'));
    try {
      await cli('scan', r.dir, '--rev', 'HEAD~1', '--cache', cache, '--format', 'json');
      const warm = await diff(r, '--cache', cache);
      expect(warm.report.diff!.changed.some((c) => c.changes.includes('mitigation-lost'))).toBe(true);
      expect(warm).toEqual({ code, report });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
