import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function copyExample(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'init-'));
  dirs.push(d);
  cpSync('examples/rag-shell-agent', d, { recursive: true });
  return d;
}

describe('init and validate', () => {
  it('init writes a starter manifest that validate accepts, and refuses to overwrite it', async () => {
    const d = copyExample();
    const init = await cli('init', d);
    expect(init.code).toBe(0);
    const file = path.join(d, 'maestro.yaml');
    expect(readFileSync(file, 'utf8')).toContain('version: 1');
    const v = await cli('validate', file);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const again = await cli('init', d);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const scan = await cli('scan', d, '--format', 'json');
    expect(JSON.parse(scan.stdout).gate.reasons.map((r: { code: string }) => r.code)).not.toContain('manifest-invalid');
  });

  it('validate reports every error as file:line:col and exits 2; a scan fails the gate on it', async () => {
    const d = copyExample();
    const file = path.join(d, 'maestro.yaml');
    writeFileSync(file, 'version: 1\nsystem:\n  name: demo\n  dataClassification: secret\nmitigations:\n  - control: human-approval\n    covers: { threats: [] }\n    evidence:\n      paths: [does/not/exist.md]\n');
    const v = await cli('validate', file);
    expect(v.code).toBe(2);
    const lines = v.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.startsWith(`${file}:4:`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:9:`) && l.includes('does/not/exist.md'))).toBe(true);
    const scan = await cli('scan', d, '--format', 'json');
    expect(scan.code).toBe(1);
    expect(JSON.parse(scan.stdout).gate.reasons[0].code).toBe('manifest-invalid');
  });
});
