import type { AttrValue, Layer } from '../types.js';

// The manifest as validated against schemas/manifest.schema.json, with schema defaults applied.
// `line` (1-based, the line where the entry starts) is added by the loader so every fact the manifest
// contributes can cite `maestro.yaml:LINE`; it is not written in the YAML.

export type DataClassification = 'public' | 'internal' | 'confidential' | 'restricted';

export interface ManifestSelector {
  threat?: string;
  chain?: string;
  component?: string;
  layer?: Layer;
  /** Glob over the finding's evidence paths. */
  path?: string;
}

export interface ManifestEvidence {
  /** Repository-relative files, optionally `path:LINE`; each must exist. */
  paths?: string[];
  url?: string;
  ticket?: string;
}

export interface ManifestSystem {
  name: string;
  owners?: string[];
  dataClassification: DataClassification;
  internetExposed?: boolean;
  description?: string;
  line: number;
}

export interface ManifestComponent {
  id: string;
  layer: Layer;
  kind: string;
  name?: string;
  description?: string;
  attributes?: Record<string, AttrValue>;
  capabilities?: string[];
  evidence?: string[];
  replaces?: string[];
  line: number;
}

export interface ManifestIgnore {
  id?: string;
  path?: string;
  reason: string;
  line: number;
}

export interface ManifestLayerCorrection {
  component: string;
  layer: Layer;
  reason: string;
  line: number;
}

export interface ManifestFlow {
  from: string;
  to: string;
  kind: string;
  description?: string;
  line: number;
}

export interface ManifestTrustBoundary {
  id: string;
  name: string;
  description?: string;
  components: string[];
  line: number;
}

export interface ManifestCovers {
  threats?: string[];
  chains?: string[];
  components?: string[];
  fingerprints?: string[];
  selectors?: ManifestSelector[];
}

export interface ManifestMitigation {
  control: string;
  description?: string;
  covers: ManifestCovers;
  evidence: ManifestEvidence;
  line: number;
}

export type RiskStatus = 'accepted' | 'false-positive' | 'mitigated';

export interface ManifestRisk {
  fingerprint?: string;
  selector?: ManifestSelector;
  status: RiskStatus;
  owner?: string;
  reason?: string;
  /** YYYY-MM-DD, a real date (checked). */
  expires?: string;
  evidence?: ManifestEvidence;
  line: number;
}

export interface ManifestOverride {
  fingerprint?: string;
  selector?: ManifestSelector;
  likelihood?: number;
  impact?: number;
  reason: string;
  line: number;
}

export interface Manifest {
  version: 1;
  system?: ManifestSystem;
  components: ManifestComponent[];
  ignore: ManifestIgnore[];
  layers: ManifestLayerCorrection[];
  flows: ManifestFlow[];
  trustBoundaries: ManifestTrustBoundary[];
  mitigations: ManifestMitigation[];
  risks: ManifestRisk[];
  overrides: ManifestOverride[];
}

/** One problem in the manifest, at the line and column (both 1-based) an editor should jump to. */
export interface ManifestError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Ids the manifest may refer to. A set that is absent is not checked (e.g. `validate` without a scan). */
export interface KnownIds {
  /** Ids of inferred components. */
  componentIds?: Set<string>;
  threatIds?: Set<string>;
  templateIds?: Set<string>;
  controlIds?: Set<string>;
  kinds?: Set<string>;
}
