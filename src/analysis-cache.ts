import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEntry, touch, writeEntry } from './cache-files.js';
import { isFindings } from './detect/cache.js';
import type { Detected, DetectStats } from './detect/run.js';
import type { Diagnostic, Model } from './model/types.js';
import type { ChainFinding, FixItem, ThreatFinding } from './threats/types.js';

/** What a finished analysis of one commit leaves, without its (live) source. */
export interface StoredAnalysis {
  model: Model;
  threats: ThreatFinding[];
  chains: ChainFinding[];
  fixes: FixItem[];
  diagnostics: Diagnostic[];
  manifest: { found: boolean; errors: string[] };
  repoPolicyText?: string;
  stats: DetectStats;
  /** Per-file findings, so the next commit's analysis looks only at the files that changed. */
  detected?: Detected;
  /** The day the analysis judged expiries for, and the expiry dates of the acceptances it judged (`servesDate`). */
  dated: { today: string; expiries: string[] };
}

/**
 * Whether an analysis made on another day stands as it is today. The date enters an analysis only where an
 * acceptance's expiry is compared with it (`decide` in threats/decisions.ts), so it stands unless one of those
 * dates lies between the two days; otherwise only its detection does (the caller re-evaluates).
 */
export function servesDate(a: StoredAnalysis, today: string): boolean {
  return a.dated.expiries.every((e) => e >= a.dated.today === e >= today);
}

/** Analyses kept; the oldest (by last use) go first. A PR needs its base, which the last runs on main left. */
const KEEP = 8;
const PREFIX = 'analysis-';

/**
 * Whole analyses of commits, in the `--cache` directory beside the per-blob findings. A commit's tree never
 * changes, so an analysis keyed by the commit and by every other input (the scanned folder, an explicit manifest's
 * text, the size cap) can be reused as it is, on any day that judges its acceptances' expiries alike
 * (`servesDate`): a PR's base was analysed when its commit was scanned on the default branch, and a diff then costs
 * one read for the base. The working tree is never stored (it has no id). A missing, unreadable or malformed entry
 * is no entry.
 */
export class AnalysisCache {
  constructor(private readonly dir: string | undefined) {}

  key(parts: Record<string, string | number | undefined>): string {
    return createHash('sha256').update(JSON.stringify(parts, Object.keys(parts).sort())).digest('hex').slice(0, 32);
  }

  /** Whether an entry is stored under the key (it may still turn out unreadable), without reading it. */
  has(key: string): boolean {
    return !!this.dir && existsSync(path.join(this.dir, `${PREFIX}${key}.json`));
  }

  get(key: string): StoredAnalysis | undefined {
    if (!this.dir) return undefined;
    const file = path.join(this.dir, `${PREFIX}${key}.json`);
    try {
      const bytes = readEntry(file);
      if (!bytes) return undefined;
      const data = JSON.parse(bytes.toString('utf8')) as { key?: string; analysis?: StoredAnalysis };
      if (data.key !== key || !wellFormed(data.analysis)) return undefined;
      touch(file);
      return data.analysis;
    } catch {
      return undefined;
    }
  }

  set(key: string, analysis: StoredAnalysis): void {
    if (!this.dir) return;
    let text: string;
    try {
      text = JSON.stringify({ key, analysis });
    } catch {
      return; // beyond what one string can hold: not worth keeping
    }
    writeEntry(path.join(this.dir, `${PREFIX}${key}.json`), text, { match: (f) => f.startsWith(PREFIX) && f.endsWith('.json'), keep: KEEP });
  }
}

function wellFormed(a: StoredAnalysis | undefined): a is StoredAnalysis {
  return (
    !!a &&
    typeof a === 'object' &&
    !!a.model &&
    Array.isArray(a.model.components) &&
    Array.isArray(a.model.edges) &&
    Array.isArray(a.model.frameworks) &&
    Array.isArray(a.model.diagnostics) &&
    Array.isArray(a.threats) &&
    Array.isArray(a.chains) &&
    Array.isArray(a.fixes) &&
    Array.isArray(a.diagnostics) &&
    !!a.manifest &&
    typeof a.manifest.found === 'boolean' &&
    Array.isArray(a.manifest.errors) &&
    !!a.stats &&
    typeof a.stats === 'object' &&
    !!a.dated &&
    typeof a.dated.today === 'string' &&
    Array.isArray(a.dated.expiries) &&
    a.dated.expiries.every((e) => typeof e === 'string') &&
    (a.detected === undefined ||
      (Array.isArray(a.detected.files) &&
        Array.isArray(a.detected.readDiagnostics) &&
        a.detected.files.every((f) => typeof f?.path === 'string' && typeof f.blobId === 'string' && typeof f.detectorId === 'string' && isFindings(f.findings))))
  );
}
