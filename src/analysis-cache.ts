import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEntry, touch, writeEntry } from './cache-files.js';
import { isFindings } from './detect/cache.js';
import { summarize, type Side } from './diff/compare.js';
import type { Detected, DetectStats, FileFindings } from './detect/run.js';
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
  /** The findings as a diff compares them, when read back from the cache as that alone (part `summary`). */
  summary?: Side;
  /**
   * What the evaluation read besides the catalogs and the date: a hash of the model and the manifest. A later
   * commit with the same (a change that touched no agent code) takes this one's findings as they are.
   */
  evaluationKey?: string;
}

/**
 * Whether an analysis made on another day stands as it is today. The date enters an analysis only where an
 * acceptance's expiry is compared with it (`decide` in threats/decisions.ts), so it stands unless one of those
 * dates lies between the two days; otherwise only its detection does (the caller re-evaluates).
 */
export function servesDate(a: StoredAnalysis, today: string): boolean {
  return a.dated.expiries.every((e) => e >= a.dated.today === e >= today);
}

/**
 * The parts of an analysis a caller reads, each stored apart so that only those are parsed: a diff's base is
 * compared by the summary of its findings and serves its detection to the head, and the head of a re-run is
 * reported without its detection. (Always read: the few fields `servesDate` and the run's counters need.)
 */
export type Part = 'model' | 'findings' | 'summary' | 'detected';

/** Analyses kept; the oldest (by last use) go first. A PR needs its base, which the last runs on main left. */
const KEEP = 8;
const PREFIX = 'analysis-';
const SUFFIX = '.lines';
const FORMAT = 'maestro-gate analysis 2';

/** One JSON text per line (JSON.stringify writes no raw newline), in this order; then one line per detected file. */
const SECTIONS = ['meta', 'model', 'threats', 'chains', 'fixes', 'diagnostics', 'summary', 'readDiagnostics'] as const;
type Section = (typeof SECTIONS)[number];

/** The analysis's fields each part fills. */
const PART_FIELDS: Record<Part, (keyof StoredAnalysis)[]> = {
  model: ['model'],
  findings: ['threats', 'chains', 'fixes', 'diagnostics'],
  summary: ['summary'],
  detected: ['detected'],
};

type Meta = Pick<StoredAnalysis, 'manifest' | 'repoPolicyText' | 'stats' | 'dated' | 'evaluationKey'>;

/**
 * A detected file's line as read, so a later analysis that keeps the file (a PR's head keeps almost all of its
 * base's) writes it back without serialising it again.
 */
const lineOf = new WeakMap<FileFindings, string>();

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
    return !!this.dir && existsSync(this.file(key));
  }

  /**
   * The stored analysis, with the parts asked for parsed and checked now (a malformed one makes the entry no
   * entry); any other part is parsed when first read, and a malformed one then throws naming the file.
   */
  get(key: string, parts: readonly Part[]): StoredAnalysis | undefined {
    if (!this.dir) return undefined;
    const file = this.file(key);
    try {
      const bytes = readEntry(file);
      if (!bytes) return undefined;
      const lines = splitLines(bytes);
      const header = JSON.parse(lines.text(0)) as { format?: unknown; key?: unknown; files?: unknown; detected?: unknown };
      const files = header.files;
      const fits = Number.isSafeInteger(files) && lines.count === 1 + SECTIONS.length + (files as number);
      if (header.format !== FORMAT || header.key !== key || typeof header.detected !== 'boolean' || !fits) return undefined;
      // Each section's text is kept with what it parses to: an analysis that takes these findings as they are (a
      // change to no agent code) is stored again without serialising them again.
      const section = (s: Section): unknown => {
        const text = lines.text(1 + SECTIONS.indexOf(s));
        const value = JSON.parse(text) as unknown;
        if (value && typeof value === 'object') sectionTexts.set(value, text);
        return value;
      };
      const meta = section('meta') as Meta;
      if (!wellFormedMeta(meta)) return undefined;
      const a = { ...meta } as StoredAnalysis;
      const readPart: Record<Part, () => boolean> = {
        model: () => {
          const model = section('model') as Model;
          if (!wellFormedModel(model)) return false;
          a.model = model;
          return true;
        },
        findings: () => {
          const threats = section('threats') as ThreatFinding[];
          const chains = section('chains') as ChainFinding[];
          const fixes = section('fixes') as FixItem[];
          const diagnostics = section('diagnostics') as Diagnostic[];
          if (!Array.isArray(threats) || !Array.isArray(chains) || !Array.isArray(fixes) || !Array.isArray(diagnostics)) return false;
          Object.assign(a, { threats, chains, fixes, diagnostics });
          return true;
        },
        summary: () => {
          const summary = section('summary') as Side;
          if (!wellFormedSummary(summary)) return false;
          a.summary = summary;
          return true;
        },
        detected: () => {
          if (!header.detected) return true;
          const readDiagnostics = section('readDiagnostics') as Diagnostic[];
          const list: FileFindings[] = [];
          for (let k = 0; k < (files as number); k++) {
            const text = lines.text(1 + SECTIONS.length + k);
            const f = JSON.parse(text) as FileFindings;
            if (!wellFormedFile(f)) return false;
            lineOf.set(f, text);
            list.push(f);
          }
          if (!Array.isArray(readDiagnostics)) return false;
          a.detected = { files: list, readDiagnostics };
          return true;
        },
      };
      for (const p of parts) if (!readPart[p]()) return undefined;
      for (const p of Object.keys(readPart) as Part[]) {
        if (parts.includes(p)) continue;
        const fields = PART_FIELDS[p];
        const getters = (get: (field: string) => unknown) => {
          for (const f of fields) Object.defineProperty(a, f, { configurable: true, enumerable: true, get: () => get(f) });
        };
        // Parsed on first read; a damaged part keeps throwing on every read after the first.
        const later = () => {
          for (const f of fields) delete (a as unknown as Record<string, unknown>)[f];
          let ok = false;
          try {
            ok = readPart[p]();
          } catch {
            ok = false;
          }
          if (ok) return;
          const damaged = new Error(`maestro-gate: the stored analysis ${file} is damaged (${fields.join(', ')}); delete it and run again`);
          getters(() => {
            throw damaged;
          });
          throw damaged;
        };
        getters((f) => {
          later();
          return (a as unknown as Record<string, unknown>)[f];
        });
      }
      touch(file);
      return a;
    } catch {
      return undefined;
    }
  }

  set(key: string, analysis: StoredAnalysis): void {
    if (!this.dir) return;
    const files = analysis.detected?.files ?? [];
    const meta: Meta = { manifest: analysis.manifest, repoPolicyText: analysis.repoPolicyText, stats: analysis.stats, dated: analysis.dated, evaluationKey: analysis.evaluationKey };
    const texts: Record<Section, () => string> = {
      meta: () => JSON.stringify(meta),
      model: () => modelText(analysis.model),
      threats: () => sectionText(analysis.threats),
      chains: () => sectionText(analysis.chains),
      fixes: () => sectionText(analysis.fixes),
      diagnostics: () => sectionText(analysis.diagnostics),
      summary: () => JSON.stringify(summarize(analysis)),
      readDiagnostics: () => JSON.stringify(analysis.detected?.readDiagnostics ?? []),
    };
    const out = [JSON.stringify({ format: FORMAT, key, files: files.length, detected: !!analysis.detected }), '\n'];
    try {
      for (const s of SECTIONS) out.push(texts[s](), '\n');
      for (const f of files) out.push(lineOf.get(f) ?? JSON.stringify(f), '\n');
    } catch {
      return; // beyond what one string can hold: not worth keeping
    }
    // Entries of the earlier one-JSON format (`.json`) are pruned with the rest, oldest first.
    writeEntry(this.file(key), out, { match: (f) => f.startsWith(PREFIX) && (f.endsWith(SUFFIX) || f.endsWith('.json')), keep: KEEP });
  }

  private file(key: string): string {
    return path.join(this.dir!, `${PREFIX}${key}${SUFFIX}`);
  }
}

