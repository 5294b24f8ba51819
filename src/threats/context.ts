import type { Evidence, Layer } from '../model/types.js';

// What the team's manifest (maestro.yaml) tells the threat engine. The manifest module produces these;
// the engine consumes them. Both sides compile against this file.

export interface SystemContext {
  name?: string;
  internetExposed?: boolean;
  dataClassification?: 'public' | 'internal' | 'confidential' | 'restricted';
}

/** Which findings an entry applies to; every given field must match. */
export interface FindingSelector {
  fingerprint?: string;
  threatId?: string;
  templateId?: string;
  componentId?: string;
  layer?: Layer;
  /** Glob over evidence paths. */
  path?: string;
}

export interface DeclaredMitigation {
  controlId: string;
  covers: FindingSelector[];
  /** Repo paths that exist (checked by the manifest loader), or an external reference. */
  evidence: Evidence[];
  externalRef?: string;
  /** `maestro.yaml:LINE`, so the report can say which entry decided. */
  entry: string;
}

export interface RiskDecision {
  match: FindingSelector;
  status: 'accepted' | 'false-positive' | 'mitigated';
  owner?: string;
  reason?: string;
  /** YYYY-MM-DD; required for `accepted`. */
  expires?: string;
  evidence?: Evidence[];
  /** A ticket and/or URL given as evidence outside the repository. */
  externalRef?: string;
  entry: string;
}

export interface RiskOverride {
  match: FindingSelector;
  likelihood?: number;
  severity?: number;
  reason: string;
  entry: string;
}

/** A trust boundary the team declared; components are ids in the merged model. */
export interface TrustBoundary {
  id: string;
  name: string;
  components: string[];
  entry: string;
}

export interface EvalContext {
  system?: SystemContext;
  mitigations?: DeclaredMitigation[];
  decisions?: RiskDecision[];
  overrides?: RiskOverride[];
  trustBoundaries?: TrustBoundary[];
  /** YYYY-MM-DD used to judge expiry; injected so reports stay deterministic in tests. */
  today: string;
}
