import type { Layer } from '../model/types.js';
import type { RuleInfo } from '../report/rules.js';
import type { Catalog, ThreatMappings } from './catalog-types.js';

/** What renderers may say about each threat and chain template, taken from the catalog once. */
export function ruleInfos(catalog: Catalog): RuleInfo[] {
  const threatLayer = new Map(catalog.threats.map((t) => [t.id, t.layer]));
  const threats: RuleInfo[] = catalog.threats.map((t) => ({
    id: t.id,
    kind: 'threat',
    name: t.name,
    description: t.description,
    layers: [t.layer],
    mappings: flatten(t.mappings),
    controls: [...t.controls],
  }));
  const chains: RuleInfo[] = catalog.chains.map((c) => {
    const steps = c.steps.map((s) => threatLayer.get(s.threat)).filter((l): l is Layer => !!l);
    const mappings: Record<string, string[]> = {};
    for (const s of c.steps) {
      const t = catalog.threats.find((x) => x.id === s.threat);
      for (const [k, v] of Object.entries(t ? flatten(t.mappings) : {})) mappings[k] = [...new Set([...(mappings[k] ?? []), ...v])].sort();
    }
    return {
      id: c.id,
      kind: 'chain',
      name: c.title,
      description: c.description,
      layers: [...new Set(steps)].sort(),
      mappings,
      controls: [...new Set(c.steps.flatMap((s) => s.breakers ?? []))].sort(),
    };
  });
  return [...threats, ...chains];
}

function flatten(m: ThreatMappings): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of m.owaspLlm ?? []) (out[`owasp-llm-${e.edition}`] ??= []).push(e.id);
  if (m.owaspAgentic?.length) out['owasp-agentic'] = [...m.owaspAgentic];
  if (m.owaspAsi?.length) out['owasp-asi'] = [...m.owaspAsi];
  if (m.atlas?.length) out.atlas = [...m.atlas];
  if (m.nistAiRmf?.length) out['nist-ai-rmf'] = [...m.nistAiRmf];
  if (m.nistAi600_1?.length) out['nist-ai-600-1'] = [...m.nistAi600_1];
  if (m.iso42001?.length) out['iso-42001'] = [...m.iso42001];
  return out;
}
