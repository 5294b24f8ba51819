import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectors } from '../../src/detect/registry.js';
import { secretDetectors } from '../../src/detect/secrets/index.js';
import type { Detector } from '../../src/detect/types.js';
import type { Component } from '../../src/model/types.js';
import type { Report } from '../../src/report/types.js';
import { runScan, type RunResult } from '../../src/run.js';
import { GOOD_ROOTS, writeCase, writeGoodFiles, type HostileCase } from './generators/index.js';

/** What the scanner runs: the registry, plus the secrets detector until the lead registers it. */
export const DETECTORS: Detector[] = [...detectors, ...secretDetectors.filter((s) => !detectors.some((d) => d.id === s.id))];

export const TODAY = '2026-01-01';

/** A git repository holding the good files and the given cases, committed. */
export function buildRepo(cases: HostileCase[], opts: { good?: boolean; files?: (c: HostileCase) => HostileCase['files'] } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'maestro-hostile-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  if (opts.good !== false) writeGoodFiles(dir);
  for (const c of cases) writeCase(dir, c, opts.files ? opts.files(c) : c.files);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'hostile');
  return dir;
}

export function removeRepo(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function scan(dir: string, rev?: string): Promise<RunResult> {
  return runScan({ path: dir, rev, detectors: DETECTORS, today: TODAY });
}

export function inGood(p: string): boolean {
  return GOOD_ROOTS.some((r) => p.startsWith(r + '/'));
}

/** A component as the verdict sees it, without evidence order. */
export function componentKey(c: Component): string {
  return JSON.stringify({ id: c.id, kind: c.kind, layer: c.layer, name: c.name, framework: c.framework, capabilities: c.capabilities, attributes: c.attributes });
}

/**
 * Every good component, edge and chain of `baseline` is in `report` unchanged (evidence may only grow when a
 * hostile file shows the same fact). Returns the problems found, empty when none.
 */
export function goodFilesUnchanged(baseline: Report, report: Report): string[] {
  const problems: string[] = [];
  const byId = new Map(report.components.map((c) => [c.id, c]));
  for (const b of baseline.components) {
    const c = byId.get(b.id);
    if (!c) {
      problems.push(`component ${b.id} missing`);
      continue;
    }
    if (c.kind !== b.kind || c.layer !== b.layer || c.name !== b.name) problems.push(`component ${b.id} changed`);
    const ev = new Set(c.evidence.map((e) => `${e.path}:${e.line}`));
    for (const e of b.evidence) if (!ev.has(`${e.path}:${e.line}`)) problems.push(`component ${b.id} lost evidence ${e.path}:${e.line}`);
  }
  const edges = new Set(report.edges.map((e) => `${e.from} ${e.kind} ${e.to}`));
  for (const e of baseline.edges) if (!edges.has(`${e.from} ${e.kind} ${e.to}`)) problems.push(`edge ${e.from} ${e.kind} ${e.to} missing`);
  const chains = new Set(report.chains.map((c) => `${c.fingerprint} ${c.status}`));
  for (const c of baseline.chains) if (!chains.has(`${c.fingerprint} ${c.status}`)) problems.push(`chain ${c.templateId} ${c.fingerprint} (${c.status}) missing`);
  const threats = new Set(report.threats.map((t) => `${t.fingerprint} ${t.status}`));
  for (const t of baseline.threats) if (!threats.has(`${t.fingerprint} ${t.status}`)) problems.push(`threat ${t.threatId} ${t.fingerprint} missing`);
  // With nothing new from the hostile files, the verdict is the same.
  const added = report.components.filter((c) => !baseline.components.some((b) => b.id === c.id));
  if (!added.length && report.gate.status !== baseline.gate.status) problems.push(`gate ${baseline.gate.status} -> ${report.gate.status} with no new components`);
  return problems;
}

/** Diagnostics that mean a detector crashed or overran its budget. */
export function crashes(report: Report): string[] {
  return report.diagnostics.filter((d) => d.code === 'detector-error' || d.code === 'timeout').map((d) => `${JSON.stringify(d.path)}: [${d.code}] ${d.message}`);
}
