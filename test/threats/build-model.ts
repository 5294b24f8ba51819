import type { Component, Edge, Model } from '../../src/model/types.js';
import type { Catalog, ExampleComponent, ExampleEdge, ExampleGraph, ExampleVariant } from '../../src/threats/catalog-types.js';

/** A Model from the compact example graphs used in chain templates and tests. Lines follow list order. */
export function buildModel(catalog: Catalog, graph: ExampleGraph): Model {
  const layer = new Map(catalog.kinds.map((k) => [k.id, k.layer]));
  const components: Component[] = graph.components.map((c, i) => component(c, layer.get(c.kind)!, i + 1));
  const byId = new Map(components.map((c) => [c.name, c]));
  const edges: Edge[] = graph.edges.map(([from, kind, to], i) => ({
    from: byId.get(from)?.id ?? from,
    to: byId.get(to)?.id ?? to,
    kind,
    evidence: [{ path: byId.get(from)?.evidence[0]?.path ?? 'app.py', line: 100 + i, note: kind }],
  }));
  return { components, edges, frameworks: [], diagnostics: [] };
}

function component(c: ExampleComponent, layer: Component['layer'], line: number): Component {
  const path = c.path ?? 'app.py';
  return {
    id: `${c.kind}:${path}#${c.id}`,
    kind: c.kind,
    layer,
    name: c.name ?? c.id,
    ...(c.framework ? { framework: c.framework } : {}),
    ...(c.capabilities ? { capabilities: c.capabilities } : {}),
    ...(c.attributes ? { attributes: c.attributes } : {}),
    source: 'inferred',
    evidence: [{ path, line }],
  };
}

/** The positive graph changed as a variant says: set, remove, removeEdges, then added components and edges. */
export function applyVariant(graph: ExampleGraph, v: ExampleVariant): ExampleGraph {
  const same = (a: ExampleEdge, b: ExampleEdge) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
  const removed = new Set(v.remove ?? []);
  const components = graph.components
    .filter((c) => !removed.has(c.id))
    .map((c) => {
      const p = v.set?.[c.id];
      if (!p) return c;
      return {
        ...c,
        ...(p.kind ? { kind: p.kind } : {}),
        ...(p.path ? { path: p.path } : {}),
        ...(p.capabilities ? { capabilities: p.capabilities } : {}),
        attributes: { ...(c.attributes ?? {}), ...(p.attributes ?? {}) },
      };
    });
  const edges = graph.edges.filter((e) => !removed.has(e[0]) && !removed.has(e[2]) && !(v.removeEdges ?? []).some((r) => same(r, e)));
  return { components: [...components, ...(v.components ?? [])], edges: [...edges, ...(v.edges ?? [])] };
}
