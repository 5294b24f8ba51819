import { PY_AGENT, TS_AGENT } from './agent-snippets.js';
import type { HostileCase } from './types.js';

// Thousands of files in one directory, and a directory tree deeper than any real project.

export function manyFilesCases(count = 3000): HostileCase[] {
  const flat: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = `hostile/many/flat/m${String(i).padStart(5, '0')}`;
    // Every hundredth file has agent code; the rest are cheap and must be cheap to skip.
    if (i % 100 === 0) flat[`${name}.ts`] = TS_AGENT.replace('answer', `answer${i}`);
    else if (i % 100 === 50) flat[`${name}.py`] = PY_AGENT;
    else flat[`${name}.${i % 2 ? 'py' : 'ts'}`] = `export const v${i} = ${i};\n`;
  }
  const deep: Record<string, string> = {};
  const dir = Array.from({ length: 150 }, (_, i) => `d${i}`).join('/');
  deep[`hostile/many/deep/${dir}/agent.ts`] = TS_AGENT;
  deep[`hostile/many/deep/${dir}/compose.yaml`] = 'services:\n  app:\n    image: agent:1\n';
  return [
    { category: 'many-files', name: `flat-${count}`, files: flat },
    { category: 'many-files', name: 'deep-150', files: deep },
  ];
}
