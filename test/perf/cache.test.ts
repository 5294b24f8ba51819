import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobCache } from '../../src/detect/cache.js';
import type { Detector, Findings } from '../../src/detect/types.js';
import { emptyFindings } from '../../src/detect/types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const det: Detector = { id: 'd', version: 2, wants: () => true, detect: () => emptyFindings() };
const blob = (i: number) => i.toString(16).padStart(40, '0');
const found = (p: string): Findings => ({ ...emptyFindings(), facts: { seen: p } });
const open = (dir: string) => new BlobCache({ dir, toolVersion: '1', catalogVersion: 'c' });
const pack = (dir: string) => {
  const v = path.join(dir, readdirSync(dir)[0]);
  return readFileSync(path.join(v, readdirSync(v)[0]), 'utf8').split('\n').filter(Boolean);
};

describe('blob cache pack', () => {
  it('a run that only adds appends to the pack unread, keeps it whole, and prefers what it set over the pack', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-cache-'));
    dirs.push(dir);
    const first = open(dir);
    for (let i = 0; i < 50; i++) first.set(det, blob(i), `f${i}.py`, found(`old${i}`));
    first.flush();
    const adder = open(dir);
    adder.set(det, blob(100), 'new.py', found('new'));
    adder.set(det, blob(7), 'f7.py', found('newer'));
    adder.flush();
    expect(pack(dir)).toHaveLength(52);
    // The same instance loads the pack on its first lookup, keeping its own newer entry.
    expect(adder.get(det, blob(7), 'f7.py')).toEqual(found('newer'));
    expect(adder.get(det, blob(8), 'f8.py')).toEqual(found('old8'));
    const later = open(dir);
    expect(later.get(det, blob(100), 'new.py')).toEqual(found('new'));
    expect(later.get(det, blob(7), 'f7.py')).toEqual(found('newer'));
    expect(later.get(det, blob(49), 'f49.py')).toEqual(found('old49'));
  });


  it('round-trips empty and non-empty findings, odd paths included, and appends only what is new', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-cache-'));
    dirs.push(dir);
    const paths = ['a.py', 'dir with space/b.ts', 'tab\there.py', 'new\nline.py', 'ünï.py'];
    const first = open(dir);
    paths.forEach((p, i) => first.set(det, blob(i), p, i % 2 ? found(p) : emptyFindings()));
    first.flush();
    const before = pack(dir);
    expect(before).toHaveLength(5);

    const second = open(dir);
    paths.forEach((p, i) => expect(second.get(det, blob(i), p)).toEqual(i % 2 ? found(p) : emptyFindings()));
    expect(second.get(det, blob(0), 'other.py')).toBeUndefined();
    expect(second.get({ ...det, version: 3 }, blob(0), 'a.py')).toBeUndefined();
    second.set(det, blob(9), 'added.py', found('added.py'));
    second.flush();
    const lines = pack(dir);
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5)).toEqual(before);
    expect(open(dir).get(det, blob(9), 'added.py')).toEqual(found('added.py'));
  });

  it('rewrites a pack that is mostly stale, keeping what the run used first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-cache-'));
    dirs.push(dir);
    const big = open(dir);
    for (let i = 0; i < 30_000; i++) big.set(det, blob(i), `f${i}.py`, emptyFindings());
    big.flush();
    const small = open(dir);
    expect(small.get(det, blob(7), 'f7.py')).toEqual(emptyFindings());
    small.set(det, blob(99_999), 'new.py', emptyFindings());
    small.flush();
    const lines = pack(dir);
    expect(lines).toHaveLength(30_001);
    expect(lines[0]).toContain('f7.py');
    expect(lines[1]).toContain('new.py');
  });
});
