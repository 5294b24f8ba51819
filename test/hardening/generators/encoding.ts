import { PY_AGENT, TS_AGENT } from './agent-snippets.js';
import type { HostileCase } from './types.js';

// Bytes that are not clean UTF-8 text: invalid sequences, NUL bytes, UTF-16, byte-order marks and every
// line-ending convention mixed in one file.

const INVALID_UTF8 = [
  Buffer.from([0xff, 0xfe, 0xfd]), // never valid
  Buffer.from([0xc0, 0xaf]), // overlong '/'
  Buffer.from([0xed, 0xa0, 0x80]), // encoded surrogate
  Buffer.from([0x80, 0x80, 0x80]), // lone continuation bytes
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
  Buffer.from([0xe2, 0x82]), // truncated sequence
];

function withBytes(text: string, at: number, bytes: Buffer): Buffer {
  const t = Buffer.from(text, 'utf8');
  return Buffer.concat([t.subarray(0, at), bytes, t.subarray(at)]);
}

/** The same text with line endings cycling through LF, CRLF and lone CR. */
export function mixedEndings(text: string): string {
  const ends = ['\n', '\r\n', '\r'];
  return text
    .split('\n')
    .map((l, i) => l + ends[i % 3])
    .join('');
}

export function encodingCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const junk = Buffer.concat(INVALID_UTF8);
  const same = (path: string, clean: string | Buffer) => ({ files: { [path]: clean } });
  const pyJunk = `# ${'x'.repeat(10)}\n${PY_AGENT}`;
  const tsJunk = `// comment\n${TS_AGENT}`;
  out.push({ category: 'encoding', name: 'invalid-utf8-py', files: { 'hostile/encoding/invalid.py': withBytes(pyJunk, 4, junk) }, control: same('hostile/encoding/invalid.py', pyJunk) });
  out.push({ category: 'encoding', name: 'invalid-utf8-ts', files: { 'hostile/encoding/invalid.ts': withBytes(tsJunk, 5, junk) }, control: same('hostile/encoding/invalid.ts', tsJunk) });
  out.push({ category: 'encoding', name: 'invalid-utf8-in-string', files: { 'hostile/encoding/in-string.py': Buffer.concat([Buffer.from('name = "'), junk, Buffer.from(`"\n${PY_AGENT}`)]) } });
  out.push({ category: 'encoding', name: 'invalid-utf8-yaml', files: { 'hostile/encoding/compose.yaml': Buffer.concat([Buffer.from('services:\n  app:\n    image: "'), junk, Buffer.from('"\n')]) } });
  out.push({ category: 'encoding', name: 'invalid-utf8-json', files: { 'hostile/encoding/.mcp.json': Buffer.concat([Buffer.from('{"mcpServers": {"'), junk, Buffer.from('": {"command": "npx"}}}\n')]) } });
  // A NUL early is binary by git's rule; a NUL after the first 8000 bytes is text with a NUL character in it.
  out.push({ category: 'encoding', name: 'nul-early', files: { 'hostile/encoding/nul-early.py': withBytes(PY_AGENT, 10, Buffer.from([0])) }, expect: [{ path: 'hostile/encoding/nul-early.py', codes: ['skipped-binary'] }] });
  out.push({ category: 'encoding', name: 'nul-late-py', files: { 'hostile/encoding/nul-late.py': Buffer.concat([Buffer.from(`${'#'.repeat(79)}\n`.repeat(120)), Buffer.from('x = "\0"\n\0\0\0\n'), Buffer.from(PY_AGENT)]) } });
  out.push({ category: 'encoding', name: 'nul-late-ts', files: { 'hostile/encoding/nul-late.ts': Buffer.concat([Buffer.from(`${'/'.repeat(79)}\n`.repeat(120)), Buffer.from('const s = "\0";\n\0\n'), Buffer.from(TS_AGENT)]) } });
  out.push({ category: 'encoding', name: 'nul-late-yaml', files: { 'hostile/encoding/nul/compose.yaml': Buffer.concat([Buffer.from(`${'#'.repeat(79)}\n`.repeat(120)), Buffer.from('services:\n  app:\n    image: "a\0b"\n')]) } });
  // UTF-16 has NUL bytes in every ASCII character: binary to git and to us.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PY_AGENT, 'utf16le')]);
  out.push({ category: 'encoding', name: 'utf16-py', files: { 'hostile/encoding/utf16.py': utf16 }, expect: [{ path: 'hostile/encoding/utf16.py', codes: ['skipped-binary'] }] });
  // Line endings: evidence lines must be the same as with LF.
  const endings = (name: string, path: string, lf: string, hostile: string) =>
    out.push({ category: 'encoding', name, files: { [path]: hostile }, control: same(path, lf) });
  const py = `# a\n# b\n${PY_AGENT}`;
  const ts = `// a\n// b\n${TS_AGENT}`;
  const docker = 'FROM python:3.12\nRUN pip install x \\\n  y\nUSER root\nCMD ["python", "a.py"]\n';
  const compose = 'services:\n  app:\n    image: agent:1\n    ports:\n      - "8080:8080"\n';
  endings('mixed-endings-py', 'hostile/encoding/mixed.py', py, mixedEndings(py));
  endings('mixed-endings-ts', 'hostile/encoding/mixed.ts', ts, mixedEndings(ts));
  endings('cr-only-ts', 'hostile/encoding/cr-only.ts', TS_AGENT, TS_AGENT.replace(/\n/g, '\r'));
  endings('bom-crlf-py', 'hostile/encoding/bom.py', PY_AGENT, '\ufeff' + PY_AGENT.replace(/\n/g, '\r\n'));
  endings('bom-crlf-ts', 'hostile/encoding/bom.ts', TS_AGENT, '\ufeff' + TS_AGENT.replace(/\n/g, '\r\n'));
  endings('mixed-endings-dockerfile', 'hostile/encoding/Dockerfile', docker, mixedEndings(docker));
  endings('mixed-endings-yaml', 'hostile/encoding/mixed/compose.yaml', compose, mixedEndings(compose));
  out.push({ category: 'encoding', name: 'unicode-separators-ts', files: { 'hostile/encoding/separators.ts': `// \u2028 \u2029 \u0085 \u200b\u202e\nconst s = "\u2028";\n${TS_AGENT}` } });
  return out;
}
