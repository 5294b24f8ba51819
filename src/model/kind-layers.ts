import type { Layer } from './types.js';

/**
 * The layer of each component kind, for detectors that stamp it on what they emit. catalogs/kinds.yaml is the
 * source of truth; a test fails when this table and the catalog disagree.
 */
export const KIND_LAYER: Readonly<Record<string, Layer>> = {
  model: 'L1',
  'model-artifact': 'L1',
  'llm-gateway': 'L1',
  'vector-store': 'L2',
  'document-loader': 'L2',
  memory: 'L2',
  database: 'L2',
  agent: 'L3',
  tool: 'L3',
  'mcp-client': 'L3',
  'dependency-manifest': 'L3',
  'ci-workflow': 'L3',
  'container-image': 'L4',
  'compose-service': 'L4',
  'k8s-workload': 'L4',
  'k8s-exposure': 'L4',
  'cloud-resource': 'L4',
  'agent-endpoint': 'L4',
  observability: 'L5',
  evaluation: 'L5',
  guardrail: 'L6',
  'security-agent': 'L6',
  'audit-log': 'L6',
  'mcp-server': 'L7',
  'peer-agent': 'L7',
  'agent-card': 'L7',
};

/** The layer of a kind; throws on a kind the catalog does not know (a detector bug, caught per file). */
export function layerOf(kind: string): Layer {
  const l = KIND_LAYER[kind];
  if (!l) throw new Error(`unknown component kind ${kind}`);
  return l;
}