/** The JSON text of a value made (or read back) once: analyses are never changed after they are made. */
const sectionTexts = new WeakMap<object, string>();

function sectionText(value: object): string {
  let text = sectionTexts.get(value);
  if (text === undefined) sectionTexts.set(value, (text = JSON.stringify(value)));
  return text;
}

/** A model's JSON, made once for both the evaluation key and the stored analysis. */
export function modelText(model: Model): string {
  return sectionText(model);
}

/** The file's lines (each ended by a newline, the last too), decoded one by one as asked. */
function splitLines(bytes: Buffer): { count: number; text: (k: number) => string } {
  const ends: number[] = [];
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) ends.push(at);
  if (ends.length === 0 || ends[ends.length - 1] !== bytes.length - 1) return { count: 0, text: () => '' };
  return { count: ends.length, text: (k) => bytes.toString('utf8', k === 0 ? 0 : ends[k - 1]! + 1, ends[k]) };
}

function wellFormedMeta(m: Meta): boolean {
  return (
    !!m &&
    typeof m === 'object' &&
    !!m.manifest &&
    typeof m.manifest.found === 'boolean' &&
    Array.isArray(m.manifest.errors) &&
    (m.repoPolicyText === undefined || typeof m.repoPolicyText === 'string') &&
    (m.evaluationKey === undefined || typeof m.evaluationKey === 'string') &&
    !!m.stats &&
    typeof m.stats === 'object' &&
    !!m.dated &&
    typeof m.dated.today === 'string' &&
    Array.isArray(m.dated.expiries) &&
    m.dated.expiries.every((e) => typeof e === 'string')
  );
}

function wellFormedSummary(s: Side): boolean {
  const ok = (f: Side['threats'][number]) =>
    !!f &&
    typeof f.fingerprint === 'string' &&
    typeof f.status === 'string' &&
    !!f.risk &&
    typeof f.risk.level === 'string' &&
    typeof f.risk.score === 'number' &&
    Array.isArray(f.mitigations) &&
    f.mitigations.every((m) => !!m && typeof m.controlId === 'string');
  return !!s && Array.isArray(s.threats) && Array.isArray(s.chains) && s.threats.every(ok) && s.chains.every(ok);
}

function wellFormedModel(m: Model): boolean {
  return !!m && typeof m === 'object' && Array.isArray(m.components) && Array.isArray(m.edges) && Array.isArray(m.frameworks) && Array.isArray(m.diagnostics);
}

function wellFormedFile(f: FileFindings): boolean {
  return !!f && typeof f === 'object' && typeof f.path === 'string' && typeof f.blobId === 'string' && typeof f.detectorId === 'string' && isFindings(f.findings);
}
