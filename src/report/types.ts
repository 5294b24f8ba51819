import type { Component, Diagnostic, Edge, Layer } from '../model/types.js';
import type { ChainFinding, FixItem, ThreatFinding } from '../threats/types.js';
import type { DiffSection } from '../diff/types.js';
import type { Gate } from '../policy/types.js';

export const SCHEMA_VERSION = 1;

/** The published JSON contract (schemas/report.schema.json). Every renderer works from this object alone. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'maestro-gate'; version: string; catalogVersion: string };
  target: { path: string; rev?: string; mode: 'scan' | 'diff' };
  summary: {
    frameworks: string[];
    layers: Record<Layer, number>;
    chains: { critical: number; high: number; medium: number; low: number };
    threats: { open: number; mitigated: number; accepted: number };
  };
  components: Component[];
  edges: Edge[];
  threats: ThreatFinding[];
  chains: ChainFinding[];
  fixes: FixItem[];
  diff?: DiffSection;
  gate: Gate;
  diagnostics: Diagnostic[];
}
