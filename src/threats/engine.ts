// Seam between the pipeline and the threat engine: the catalog is loaded once, then every model is evaluated
// with it. `suppressed` (false-positive decisions) is extra to what the pipeline needs.
import type { Diagnostic, Model } from '../model/types.js';
import type { Catalog } from './catalog-types.js';
import type { EvalContext } from './context.js';
import { evaluate, type EvalOptions, type Suppressed } from './evaluate.js';
import { loadCatalog } from './load.js';
import type { ChainFinding, FixItem, ThreatFinding } from './types.js';

export interface Engine {
  catalogVersion: string;
  catalog: Catalog;
  /** Catalog ids a manifest may refer to. */
  known: { kinds: Set<string>; threatIds: Set<string>; templateIds: Set<string>; controlIds: Set<string> };
  evaluate(model: Model, ctx: EvalContext): { threats: ThreatFinding[]; chains: ChainFinding[]; fixes: FixItem[]; diagnostics: Diagnostic[]; suppressed?: Suppressed[] };
}

/** `dir` (or $MAESTRO_CATALOGS) points at another catalogs directory; throws CatalogError when it does not load. */
export function loadEngine(dir?: string, opts: EvalOptions = {}): Engine {
  const catalog = loadCatalog(dir);
  return {
    catalogVersion: catalog.catalogVersion,
    catalog,
    known: {
      kinds: new Set(catalog.kinds.map((k) => k.id)),
      threatIds: new Set(catalog.threats.map((t) => t.id)),
      templateIds: new Set(catalog.chains.map((c) => c.id)),
      controlIds: new Set(catalog.controls.map((c) => c.id)),
    },
    evaluate: (model, ctx) => evaluate(model, catalog, ctx, opts),
  };
}
