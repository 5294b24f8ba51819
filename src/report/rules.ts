import type { Layer } from '../model/types.js';

/**
 * What the catalog knows about a threat id or a chain template id, for SARIF rules and readable names.
 * The threat engine (or the CLI/Action wiring) builds these from catalogs/; renderers never read the catalog.
 */
export interface RuleInfo {
  /** A threat id (`L3.T3`) or a chain template id. */
  id: string;
  kind: 'threat' | 'chain';
  name: string;
  description?: string;
  /** The threat's layer, or every layer a chain template crosses. */
  layers?: Layer[];
  /** Taxonomy ids by taxonomy, e.g. { 'owasp-llm-2025': ['LLM01'], atlas: ['AML.T0051.001'], 'owasp-asi': ['ASI02'] }. */
  mappings?: Record<string, string[]>;
  /** Control ids that mitigate it. */
  controls?: string[];
  helpUri?: string;
}
