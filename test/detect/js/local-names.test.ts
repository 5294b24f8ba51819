import { expect, it } from 'vitest';
import { detectors } from '../../../src/detect/registry.js';
import { gitBlobId } from '../../../src/source/limits.js';

const js = detectors.find((d) => d.id === 'js-agent-stack')!;
const idsOf = async (text: string, kind: string) =>
  (await js.detect({ path: 'src/app.ts', text, blobId: gitBlobId(Buffer.from(text)) })).components
    .filter((c) => c.kind === kind)
    .map((c) => c.id)
    .sort();

const HEAD = [
  "import { Agent, run, tool } from '@openai/agents';",
  "import { z } from 'zod';",
  "import { execSync } from 'node:child_process';",
  "const shell = tool({ name: 'shell', description: 'run', parameters: z.object({ cmd: z.string() }), execute: async ({ cmd }) => execSync(cmd).toString() });",
];

it('keeps agents declared under the same name in different functions apart, each with its own tools', async () => {
  const text = [
    ...HEAD,
    "const agent = new Agent({ name: 'Top' });",
    "export async function a() { const agent = new Agent({ name: 'A', tools: [shell] }); return run(agent, 'x'); }",
    "export async function b() { const agent = new Agent({ name: 'B' }); return run(agent, 'y'); }",
    '',
  ].join('\n');
  expect(await idsOf(text, 'agent')).toEqual(['agent:src/app.ts#a.agent', 'agent:src/app.ts#agent', 'agent:src/app.ts#b.agent']);
  const found = await js.detect({ path: 'src/app.ts', text, blobId: gitBlobId(Buffer.from(text)) });
  const uses = found.edges.filter((e) => e.kind === 'uses-tool').map((e) => `${e.from} -> ${e.to}`);
  expect(uses).toEqual(['agent:src/app.ts#a.agent -> tool:src/app.ts#shell']);
});

it('leaves a name declared in one scope as it was', async () => {
  const text = [...HEAD, "export async function a() { const agent = new Agent({ name: 'A', tools: [shell] }); return run(agent, 'x'); }", ''].join('\n');
  expect(await idsOf(text, 'agent')).toEqual(['agent:src/app.ts#agent']);
});
