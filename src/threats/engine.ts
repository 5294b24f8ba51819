// Seam between the pipeline and the threat engine; replaced by the catalog-driven engine when it lands.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { assetDir } from '../assets.js';
import type { Diagnostic, Model } from '../model/types.js';
import type { EvalContext } from './context.js';
import type { ChainFinding, FixItem, ThreatFinding } from './types.js';

export interface Engine {
  catalogVersion: string;
  /** Catalog ids a manifest may refer to. */
  known: { kinds: Set<string>; threatIds?: Set<string>; templateIds?: Set<string>; controlIds?: Set<string> };
  evaluate(model: Model, ctx: EvalContext): { threats: ThreatFinding[]; chains: ChainFinding[]; fixes: FixItem[]; diagnostics: Diagnostic[] };
}

export function loadEngine(): Engine {
  const kinds = parse(readFileSync(path.join(assetDir('catalogs', 'kinds.yaml'), 'kinds.yaml'), 'utf8')) as { kinds: { id: string }[] };
  return { catalogVersion: '0', known: { kinds: new Set(kinds.kinds.map((k) => k.id)) }, evaluate: () => ({ threats: [], chains: [], fixes: [], diagnostics: [] }) };
}
