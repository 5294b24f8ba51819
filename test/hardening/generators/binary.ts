import { randomBytes } from './bytes.js';
import type { HostileCase } from './types.js';

// Binary content under source extensions: images, executables, archives, and random bytes with no NUL (which
// git's rule calls text, so the parsers get them as U+FFFD soup).

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const GZIP = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
const ZIP = Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000', 'latin1');

export function binaryCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const withNul: [string, Buffer][] = [
    ['image.py', Buffer.concat([PNG, randomBytes(4096, 1)])],
    ['program.ts', Buffer.concat([ELF, randomBytes(4096, 2)])],
    ['Dockerfile', Buffer.concat([ELF, randomBytes(2048, 3)])],
    ['archive.yaml', Buffer.concat([GZIP, randomBytes(2048, 4)])],
    ['package.json', Buffer.concat([ZIP, randomBytes(2048, 5)])],
    ['main.tf', Buffer.concat([PNG, randomBytes(2048, 6)])],
  ];
  for (const [name, bytes] of withNul) {
    const path = `hostile/binary/nul/${name}`;
    out.push({ category: 'binary', name: `nul-${name}`, files: { [path]: bytes }, expect: [{ path, codes: ['skipped-binary'], wanted: true }] });
  }
  // No NUL byte: not binary by git's rule, but mostly not UTF-8, which makes it binary by ours.
  const noNul = (seed: number, n: number) => Buffer.from(randomBytes(n, seed).map((b) => (b === 0 ? 1 : b)));
  for (const [i, name] of ['agent.py', 'agent.ts', 'app.tsx', 'compose.yaml', '.mcp.json', 'pyproject.toml', 'main.tf', 'Dockerfile', 'requirements.txt', 'k8s.yaml'].entries()) {
    const path = `hostile/binary/soup/${name}`;
    out.push({ category: 'binary', name: `soup-${name}`, files: { [path]: noNul(100 + i, 64 * 1024) }, expect: [{ path, codes: ['skipped-binary'], wanted: true }] });
  }
  return out;
}
