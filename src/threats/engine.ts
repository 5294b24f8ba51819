// Seam between the pipeline and the threat engine; replaced by the catalog-driven engine when it lands.
import type { Diagnostic, Model } from '../model/types.js';
import type { EvalContext } from './context.js';
import type { ChainFinding, FixItem, ThreatFinding } from './types.js';

export interface Engine {
  catalogVersion: string;
  evaluate(model: Model, ctx: EvalContext): { threats: ThreatFinding[]; chains: ChainFinding[]; fixes: FixItem[]; diagnostics: Diagnostic[] };
}

export function loadEngine(): Engine {
  return { catalogVersion: '0', evaluate: () => ({ threats: [], chains: [], fixes: [], diagnostics: [] }) };
}
