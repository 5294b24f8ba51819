import { OUTSIDE_MARKER } from './links.js';
import type { HostileCase } from './types.js';

// A manifest is repository text too: paths in it that leave the repository must be rejected, never read.

const ESCAPES = [
  '../../etc/passwd',
  '/etc/passwd',
  'docs/../../../../etc/passwd',
  './../etc/passwd',
  '..\\..\\windows\\win.ini',
  'C:\\Windows\\win.ini',
  '~/.ssh/id_rsa',
  'file:///etc/passwd',
  '/proc/self/environ:1',
  'docs/..',
  '%2e%2e/%2e%2e/etc/passwd',
];

export function manifestPathCases(): HostileCase[] {
  return ESCAPES.map((p, i) => ({
    category: 'manifest-paths',
    name: `manifest-path-${i}`,
    manifest: true,
    files: {
      'maestro.yaml': [
        'version: 1',
        'system:',
        '  name: hostile',
        'mitigations:',
        '  - control: input-validation',
        '    covers:',
        '      threats: [prompt-injection]',
        '    evidence:',
        `      paths: [${JSON.stringify(p)}]`,
        'components:',
        '  - id: "agent:outside"',
        '    kind: agent',
        '    name: outside',
        `    evidence: [${JSON.stringify(p)}]`,
        '',
      ].join('\n'),
    },
    expect: [{ path: 'maestro.yaml', codes: ['manifest-error'] }],
    neverInOutput: [OUTSIDE_MARKER, 'PRIVATE KEY', '[fonts]'],
  }));
}

export { ESCAPES as MANIFEST_ESCAPES };
