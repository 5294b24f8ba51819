import type { Catalog, ChainTemplate, EdgeTest, ExampleComponent, ExampleEdge, Matcher } from './catalog-types.js';
import { LAYERS } from '../model/types.js';

// Cross-file checks a JSON Schema cannot express: every kind, attribute, capability, edge kind, threat, control and
// taxonomy id a catalog entry names must exist, and every edge a template asks for must be one the model can hold.

const kindsOf = (m: Matcher): string[] | undefined => (m.kind === undefined ? undefined : Array.isArray(m.kind) ? m.kind : [m.kind]);

export function checkReferences(cat: Catalog): string[] {
  const problems: string[] = [];
  const kindIds = new Map(cat.kinds.map((k) => [k.id, k]));
  const caps = new Set(cat.capabilities.map((c) => c.id));
  const edges = new Map(cat.edgeKinds.map((e) => [e.id, e]));
  const threats = new Map(cat.threats.map((t) => [t.id, t]));
  const controls = new Set(cat.controls.map((c) => c.id));
  const allAttrs = new Set(cat.kinds.flatMap((k) => Object.keys(k.attributes ?? {})));

  const dupes = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`duplicate ${what} id ${id}`);
      seen.add(id);
    }
  };
  dupes('layer', cat.layers.map((l) => l.id));
  dupes('kind', cat.kinds.map((k) => k.id));
  dupes('capability', [...cat.capabilities.map((c) => c.id)]);
  dupes('edge kind', cat.edgeKinds.map((e) => e.id));
  dupes('threat', cat.threats.map((t) => t.id));
  dupes('control', cat.controls.map((c) => c.id));
  dupes('chain template', cat.chains.map((c) => c.id));
  const layerIds = cat.layers.map((l) => l.id).sort().join(',');
  if (layerIds !== LAYERS.join(',')) problems.push(`layers.yaml: expected ${LAYERS.join(',')}, got ${layerIds}`);

  for (const e of cat.edgeKinds)
    for (const k of [...e.from, ...e.to]) if (!kindIds.has(k)) problems.push(`vocabulary.yaml: edge ${e.id} names unknown kind ${k}`);

  /** Can an edge of `kind` go from one of `from` to one of `to` (undefined = unconstrained)? */
  const plausible = (kind: string, from: string[] | undefined, to: string[] | undefined): boolean => {
    const def = edges.get(kind);
    if (!def) return false;
    const okFrom = !from || from.some((k) => def.from.includes(k));
    const okTo = !to || to.some((k) => def.to.includes(k));
    return okFrom && okTo;
  };

  const checkEdgeTest = (where: string, t: EdgeTest, scope: string[] | undefined) => {
    for (const e of t.edge) if (!edges.has(e)) problems.push(`${where}: unknown edge kind ${e}`);
    if (t.match) checkMatcher(where, t.match, undefined);
    const other = t.match ? kindsOf(t.match) : undefined;
    if ((t.maxHops ?? 1) === 1 && t.direction !== 'any') {
      const [from, to] = (t.direction ?? 'out') === 'out' ? [scope, other] : [other, scope];
      if (!t.edge.some((e) => plausible(e, from, to)))
        problems.push(`${where}: no edge ${t.edge.join('|')} goes from ${from?.join('|') ?? '*'} to ${to?.join('|') ?? '*'}`);
    }
  };

  const checkMatcher = (where: string, m: Matcher, inherited: string[] | undefined): void => {
    const own = kindsOf(m);
    for (const k of own ?? []) if (!kindIds.has(k)) problems.push(`${where}: unknown kind ${k}`);
    const scope = own ?? inherited;
    for (const a of Object.keys(m.attributes ?? {})) {
      const known = scope ? scope.some((k) => kindIds.get(k)?.attributes?.[a]) : allAttrs.has(a);
      if (!known) problems.push(`${where}: attribute ${a} is not declared for ${scope?.join('|') ?? 'any kind'} in kinds.yaml`);
    }
    for (const c of [...(m.capabilities?.any ?? []), ...(m.capabilities?.all ?? []), ...(m.capabilities?.none ?? [])])
      if (!caps.has(c)) problems.push(`${where}: unknown capability ${c}`);
    for (const t of m.edges ?? []) checkEdgeTest(where, t, scope);
    for (const t of m.noEdges ?? []) checkEdgeTest(where, t, scope);
    for (const g of [...(m.graph?.exists ?? []), ...(m.graph?.absent ?? [])]) checkMatcher(where, g, undefined);
    for (const s of [...(m.any ?? []), ...(m.all ?? [])]) checkMatcher(where, s, scope);
    if (m.not) checkMatcher(where, m.not, scope);
  };

  const tax = cat.taxonomies;
  for (const t of cat.threats) {
    const where = `threats/${t.layer}.yaml ${t.id}`;
    if (!t.id.startsWith(`${t.layer}.`)) problems.push(`${where}: id does not start with its layer`);
    checkMatcher(where, t.appliesTo, undefined);
    for (const c of t.controls) if (!controls.has(c)) problems.push(`${where}: unknown control ${c}`);
    const m = t.mappings;
    for (const o of m.owaspLlm ?? []) if (!tax.owaspLlm[o.edition]?.[o.id]) problems.push(`${where}: unknown OWASP LLM ${o.edition} ${o.id}`);
    for (const x of m.owaspAgentic ?? []) if (!tax.owaspAgentic[x]) problems.push(`${where}: unknown OWASP Agentic ${x}`);
    for (const x of m.owaspAsi ?? []) if (!tax.owaspAsi[x]) problems.push(`${where}: unknown OWASP ASI ${x}`);
    for (const x of m.atlas ?? []) if (!tax.atlasTechniques[x]) problems.push(`${where}: unknown ATLAS technique ${x}`);
    for (const x of m.nistAiRmf ?? []) if (!tax.nistAiRmf.includes(x)) problems.push(`${where}: unknown NIST AI RMF function ${x}`);
    for (const x of m.nistAi600_1 ?? []) if (!tax.nistAi600_1.includes(x)) problems.push(`${where}: unknown NIST AI 600-1 risk ${x}`);
    for (const x of m.iso42001 ?? []) if (!tax.iso42001[x]) problems.push(`${where}: unknown ISO/IEC 42001 control ${x}`);
  }

  for (const c of cat.controls) {
    const where = `controls.yaml ${c.id}`;
    for (const a of c.atlas ?? []) if (!tax.atlasMitigations[a]) problems.push(`${where}: unknown ATLAS mitigation ${a}`);
    if (!c.declared && !c.detected?.length) problems.push(`${where}: neither detected nor declared, so it can never be credited`);
    for (const r of c.detected ?? []) {
      checkMatcher(where, r.match, undefined);
      for (const e of r.edge ?? []) if (!edges.has(e)) problems.push(`${where}: unknown edge kind ${e}`);
      if (r.cite === undefined) continue;
      const scope = kindsOf(r.match);
      if (r.at !== 'self') problems.push(`${where}: cite is read from the component itself, so only with at: self`);
      else if (!scope?.some((k) => kindIds.get(k)?.attributes?.[r.cite!]?.type === 'string'))
        problems.push(`${where}: cite ${r.cite} is not a string attribute declared for ${scope?.join('|') ?? 'any kind'} in kinds.yaml`);
    }
  }

  const templateIds = new Set(cat.chains.map((c) => c.id));
  for (const t of cat.chains) checkTemplate(t);

  function checkTemplate(t: ChainTemplate): void {
    const where = `${t.file} ${t.id}`;
    const stepKinds = new Map<string, string[] | undefined>();
    const layers = new Set<string>();
    t.steps.forEach((s, i) => {
      const w = `${where} step ${s.id}`;
      if (stepKinds.has(s.id)) problems.push(`${w}: duplicate step id`);
      checkMatcher(w, s.match, undefined);
      const kinds = kindsOf(s.match);
      if (!kinds) problems.push(`${w}: a step must name its kind(s)`);
      for (const k of kinds ?? []) {
        const layer = kindIds.get(k)?.layer;
        if (layer) layers.add(layer);
      }
      const threat = threats.get(s.threat);
      if (!threat) problems.push(`${w}: unknown threat ${s.threat}`);
      else layers.add(threat.layer);
      for (const b of s.breakers ?? []) if (!controls.has(b)) problems.push(`${w}: unknown control ${b}`);
      if (i === 0 && s.link) problems.push(`${w}: the first step has no link`);
      if (i > 0 && !s.link) problems.push(`${w}: missing link to an earlier step`);
      for (const l of s.link ? (Array.isArray(s.link) ? s.link : [s.link]) : []) {
        const from = l.from === undefined ? [t.steps[i - 1]?.id] : Array.isArray(l.from) ? l.from : [l.from];
        for (const f of from) if (!f || !stepKinds.has(f)) problems.push(`${w}: link from ${f} is not an earlier step`);
        for (const e of l.edge ?? []) if (!edges.has(e)) problems.push(`${w}: unknown edge kind ${e}`);
        if (l.edge && (l.maxHops ?? 1) === 1 && l.direction !== 'any') {
          const earlier = from.flatMap((f) => stepKinds.get(f ?? '') ?? []);
          const [a, b] = (l.direction ?? 'forward') === 'forward' ? [earlier, kinds] : [kinds, earlier];
          if (!l.edge.some((e) => plausible(e, a, b)))
            problems.push(`${w}: no edge ${l.edge.join('|')} goes from ${a?.join('|')} to ${b?.join('|')}`);
        }
      }
      stepKinds.set(s.id, kinds);
    });
    if (layers.size < 2) problems.push(`${where}: a chain must cross at least two layers`);
    for (const s of t.subsumes ?? []) if (!templateIds.has(s) || s === t.id) problems.push(`${where}: subsumes unknown template ${s}`);
    for (const r of t.references ?? []) if (/^AML\.T/.test(r) && !tax.atlasTechniques[r]) problems.push(`${where}: unknown ATLAS technique ${r}`);

    const ex = t.examples;
    const ids = new Set<string>();
    const checkComp = (w: string, c: Pick<ExampleComponent, 'kind' | 'attributes' | 'capabilities'>) => {
      if (c.kind && !kindIds.has(c.kind)) problems.push(`${w}: unknown kind ${c.kind}`);
      for (const a of Object.keys(c.attributes ?? {}))
        if (c.kind ? !kindIds.get(c.kind)?.attributes?.[a] : !allAttrs.has(a)) problems.push(`${w}: attribute ${a} is not declared for ${c.kind ?? 'any kind'}`);
      for (const cap of c.capabilities ?? []) if (!caps.has(cap)) problems.push(`${w}: unknown capability ${cap}`);
    };
    const kindById = new Map<string, string>();
    const addComps = (w: string, cs: ExampleComponent[] | undefined) => {
      for (const c of cs ?? []) {
        checkComp(`${w} ${c.id}`, c);
        ids.add(c.id);
        kindById.set(c.id, c.kind);
      }
    };
    const checkEdges = (w: string, es: ExampleEdge[] | undefined) => {
      for (const [from, kind, to] of es ?? []) {
        if (!ids.has(from) || !ids.has(to)) problems.push(`${w}: edge ${from} -${kind}-> ${to} names an unknown component`);
        else if (!plausible(kind, [kindById.get(from)!], [kindById.get(to)!])) problems.push(`${w}: edge ${from} -${kind}-> ${to} is not a kind of edge the model holds`);
      }
    };
    addComps(`${where} examples.positive`, ex.positive.components);
    checkEdges(`${where} examples.positive`, ex.positive.edges);
    for (const [name, v] of [['negative', ex.negative], ['mitigated', ex.mitigated]] as const) {
      if (!v) continue;
      const w = `${where} examples.${name}`;
      addComps(w, v.components);
      for (const [id, patch] of Object.entries(v.set ?? {})) {
        if (!ids.has(id)) problems.push(`${w}: set names unknown component ${id}`);
        checkComp(`${w} ${id}`, { kind: patch.kind ?? kindById.get(id) ?? '', attributes: patch.attributes, capabilities: patch.capabilities });
      }
      for (const id of v.remove ?? []) if (!ids.has(id)) problems.push(`${w}: remove names unknown component ${id}`);
      checkEdges(w, v.edges);
      checkEdges(w, v.removeEdges);
    }
  }
  return problems;
}
