// The threat engine's public face: the pipeline loads the catalog once and evaluates each model with it.
export { loadCatalog, findCatalogDir, CatalogError } from './load.js';
export { evaluate, type EvalOptions, type EvalResult, type Suppressed } from './evaluate.js';
export { DEFAULT_CHAIN_LIMITS, type ChainLimits } from './chains.js';
export { RISK_BANDS, levelOf } from './risk.js';
export { validateCatalogFile, type CatalogFileType } from './schemas.js';
export type { Catalog, ChainTemplate, ControlDef, ThreatDef, Matcher } from './catalog-types.js';
