import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertValidReport } from '../helpers/report-schema.js';

// The scan must not need the network (it never fetches anything from or for the scanned repository).
// `unshare -n` runs the shipped bundle in a new network namespace with no interfaces up but a down loopback.
const canUnshare = (() => {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('no network', () => {
  it.runIf(canUnshare)('the bundled CLI scans the example with networking unavailable', () => {
    const probe = spawnSync('unshare', ['-n', process.execPath, '-e', "require('net').connect(443, '1.1.1.1').on('error', e => { console.log(e.code); process.exit(0) })"], { encoding: 'utf8', timeout: 10_000 });
    expect(probe.stdout.trim()).toMatch(/ENETUNREACH|EHOSTUNREACH|ECONNREFUSED/);
    const r = spawnSync('unshare', ['-n', process.execPath, 'dist/cli/index.js', 'scan', 'examples/rag-shell-agent', '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, MAESTRO_CODE_CACHE: 'off' },
    });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    assertValidReport(JSON.parse(r.stdout));
  });
});
