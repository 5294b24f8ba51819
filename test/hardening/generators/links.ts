import type { HostileCase } from './types.js';

// Symbolic links are never followed: loops, links that leave the repository, links to devices and to
// directories, dangling links, and links under names the detectors want.

export const OUTSIDE_MARKER = 'root:x:0:0';

export function linkCases(): HostileCase[] {
  const d = 'hostile/links';
  const link = (name: string, links: Record<string, string>, paths = Object.keys(links)): HostileCase => ({
    category: 'links',
    name,
    links,
    expect: paths.map((path) => ({ path, codes: ['skipped-link'] })),
    neverInOutput: [OUTSIDE_MARKER],
  });
  return [
    link('loop-pair', { [`${d}/loop-a.py`]: 'loop-b.py', [`${d}/loop-b.py`]: 'loop-a.py' }),
    link('self-loop', { [`${d}/self.ts`]: 'self.ts' }),
    link('dir-loop', { [`${d}/dir-loop`]: '.' }),
    link('parent-dir', { [`${d}/up`]: '../..' }),
    link('etc-passwd-as-python', { [`${d}/settings.py`]: '/etc/passwd' }),
    link('etc-passwd-relative', { [`${d}/compose.yaml`]: '../../../../../../../../../../etc/passwd' }),
    link('etc-dir', { [`${d}/etc`]: '/etc' }),
    link('dev-zero', { [`${d}/zero.ts`]: '/dev/zero' }),
    link('dev-random-dockerfile', { [`${d}/Dockerfile`]: '/dev/urandom' }),
    link('proc-environ', { [`${d}/.env`]: '/proc/self/environ' }),
    link('dangling', { [`${d}/gone.py`]: 'does/not/exist.py' }),
    link('mcp-config-outside', { [`${d}/.mcp.json`]: '/etc/hostname' }),
  ];
}

/** A link at the manifest's own path, pointing outside: it must not be read as the manifest. */
export function manifestLinkCase(): HostileCase {
  return {
    category: 'links',
    name: 'manifest-link',
    manifest: true,
    links: { 'maestro.yaml': '/etc/passwd' },
    expect: [{ path: 'maestro.yaml', codes: ['skipped-link'] }],
    neverInOutput: [OUTSIDE_MARKER],
  };
}
