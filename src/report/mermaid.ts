import { LAYERS, RISK_LEVELS, type Component, type Layer, type RiskLevel } from '../model/types.js';
import type { ChainFinding } from '../threats/types.js';
import { mermaidLabel } from './escape.js';
import { LAYER_NAMES } from './layer-names.js';

export interface DiagramChain {
  chain: ChainFinding;
  /** The number the table and the details use for this chain; edges carry it. */
  n: number;
}

// Colours readable on GitHub's light and dark themes.
const LEVEL_STYLE: Record<RiskLevel, string> = {
  critical: 'fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#1f2328',
  high: 'fill:#fff1e5,stroke:#bc4c00,stroke-width:2px,color:#1f2328',
  medium: 'fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  low: 'fill:#ddf4ff,stroke:#0969da,color:#1f2328',
};

/**
 * Chains drawn across MAESTRO layers: one subgraph lane per layer, one node per (component, layer) step, edges
 * numbered by chain. Node and subgraph ids are generated here; every label goes through mermaidLabel, so nothing
 * from the repository can end a label, add a `click`, a directive or HTML.
 */
export function renderChainDiagram(chains: DiagramChain[], components: Map<string, Component>): string {
  const nodes = new Map<string, { id: string; layer: Layer; componentId: string; threats: Set<string>; level: RiskLevel }>();
  const edges = new Map<string, { from: string; to: string; numbers: number[] }>();
  for (const { chain, n } of chains) {
    let prev: string | undefined;
    for (const step of chain.steps) {
      const key = `${step.layer}\u0000${step.componentId}`;
      let node = nodes.get(key);
      if (!node) {
        node = { id: `n${nodes.size + 1}`, layer: step.layer, componentId: step.componentId, threats: new Set(), level: chain.risk.level };
        nodes.set(key, node);
      }
      node.threats.add(step.threatId);
      if (RISK_LEVELS.indexOf(chain.risk.level) > RISK_LEVELS.indexOf(node.level)) node.level = chain.risk.level;
      if (prev && prev !== node.id) {
        const ek = `${prev}>${node.id}`;
        const e = edges.get(ek) ?? { from: prev, to: node.id, numbers: [] };
        if (!e.numbers.includes(n)) e.numbers.push(n);
        edges.set(ek, e);
      }
      prev = node.id;
    }
  }

  const out = ['```mermaid', 'flowchart LR'];
  for (const layer of LAYERS) {
    const inLane = [...nodes.values()].filter((x) => x.layer === layer);
    if (!inLane.length) continue;
    out.push(`  subgraph ${layer}["${mermaidLabel(`${layer} ${LAYER_NAMES[layer]}`)}"]`);
    for (const node of inLane) {
      const c = components.get(node.componentId);
      const title = c ? `${c.kind}: ${c.name}` : node.componentId;
      const threats = [...node.threats].sort();
      const threatLine = threats.slice(0, 3).join(', ') + (threats.length > 3 ? ` +${threats.length - 3}` : '');
      out.push(`    ${node.id}["${mermaidLabel(title, 48)}<br/>${mermaidLabel(threatLine, 40)}"]`);
    }
    out.push('  end');
  }
  for (const e of edges.values()) out.push(`  ${e.from} -->|"${e.numbers.sort((a, b) => a - b).join(', ')}"| ${e.to}`);
  for (const level of RISK_LEVELS) {
    const ids = [...nodes.values()].filter((x) => x.level === level).map((x) => x.id);
    if (!ids.length) continue;
    out.push(`  classDef ${level} ${LEVEL_STYLE[level]}`);
    out.push(`  class ${ids.join(',')} ${level}`);
  }
  out.push('```');
  return out.join('\n');
}
