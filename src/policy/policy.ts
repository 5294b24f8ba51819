import type { Layer, RiskLevel } from '../model/types.js';

export type FailOn = RiskLevel | 'never';

export interface Policy {
  version: 1;
  failOn: FailOn;
  scope: 'new' | 'all';
  warnOnly: boolean;
  requireManifest: boolean;
  exclude: { paths: string[]; layers: Layer[]; templates: string[] };
  rules: { newChain: boolean; mitigationLost: boolean; acceptanceExpired: boolean; manifestInvalid: boolean };
}

/** Flags and Action inputs; each one set overrides the policy file. */
export interface PolicyOverrides {
  failOn?: FailOn;
  scope?: 'new' | 'all';
  warnOnly?: boolean;
  requireManifest?: boolean;
}
