import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/run.js';
import { STEP_SITES } from '../../src/threats/step-evidence.js';
import { TempRepo } from '../helpers/git-repo.js';

// Twelve services that each build an agent on the same model with their own shell tool, in their own image: one
// model component with a site in every service, and a chain per service through it.
const SERVICES = 12;
const agent = (i: number) => `from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent
from langchain_community.document_loaders import WebBaseLoader
from langchain_chroma import Chroma
from langchain_core.tools import tool
import subprocess

docs = WebBaseLoader(["https://example.com/${i}"]).load()
store = Chroma.from_documents(docs, None)


@tool
def run_${i}(cmd: str) -> str:
    """Run a command."""
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout


agent_${i} = create_react_agent(ChatOpenAI(model="gpt-4o"), tools=[run_${i}])
`;

const repo = new TempRepo();
afterAll(() => repo.cleanup());
const files: Record<string, string> = {};
for (let i = 0; i < SERVICES; i++) {
  const dir = `services/svc-${String(i).padStart(2, '0')}`;
  files[`${dir}/agent.py`] = agent(i);
  files[`${dir}/Dockerfile`] = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "agent.py"]\n';
}
repo.write(files).commit('services');

describe('a chain through a component shared by many services', () => {
  it('cites the shared component where this chain runs, while the component keeps every site', async () => {
    const { report } = await runScan({ path: repo.dir, rev: 'HEAD', pool: { workers: 0 } });
    const model = report.components.find((c) => c.id === 'model:openai/gpt-4o')!;
    expect(new Set(model.evidence.map((e) => e.path)).size).toBe(SERVICES);
    expect(SERVICES).toBeGreaterThan(STEP_SITES);

    const through = report.chains.filter((c) => c.steps.some((s) => s.componentId === model.id));
    expect(through.length).toBeGreaterThanOrEqual(SERVICES);
    for (const chain of through) {
      // The chain's own service: the folder of its tool step.
      const tool = chain.steps.find((s) => s.componentId.startsWith('tool:'))!;
      const service = tool.componentId.slice('tool:'.length).split('/').slice(0, 2).join('/') + '/';
      const step = chain.steps.find((s) => s.componentId === model.id)!;
      expect(step.evidence.length, chain.fingerprint).toBeGreaterThan(0);
      expect(step.evidence.length).toBeLessThanOrEqual(STEP_SITES + 2);
      for (const e of step.evidence) expect(e.path.startsWith(service), `${chain.fingerprint}: ${e.path} outside ${service}`).toBe(true);
      for (const b of chain.breakers.filter((x) => x.componentId === model.id)) expect(b.where?.path.startsWith(service)).toBe(true);
    }
  });
});
