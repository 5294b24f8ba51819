import type { Layer } from '../model/types.js';

// The catalogs as the engine sees them after loading. Field names follow the YAML (schemas/catalog-*.schema.json).

export type Scalar = string | number | boolean;
export type AttrTest =
  | Scalar
  | { eq: Scalar }
  | { ne: Scalar }
  | { in: (string | number)[] }
  | { exists: boolean }
  | { gte: number }
  | { lte: number }
  | { contains: string };

export interface EdgeTest {
  edge: string[];
  /** Seen from the component being matched. */
  direction?: 'out' | 'in' | 'any';
  maxHops?: number;
  match?: Matcher;
}

export interface ContextTest {
  exposed?: boolean;
  untrustedInput?: boolean;
  privileged?: boolean;
}

export interface Matcher {
  kind?: string | string[];
  attributes?: Record<string, AttrTest>;
  capabilities?: { any?: string[]; all?: string[]; none?: string[] };
  framework?: string[];
  context?: ContextTest;
  edges?: EdgeTest[];
  noEdges?: EdgeTest[];
  graph?: { exists?: Matcher[]; absent?: Matcher[] };
  any?: Matcher[];
  all?: Matcher[];
  not?: Matcher;
}

export interface LayerDef {
  id: Layer;
  name: string;
  description: string;
  crossCutting?: boolean;
  stride: string[];
}

export interface KindDef {
  id: string;
  layer: Layer;
  description: string;
  attributes?: Record<string, { type: 'string' | 'number' | 'boolean' | 'array'; description?: string }>;
}

export interface CapabilityDef {
  id: string;
  sideEffect: boolean;
  egress: boolean;
  description: string;
}

export interface EdgeKindDef {
  id: string;
  from: string[];
  to: string[];
}

export interface ThreatMappings {
  owaspLlm?: { edition: string; id: string }[];
  owaspAgentic?: string[];
  owaspAsi?: string[];
  atlas?: string[];
  nistAiRmf?: string[];
  nistAi600_1?: string[];
  iso42001?: string[];
}

export interface ThreatDef {
  id: string;
  layer: Layer;
  name: string;
  description: string;
  appliesTo: Matcher;
  likelihood: number;
  impact: number;
  stride: string[];
  controls: string[];
  mappings: ThreatMappings;
}

export interface DetectionRule {
  at: 'self' | 'neighbor' | 'anywhere';
  match: Matcher;
  edge?: string[];
  direction?: 'out' | 'in' | 'any';
  maxHops?: number;
  /**
   * With `at: self`, an attribute that holds the file showing the control (a manifest's lockfile): the credit cites
   * that file rather than the component's own sites, which say what the control answers ("crewai unpinned").
   */
  cite?: string;
}

export interface ControlDef {
  id: string;
  name: string;
  description: string;
  atlas?: string[];
  strength: 'strong' | 'partial';
  detected?: DetectionRule[];
  declared: boolean;
}

export interface StepLink {
  /** Earlier step id(s) this step attaches to; defaults to the previous step. */
  from?: string | string[];
  edge?: string[];
  /** forward: from the earlier step to this one; backward: from this one to the earlier step. */
  direction?: 'forward' | 'backward' | 'any';
  maxHops?: number;
  /** Links that are not edges: same file, the earlier step's directory contains this one, or anywhere in the repo. */
  relation?: 'same-file' | 'contains' | 'any';
}

export interface ChainStepDef {
  id: string;
  link?: StepLink | StepLink[];
  match: Matcher;
  threat: string;
  breakers?: string[];
}

export interface ExampleComponent {
  id: string;
  kind: string;
  name?: string;
  path?: string;
  framework?: string;
  attributes?: Record<string, string | number | boolean | string[]>;
  capabilities?: string[];
}
export type ExampleEdge = [string, string, string];
export interface ExampleGraph {
  components: ExampleComponent[];
  edges: ExampleEdge[];
}
export interface ExampleVariant {
  set?: Record<string, Partial<Omit<ExampleComponent, 'id' | 'name' | 'framework'>>>;
  remove?: string[];
  removeEdges?: ExampleEdge[];
  components?: ExampleComponent[];
  edges?: ExampleEdge[];
}

export interface ChainTemplate {
  id: string;
  title: string;
  description: string;
  impact: number;
  subsumes?: string[];
  references?: string[];
  steps: ChainStepDef[];
  examples: { positive: ExampleGraph; negative: ExampleVariant; mitigated?: ExampleVariant };
  /** Catalog-relative file it came from. */
  file: string;
}

export interface Taxonomies {
  owaspLlm: Record<string, Record<string, string>>;
  owaspAgentic: Record<string, string>;
  owaspAsi: Record<string, string>;
  atlasTechniques: Record<string, string>;
  atlasMitigations: Record<string, string>;
  nistAiRmf: string[];
  nistAi600_1: string[];
  iso42001: Record<string, string>;
}

export interface Catalog {
  /** Short hash of every catalog file's bytes; part of cache keys and the report's tool section. */
  catalogVersion: string;
  dir: string;
  layers: LayerDef[];
  kinds: KindDef[];
  capabilities: CapabilityDef[];
  edgeKinds: EdgeKindDef[];
  taxonomies: Taxonomies;
  threats: ThreatDef[];
  controls: ControlDef[];
  chains: ChainTemplate[];
}
