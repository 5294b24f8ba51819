import type { DiffSection } from '../diff/types.js';
import { LAYERS, type Layer } from '../model/types.js';
import type { Policy } from '../policy/policy.js';
import type { Gate } from '../policy/types.js';
import type { Analysis } from '../run.js';
import type { Engine } from '../threats/engine.js';
import { TOOL_VERSION } from '../version.js';
import type { Report } from './types.js';

/** Puts one analysis (and a diff) into the published report shape. Deterministic: no clock, no timings. */
export function assembleReport(input: { mode: 'scan' | 'diff'; head: Analysis; base?: Analysis; diff?: DiffSection; gate: Gate; engine: Engine; policy: Policy }): Report {
  const { head } = input;
  const layers = Object.fromEntries(LAYERS.map((l) => [l, 0])) as Record<Layer, number>;
  for (const c of head.model.components) layers[c.layer]++;
  const chains = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const c of head.chains) if (c.status === 'open') chains[c.risk.level]++;
  const threats = { open: 0, mitigated: 0, accepted: 0 };
  for (const t of head.threats) threats[t.status]++;
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'maestro-gate', version: TOOL_VERSION, catalogVersion: input.engine.catalogVersion },
    target: { path: head.source.label, ...(head.source.rev ? { rev: head.source.rev } : {}), mode: input.mode },
    summary: {
      frameworks: head.model.frameworks.filter((f) => f.confidence === 'high').map((f) => f.id),
      layers,
      chains,
      threats,
    },
    components: head.model.components,
    edges: head.model.edges,
    threats: head.threats,
    chains: head.chains,
    fixes: head.fixes,
    gate: input.gate,
    diagnostics: head.diagnostics,
  };
  if (input.diff) report.diff = input.diff;
  return report;
}
