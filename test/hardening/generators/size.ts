import { PY_AGENT, TS_AGENT } from './agent-snippets.js';
import type { HostileCase } from './types.js';

// Extremely long lines just under the 1 MiB size cap, and files over it. Under the cap a file is parsed and
// must finish within the per-file budget; over it the file is skipped with a diagnostic, never read.

const KB = 1024;
const CAP = 1024 * KB;

export function sizeCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const n = 900 * KB;
  // One statement on one 900 KB line, then real agent code that must still be found.
  out.push({ category: 'size', name: 'long-line-py-string', files: { 'hostile/size/long-string.py': `s = "${'a'.repeat(n)}"\n${PY_AGENT}` } });
  out.push({ category: 'size', name: 'long-line-py-list', files: { 'hostile/size/long-list.py': `xs = [${'1,'.repeat(n / 2)}]\n${PY_AGENT}` } });
  out.push({ category: 'size', name: 'long-line-py-semicolons', files: { 'hostile/size/semicolons.py': `${'x=1;'.repeat(n / 4)}\n${PY_AGENT}` } });
  out.push({ category: 'size', name: 'long-line-ts-string', files: { 'hostile/size/long-string.ts': `const s = "${'a'.repeat(n)}";\n${TS_AGENT}` } });
  out.push({ category: 'size', name: 'long-line-ts-minified', files: { 'hostile/size/bundle.min.js': `var a=0;${'a=a+1;'.repeat(n / 6)}` } });
  out.push({ category: 'size', name: 'long-line-ts-calls', files: { 'hostile/size/chain.ts': `const x = y${'.f()'.repeat(n / 8)};\n${TS_AGENT}` } });
  // Deep nesting on one line: recursive descent parsers overflow the stack.
  out.push({ category: 'size', name: 'deep-parens-py', files: { 'hostile/size/parens.py': `x = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n${PY_AGENT}` } });
  out.push({ category: 'size', name: 'deep-parens-ts', files: { 'hostile/size/parens.ts': `const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n${TS_AGENT}` } });
  out.push({ category: 'size', name: 'deep-arrays-json', files: { 'hostile/size/.mcp.json': `{"mcpServers": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` } });
  out.push({ category: 'size', name: 'long-line-yaml', files: { 'hostile/size/long/compose.yaml': `services:\n  app:\n    image: "${'a'.repeat(n)}"\n` } });
  out.push({ category: 'size', name: 'long-line-dockerfile', files: { 'hostile/size/long/Dockerfile': `FROM python:3.12\nRUN ${'echo a && '.repeat(n / 10)}true\n` } });
  // Many short lines up to the cap.
  out.push({ category: 'size', name: 'many-lines-py', files: { 'hostile/size/many-lines.py': `${'x = 1\n'.repeat(n / 6)}${PY_AGENT}` } });
  // Over the cap: skipped by size, named in a diagnostic.
  out.push({ category: 'size', name: 'over-cap-py', files: { 'hostile/size/huge.py': `${PY_AGENT}# ${'x'.repeat(CAP)}\n` }, expect: [{ path: 'hostile/size/huge.py', codes: ['skipped-size'] }] });
  out.push({ category: 'size', name: 'over-cap-ts', files: { 'hostile/size/huge.ts': `${TS_AGENT}// ${'x'.repeat(3 * CAP)}\n` }, expect: [{ path: 'hostile/size/huge.ts', codes: ['skipped-size'] }] });
  out.push({ category: 'size', name: 'cap-plus-one', files: { 'hostile/size/cap-plus-one.py': 'x'.repeat(CAP + 1) }, expect: [{ path: 'hostile/size/cap-plus-one.py', codes: ['skipped-size'] }] });
  out.push({ category: 'size', name: 'exactly-cap', files: { 'hostile/size/exactly-cap.py': `# ${'x'.repeat(CAP - 3)}\n` } });
  return out;
}
