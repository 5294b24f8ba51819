// Small, real agent code the detectors recognise, to embed in hostile files: a component found in a file
// proves the file was read and parsed despite the hostile parts around it.

export const PY_AGENT = [
  'from langchain_openai import ChatOpenAI',
  'from langchain.agents import create_react_agent',
  '',
  'llm = ChatOpenAI(model="gpt-4o-mini")',
  'agent = create_react_agent(llm, tools=[])',
  '',
].join('\n');

export const TS_AGENT = [
  "import { openai } from '@ai-sdk/openai';",
  "import { generateText } from 'ai';",
  '',
  'export async function answer(q: string) {',
  "  return generateText({ model: openai('gpt-4o-mini'), prompt: q });",
  '}',
  '',
].join('\n');
