import picomatch from 'picomatch';
import type { Component, Diagnostic, Edge, Evidence, Model } from '../types.js';
import { splitEvidencePath } from './references.js';
import type { Manifest, ManifestComponent } from './types.js';
import { sortEvidence, cmp } from '../order.js';

// The team's word merged into what the code shows. Order matters and is fixed: ignore, then merge
// (`replaces` and same-id entries), then layer corrections, then flows. The manifest wins on kind, layer,
// name and attributes; evidence and capabilities are unioned so the report still shows where code agrees.

export function applyManifestToModel(model: Model, manifest: Manifest, file: string): Model {
  const diagnostics: Diagnostic[] = [];
  const problem = (line: number, message: string) =>
    diagnostics.push({ path: file, line, code: 'manifest-error', message });
  const manifestLine = (line: number, note: string): Evidence => ({ path: file, line, note });

  // --- ignore -----------------------------------------------------------------------------------------------
  const declaredIds = new Set(manifest.components.map((c) => c.id));
  const ignored = new Set<string>();
  const inferredIds = new Set(model.components.map((c) => c.id));
  for (const g of manifest.ignore) {
    if (g.id !== undefined) {
      if (inferredIds.has(g.id)) ignored.add(g.id);
      else problem(g.line, `ignore: no inferred component \`${g.id}\``);
    }
    if (g.path !== undefined) {
      const matches = picomatch(g.path, { dot: true });
      let hit = false;
      for (const c of model.components) {
        // A component seen anywhere outside the glob is still real there; only all-inside ones go.
        if (c.evidence.length > 0 && c.evidence.every((e) => matches(e.path)) && !declaredIds.has(c.id)) {
          ignored.add(c.id);
          hit = true;
        }
      }
      if (!hit) problem(g.line, `ignore: no inferred component has all its evidence under \`${g.path}\``);
    }
  }

  // --- merge --------------------------------------------------------------------------------------------------
  const byId = new Map<string, Component>();
  for (const c of model.components) if (!ignored.has(c.id)) byId.set(c.id, cloneComponent(c));
  const renamed = new Map<string, string>();
  for (const entry of manifest.components) {
    const merged: Component[] = [];
    const same = byId.get(entry.id);
    if (same) merged.push(same);
    for (const r of entry.replaces ?? []) {
      const replaced = byId.get(r);
      if (!replaced) {
        problem(entry.line, `replaces: no inferred component \`${r}\``);
        continue;
      }
      merged.push(replaced);
      byId.delete(r);
      renamed.set(r, entry.id);
    }
    byId.set(entry.id, fromManifest(entry, merged, file));
  }

  // --- layer corrections --------------------------------------------------------------------------------------
  for (const fix of manifest.layers) {
    const c = byId.get(renamed.get(fix.component) ?? fix.component);
    if (!c) {
      problem(fix.line, `layers: no component \`${fix.component}\``);
      continue;
    }
    c.layer = fix.layer;
    c.evidence = sortEvidence([...c.evidence, manifestLine(fix.line, `layer ${fix.layer} set in manifest`)]);
  }

  // --- edges --------------------------------------------------------------------------------------------------
  const edges = new Map<string, Edge>();
  const addEdge = (e: Edge) => {
    if (e.from === e.to) return;
    const k = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    const prior = edges.get(k);
    if (!prior) {
      edges.set(k, { ...e, evidence: sortEvidence(e.evidence) });
      return;
    }
    prior.evidence = sortEvidence([...prior.evidence, ...e.evidence]);
    // A declared flow confirms a guessed link.
    if (prior.guess && !e.guess) delete prior.guess;
  };
  for (const e of model.edges) {
    const from = renamed.get(e.from) ?? e.from;
    const to = renamed.get(e.to) ?? e.to;
    if (!byId.has(from) || !byId.has(to)) continue;
    addEdge({ ...e, from, to, evidence: [...e.evidence] });
  }
  for (const f of manifest.flows) {
    const from = renamed.get(f.from) ?? f.from;
    const to = renamed.get(f.to) ?? f.to;
    const missing = [from, to].filter((id) => !byId.has(id));
    if (missing.length > 0) {
      problem(f.line, `flows: no component ${missing.map((m) => `\`${m}\``).join(' or ')}`);
      continue;
    }
    addEdge({ from, to, kind: f.kind, evidence: [manifestLine(f.line, 'flow declared in manifest')] });
  }

  return {
    components: [...byId.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind)),
    frameworks: model.frameworks,
    diagnostics: [...model.diagnostics, ...diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || cmp(a.message, b.message))],
  };
}

function fromManifest(entry: ManifestComponent, merged: Component[], file: string): Component {
  const attributes = Object.assign({}, ...merged.map((m) => m.attributes ?? {}), entry.attributes ?? {});
  const capabilities = [...new Set([...merged.flatMap((m) => m.capabilities ?? []), ...(entry.capabilities ?? [])])].sort();
  const evidence: Evidence[] = [
    { path: file, line: entry.line, note: 'declared in manifest' },
    ...(entry.evidence ?? []).map((p) => {
      const { file: path, line } = splitEvidencePath(p);
      return { path, line, note: 'manifest evidence' };
    }),
    ...merged.flatMap((m) => m.evidence),
  ];
  const c: Component = {
    id: entry.id,
    kind: entry.kind,
    layer: entry.layer,
    name: entry.name ?? merged[0]?.name ?? defaultName(entry.id),
    source: 'manifest',
    confidence: 'high',
    evidence: sortEvidence(evidence),
  };
  const framework = merged.find((m) => m.framework)?.framework;
  if (framework) c.framework = framework;
  if (capabilities.length > 0) c.capabilities = capabilities;
  if (Object.keys(attributes).length > 0) c.attributes = sortKeys(attributes);
  return c;
}

/** `kind:path#name` -> name; `kind:name` -> name. */
function defaultName(id: string): string {
  const rest = id.slice(id.indexOf(':') + 1);
  const hash = rest.lastIndexOf('#');
  return hash >= 0 ? rest.slice(hash + 1) : rest;
}

function cloneComponent(c: Component): Component {
  const out: Component = { ...c, evidence: [...c.evidence] };
  if (c.capabilities) out.capabilities = [...c.capabilities];
  if (c.attributes) out.attributes = { ...c.attributes };
  return out;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => cmp(a, b)));
}

