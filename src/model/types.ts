// The data every stage passes on. Findings are data; words are chosen only by renderers.

export const LAYERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'] as const;
export type Layer = (typeof LAYERS)[number];

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

export interface Evidence {
  /** Repository-relative, `/`-separated. */
  path: string;
  /** 1-based line; 0 when the fact belongs to the whole file. */
  line: number;
  /** Short machine-chosen note ("import", "call ShellTool", "USER root"); never rendered unescaped. */
  note?: string;
}

export type AttrValue = string | number | boolean | string[];

export interface Component {
  /** Unique within one report; stable across line moves (see model/ids.ts). */
  id: string;
  /** A kind from catalogs/kinds.yaml, e.g. `agent`, `tool`, `vector-store`, `mcp-server`, `container-image`. */
  kind: string;
  layer: Layer;
  name: string;
  framework?: string;
  /** Tool capabilities: shell, code-exec, file-read, file-write, http, web-search, sql, email, messaging,
   *  browser, cloud-api, payment, git. */
  capabilities?: string[];
  /** Facts threat conditions match on (e.g. `runsAsRoot: true`, `untrusted: true`, `pinned: false`). */
  attributes?: Record<string, AttrValue>;
  source: 'inferred' | 'manifest';
  /** `low` for names seen only in docs or dependency manifests. */
  confidence?: 'high' | 'low';
  evidence: Evidence[];
}

/** Edge kinds: uses-model, uses-tool, retrieves, ingests, uses-memory, connects-mcp, delegates, runs, exposes,
 *  builds, deploys, observes, guards, logs-to, reads, writes. */
export interface Edge {
  from: string;
  to: string;
  kind: string;
  evidence: Evidence[];
  /** True when the link is a heuristic guess (e.g. image name matched to a Dockerfile). */
  guess?: boolean;
}

/**
 * A detector may not know the id of a component defined in another file (an agent whose tools are imported).
 * It then emits a reference that model/link.ts resolves by name after all files are read.
 */
export interface EdgeRef {
  from: string;
  /** A symbol name (function/class/variable) or a component name to resolve repo-wide. */
  toName: string;
  /** Restrict resolution to these component kinds. */
  toKinds?: string[];
  kind: string;
  evidence: Evidence[];
  /** The edge runs from what the name resolves to, into `from` (a guardrail defined elsewhere guarding an agent). */
  inward?: boolean;
}

export type DiagnosticCode =
  | 'skipped-size'
  | 'skipped-binary'
  | 'skipped-link'
  | 'skipped-encoding'
  | 'parse-error'
  | 'timeout'
  | 'detector-error'
  | 'manifest-error'
  | 'bound-reached'
  | 'secret-found'
  | 'framework-source'
  | 'test-code'
  | 'local-package';

export interface Diagnostic {
  path: string;
  line?: number;
  code: DiagnosticCode | string;
  message: string;
}

export interface Model {
  components: Component[];
  edges: Edge[];
  /** Framework ids found in code (high confidence) plus low-confidence ones from manifests. */
  frameworks: { id: string; confidence: 'high' | 'low'; evidence: Evidence[] }[];
  diagnostics: Diagnostic[];
}
