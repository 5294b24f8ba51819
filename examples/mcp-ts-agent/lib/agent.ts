import { anthropic } from '@ai-sdk/anthropic';
import { generateText } from 'ai';
import { Langfuse } from 'langfuse';
import { readPage, saveNote } from './tools';

const langfuse = new Langfuse();

export async function research(question: string) {
  const trace = langfuse.trace({ name: 'research', input: question });
  const result = await generateText({
    model: anthropic('claude-sonnet-4-5'),
    system: 'You are a research assistant. Use the tools to find and save facts.',
    prompt: question,
    tools: { saveNote, readPage },
    maxSteps: 8,
  });
  trace.update({ output: result.text });
  return result.text;
}
