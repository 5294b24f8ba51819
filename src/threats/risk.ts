import type { RiskLevel } from '../model/types.js';
import type { Risk } from './types.js';

// The 4x4 matrix of the OWASP MAESTRO playbook: likelihood (1 unlikely .. 4 very likely) x severity (1 low ..
// 4 critical). Scores take the values 1,2,3,4,6,8,9,12,16; the bands below split them so that a critical needs
// at least one factor at 4 and the other at 3 or more.
export const RISK_BANDS: readonly { level: RiskLevel; max: number }[] = [
  { level: 'low', max: 3 },
  { level: 'medium', max: 6 },
  { level: 'high', max: 9 },
  { level: 'critical', max: 16 },
];

export function levelOf(score: number): RiskLevel {
  return (RISK_BANDS.find((b) => score <= b.max) ?? RISK_BANDS[RISK_BANDS.length - 1]!).level;
}

export const LEVEL_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

const clamp = (n: number) => Math.max(1, Math.min(4, Math.round(n)));

/** Builds a Risk step by step, recording each step in `derivation` so a renderer can explain the number. */
export class RiskBuilder {
  private readonly steps: { factor: string; value: number | string }[];
  constructor(
    public likelihood: number,
    public severity: number,
    baseNote: { factor: string; value: number | string }[] = [],
  ) {
    this.likelihood = clamp(likelihood);
    this.severity = clamp(severity);
    // Copied and pushed rather than spread: thousands of findings each build one, in code too short-lived for V8
    // to optimise, where a spread walks an iterator.
    this.steps = baseNote.slice();
    this.steps.push({ factor: 'likelihood', value: this.likelihood }, { factor: 'severity', value: this.severity });
  }

  note(factor: string, value: number | string): this {
    this.steps.push({ factor, value });
    return this;
  }

  /** Adds `delta` to likelihood (clamped); records the factor only when it changed something. */
  likelihoodBy(factor: string, delta: number): boolean {
    const next = clamp(this.likelihood + delta);
    if (next === this.likelihood) return false;
    this.likelihood = next;
    this.steps.push({ factor, value: delta > 0 ? `+${delta}` : `${delta}` }, { factor: 'likelihood', value: next });
    return true;
  }

  severityBy(factor: string, delta: number): boolean {
    const next = clamp(this.severity + delta);
    if (next === this.severity) return false;
    this.severity = next;
    this.steps.push({ factor, value: delta > 0 ? `+${delta}` : `${delta}` }, { factor: 'severity', value: next });
    return true;
  }

  set(factor: string, value: string, likelihood?: number, severity?: number): void {
    this.steps.push({ factor, value });
    if (likelihood !== undefined) {
      this.likelihood = clamp(likelihood);
      this.steps.push({ factor: 'likelihood', value: this.likelihood });
    }
    if (severity !== undefined) {
      this.severity = clamp(severity);
      this.steps.push({ factor: 'severity', value: this.severity });
    }
  }

  get score(): number {
    return this.likelihood * this.severity;
  }

  finish(): Risk {
    const score = this.score;
    const level = levelOf(score);
    const derivation = this.steps.slice();
    derivation.push({ factor: 'score', value: score }, { factor: 'level', value: level });
    return { likelihood: this.likelihood, severity: this.severity, score, level, derivation };
  }
}
