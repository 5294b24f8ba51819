import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Component, Edge, Evidence } from '../../../src/model/types.js';
import type { Detector, Findings } from '../../../src/detect/types.js';

/**
 * A minimal stand-in for the pipeline around the Python detectors: read a fixture mini-repository, run every
 * detector that wants each file (needles respected), merge components by id, resolve EdgeRefs by component name
 * or by a file's `facts.exports`, and normalise the result for comparison with expected.json.
 */

export interface Normalized {
  frameworks: { id: string; evidence: string[] }[];
  components: { id: string; kind: string; layer: string; name: string; framework?: string; capabilities?: string[]; attributes?: Record<string, unknown>; evidence: string[] }[];
  edges: { from: string; kind: string; to: string; evidence: string[] }[];
  unresolved: { from: string; toName: string }[];
  diagnostics: { path: string; line?: number; code: string }[];
}

export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(p);
      else if (name !== 'expected.json') out.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out;
}

export async function scanDir(root: string, detectors: Detector[]): Promise<Findings[]> {
  const all: Findings[] = [];
  for (const path of listFiles(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    for (const d of detectors) {
      if (!d.wants(path)) continue;
      if (d.needles && !d.needles.some((n) => text.includes(n))) continue;
      all.push(await d.detect({ path, text, blobId: `${path}:${text.length}` }));
    }
  }
  return all;
}

const ev = (e: Evidence[]) => [...new Set(e.map((x) => `${x.path}:${x.line}`))].sort();

/**
 * Files inside a framework's own package say so (`facts.definesFrameworks`): the repository *is* that framework,
 * so its tests and examples are not an application using it. Dropped here; the lead's merge may prefer to lower
 * their confidence instead.
 */
function ownFrameworks(findings: Findings[]): Set<string> {
  return new Set(findings.flatMap((f) => (f.facts.definesFrameworks as string[] | undefined) ?? []));
}

export function mergeAndLink(all: Findings[]): Normalized {
  const own = ownFrameworks(all);
  const findings = all.map((f) => {
    if (!own.size) return f;
    const components = f.components.filter((c) => !c.framework || !own.has(c.framework));
    const ids = new Set(components.map((c) => c.id));
    const local = new Set(f.components.map((c) => c.id));
    const keep = (id: string) => ids.has(id) || !local.has(id);
    return {
      ...f,
      components,
      frameworks: f.frameworks.filter((x) => !own.has(x.id)),
      edges: f.edges.filter((e) => keep(e.from) && keep(e.to)),
      refs: f.refs.filter((r) => keep(r.from)),
    };
  });
  const components = new Map<string, Component>();
  const edges = new Map<string, Edge>();
  const frameworks = new Map<string, Evidence[]>();
  const exports = new Map<string, Set<string>>();
  for (const f of findings) {
    for (const c of f.components) {
      const old = components.get(c.id);
      if (!old) components.set(c.id, { ...c, evidence: [...c.evidence] });
      else {
        old.evidence.push(...c.evidence);
        if (c.capabilities) old.capabilities = [...new Set([...(old.capabilities ?? []), ...c.capabilities])].sort();
        old.attributes = { ...c.attributes, ...old.attributes };
      }
    }
    for (const e of f.edges) addEdge(edges, e);
    for (const fw of f.frameworks) frameworks.set(fw.id, [...(frameworks.get(fw.id) ?? []), ...fw.evidence]);
    const ex = (f.facts.exports ?? {}) as Record<string, string[]>;
    for (const [sym, ids] of Object.entries(ex)) for (const id of ids) (exports.get(sym) ?? exports.set(sym, new Set()).get(sym)!).add(id);
  }
  // Several refs may read one name differently (tool, agent-as-tool, MCP server); unresolved means none resolved.
  const resolvedNames = new Set<string>();
  const pending: { from: string; kind: string; toName: string }[] = [];
  for (const f of findings) {
    for (const r of f.refs) {
      const byName = [...components.values()].filter((c) => c.name === r.toName && (!r.toKinds || r.toKinds.includes(c.kind)));
      const byExport = [...(exports.get(r.toName) ?? [])].map((id) => components.get(id)).filter((c): c is Component => !!c && (!r.toKinds || r.toKinds.includes(c.kind)));
      const targets = byName.length ? byName : byExport;
      if (targets.length) resolvedNames.add(`${r.from}|${r.toName}`);
      else pending.push({ from: r.from, kind: r.kind, toName: r.toName });
      for (const t of targets) addEdge(edges, r.inward ? { from: t.id, to: r.from, kind: r.kind, evidence: r.evidence } : { from: r.from, to: t.id, kind: r.kind, evidence: r.evidence });
    }
  }
  const unresolved = pending.filter((u, i) => !resolvedNames.has(`${u.from}|${u.toName}`) && pending.findIndex((x) => x.from === u.from && x.toName === u.toName) === i);
  return {
    frameworks: [...frameworks.entries()].map(([id, e]) => ({ id, evidence: ev(e) })).sort((a, b) => a.id.localeCompare(b.id)),
    components: [...components.values()]
      .map((c) => ({
        id: c.id,
        kind: c.kind,
        layer: c.layer,
        name: c.name,
        ...(c.framework ? { framework: c.framework } : {}),
        ...(c.capabilities?.length ? { capabilities: c.capabilities } : {}),
        ...(c.attributes && Object.keys(c.attributes).length ? { attributes: sortKeys(c.attributes) } : {}),
        evidence: ev(c.evidence),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].map((e) => ({ from: e.from, kind: e.kind, to: e.to, evidence: ev(e.evidence) })).sort((a, b) => `${a.from} ${a.kind} ${a.to}`.localeCompare(`${b.from} ${b.kind} ${b.to}`)),
    unresolved: unresolved.map(({ from, toName }) => ({ from, toName })).sort((a, b) => `${a.from} ${a.toName}`.localeCompare(`${b.from} ${b.toName}`)),
    diagnostics: findings.flatMap((f) => f.diagnostics.map((d) => ({ path: d.path, ...(d.line !== undefined ? { line: d.line } : {}), code: d.code }))).sort((a, b) => `${a.path}:${a.line}`.localeCompare(`${b.path}:${b.line}`)),
  };
}

function addEdge(edges: Map<string, Edge>, e: Edge): void {
  const key = `${e.from}|${e.kind}|${e.to}`;
  const old = edges.get(key);
  if (old) old.evidence.push(...e.evidence);
  else edges.set(key, { ...e, evidence: [...e.evidence] });
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
