import type { Evidence, Layer, RiskLevel } from '../model/types.js';

export type FindingStatus = 'open' | 'mitigated' | 'accepted';

export interface Risk {
  /** 1..4: unlikely, possible, likely, very likely. */
  likelihood: number;
  /** 1..4: low, medium, high, critical. */
  severity: number;
  /** likelihood x severity (1..16), after context modifiers and mitigations. */
  score: number;
  level: RiskLevel;
  /** How the score was derived, as data: `{factor, delta}` steps a renderer can explain. */
  derivation?: { factor: string; value: number | string }[];
}

export interface MitigationCredit {
  controlId: string;
  /** Where the control was found (code/config) or the manifest entry that declared it. */
  evidence: Evidence[];
  source: 'detected' | 'manifest';
}

export interface ThreatFinding {
  fingerprint: string;
  threatId: string;
  layer: Layer;
  componentId: string;
  risk: Risk;
  status: FindingStatus;
  mitigations: MitigationCredit[];
  evidence: Evidence[];
  /** The manifest entry (fingerprint/selector) that decided `status`, when one did. */
  decidedBy?: string;
  /** Set when an acceptance existed but has expired. */
  expired?: string;
}

export interface ChainStep {
  componentId: string;
  layer: Layer;
  threatId: string;
  evidence: Evidence[];
}

export interface ChainFinding {
  fingerprint: string;
  templateId: string;
  title: string;
  layers: Layer[];
  steps: ChainStep[];
  risk: Risk;
  status: FindingStatus;
  /** Controls that would break the chain, with where to apply them. */
  breakers: { controlId: string; componentId?: string; where?: Evidence }[];
  mitigations: MitigationCredit[];
  decidedBy?: string;
  expired?: string;
}

export interface FixItem {
  controlId: string;
  /** Chains (fingerprints) this control would break. */
  breaks: string[];
  /** Sum of open chain scores removed. */
  riskRemoved: number;
  where: Evidence[];
}
