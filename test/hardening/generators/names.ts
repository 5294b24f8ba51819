import { PY_AGENT, TS_AGENT } from './agent-snippets.js';
import type { HostileCase } from './types.js';

// File names are repository-controlled strings that end up in every report: spaces, line breaks, bidi
// overrides, markdown, HTML, Mermaid directives, @mentions, issue references, and bytes that are not UTF-8.

export const HOSTILE_NAMES: string[] = [
  'with space.py',
  'new\nline.py',
  'tab\there.ts',
  'carriage\rreturn.ts',
  'émoji 🤖 agent.py',
  'rtl-\u202egnp.ts',
  'nfd-e\u0301.py',
  'zero\u200bwidth.ts',
  '[click me](javascript:alert(1)).py',
  '<img src=x onerror=alert(1)>.ts',
  '<script>alert(1)<\\script>.py',
  '@octocat please review.py',
  '#123 GH-1 fixes.ts',
  '`code` | pipe | *bold* ~~x~~.ts',
  '-rf --no-preserve-root.py',
  "quote\"and'apostrophe.ts",
  'back\\slash.py',
  'percent%20and%2F.py',
  '%%{init: {"theme":"dark"}}%% click A call x().ts',
  ']]> <!-- --> &amp; &#x41;.ts',
  '$(touch pwned) ;rm x.py',
  '{{cookiecutter.project}}.py',
  `${'a'.repeat(250)}.py`,
  'trailing space .py',
  ':colon:and::double.ts',
];

export function nameCases(): HostileCase[] {
  return HOSTILE_NAMES.map((name, i) => {
    const ext = name.endsWith('.py') ? 'py' : 'ts';
    const path = `hostile/names/${name}`;
    const plain = `hostile/names/plain-${i}.${ext}`;
    const body = ext === 'py' ? PY_AGENT : TS_AGENT;
    return { category: 'names', name: `name-${i}`, files: { [path]: body }, control: { files: { [plain]: body }, rename: { [plain]: path } } };
  });
}

/** Directory names are path segments too. */
export function dirNameCases(): HostileCase[] {
  const path = 'hostile/names/<b>dir</b> @team/#1 [x](y)/agent.ts';
  return [{ category: 'names', name: 'dir-names', files: { [path]: TS_AGENT }, control: { files: { 'hostile/names/plain-dir/agent.ts': TS_AGENT }, rename: { 'hostile/names/plain-dir/agent.ts': path } } }];
}

/** A name that is not valid UTF-8 (Linux allows any byte but `/` and NUL). Written by the test with a Buffer path. */
export const NON_UTF8_NAME = Buffer.concat([Buffer.from('hostile/names/latin1-'), Buffer.from([0xe9, 0xff]), Buffer.from('.py')]);

export function nonUtf8NameCase(): HostileCase {
  // Reported under its decoded name (invalid bytes as U+FFFD) by both sources, never silently dropped.
  const shown = NON_UTF8_NAME.toString('utf8');
  return { category: 'names', name: 'non-utf8-name', rawNames: [{ path: NON_UTF8_NAME, content: PY_AGENT }], expect: [{ path: shown, codes: ['skipped-encoding'] }] };
}
