import { expect, it } from 'vitest';
import { detectors } from '../../../src/detect/registry.js';
import { gitBlobId } from '../../../src/source/limits.js';

const python = detectors.find((d) => d.id === 'python')!;
const agentsOf = async (text: string) =>
  (await python.detect({ path: 'app.py', text, blobId: gitBlobId(Buffer.from(text)) })).components
    .filter((c) => c.kind === 'agent')
    .map((c) => c.id)
    .sort();

it('keeps agents bound to the same name in different scopes apart, each named by its function', async () => {
  const text = [
    'from langgraph.prebuilt import create_react_agent',
    'agent = create_react_agent("openai:gpt-4o", [])',
    'def shell():',
    '    agent = create_react_agent("openai:gpt-4o", [])',
    'class Bot:',
    '    def search(self):',
    '        agent = create_react_agent("openai:gpt-4o", [])',
    '',
  ].join('\n');
  expect(await agentsOf(text)).toEqual(['agent:app.py#Bot.search.agent', 'agent:app.py#agent', 'agent:app.py#shell.agent']);
});

it('leaves a name bound in one scope only, and an attribute whoever assigns it, as they were', async () => {
  const text = [
    'from langgraph.prebuilt import create_react_agent',
    'def build():',
    '    agent = create_react_agent("openai:gpt-4o", [])',
    'class Bot:',
    '    def __init__(self):',
    '        self.worker = create_react_agent("openai:gpt-4o", [])',
    '    def reset(self):',
    '        self.worker = create_react_agent("openai:gpt-4o", [])',
    '',
  ].join('\n');
  expect(await agentsOf(text)).toEqual(['agent:app.py#agent', 'agent:app.py#worker']);
});
