import { eventLoader } from '../detect/config/workflow-agents.js';
import type { Linker } from './build.js';
import { layerOf } from './kind-layers.js';
import { sortEvidence } from './order.js';
import type { Component, Edge, Evidence } from './types.js';

interface UntrustedCalls {
  triggers: string[];
  line: number;
  /** `trusted`: the line of the calling job's author_association check (workflow-agents.ts). */
  calls: { path: string; line: number; trusted?: number }[];
}

function isUntrustedCalls(v: unknown): v is UntrustedCalls {
  const u = v as UntrustedCalls;
  return !!u && Array.isArray(u.triggers) && typeof u.line === 'number' && Array.isArray(u.calls) && u.calls.every((c) => typeof c?.path === 'string' && typeof c.line === 'number' && (c.trusted === undefined || typeof c.trusted === 'number'));
}

/**
 * A workflow an outsider's event starts (an issue comment) often only dispatches to reusable workflows of the
 * same repository (`uses: ./.github/workflows/invoke.yml`), and those run the agent on the event they are handed
 * (`on: workflow_call`). The caller's event text is what those agents read: it is linked to them here, where
 * both files' findings are at hand (the detector sees one file).
 */
export const linkWorkflowCalls: Linker = ({ components, files }) => {
  const agentsOf = new Map<string, string[]>();
  for (const f of files) {
    const agents = f.findings.facts.workflowCallAgents;
    if (Array.isArray(agents)) agentsOf.set(f.path, agents.filter((a): a is string => typeof a === 'string'));
  }
  if (!agentsOf.size) return {};
  const ids = new Set(components.map((c) => c.id));
  const added: Component[] = [];
  // Evidence for a caller's own event loader (it runs an agent itself too), added to a copy: findings are shared.
  const more = new Map<string, Evidence[]>();
  const edges: Edge[] = [];
  for (const f of files) {
    const u = f.findings.facts.untrustedCalls;
    if (!isUntrustedCalls(u)) continue;
    const reached = u.calls.filter((c) => agentsOf.get(c.path)?.some((a) => ids.has(a)));
    if (!reached.length) continue;
    const ev = (line: number, note: string): Evidence => ({ path: f.path, line, note });
    const spec = eventLoader(u.triggers);
    const id = `${spec.kind}:${f.path}#${spec.name}`;
    const evidence = [ev(u.line, `on: ${u.triggers.join(', ')}`), ...reached.map((c) => ev(c.line, `uses: ./${c.path}`))];
    if (ids.has(id)) more.set(id, evidence.slice(1));
    else added.push({ id, kind: spec.kind, layer: layerOf(spec.kind), name: spec.name, attributes: { ...spec.attributes }, source: 'inferred', evidence });
    for (const c of reached) {
      for (const agent of agentsOf.get(c.path)!) if (ids.has(agent)) edges.push({ from: id, to: agent, kind: 'ingests', evidence: [ev(c.line, `hands its event to ${c.path}`)] });
    }
  }
  const checked = callerChecks(files, agentsOf, ids);
  for (const [agent, checks] of checked) more.set(agent, [...(more.get(agent) ?? []), ...checks]);
  const out = more.size ? components.map((c) => (more.has(c.id) ? withMore(c, more.get(c.id)!, checked.has(c.id)) : c)) : components;
  return { components: added.length ? [...out, ...added] : out, edges };
};

/** A copy with more evidence; an agent its callers check is marked as started only by trusted people. */
function withMore(c: Component, evidence: Evidence[], trusted: boolean): Component {
  return { ...c, ...(trusted ? { attributes: { ...(c.attributes ?? {}), trustedTrigger: true } } : {}), evidence: sortEvidence([...c.evidence, ...evidence]) };
}

/**
 * The agents of reusable workflows that only people with write access can reach: every job handing them an
 * outsider's event checks the author's association, and their own workflow hands them no outsider event directly
 * (an `ingests` edge in its file). Each gets the callers' checks as evidence of `trustedTrigger`.
 */
function callerChecks(files: Parameters<Linker>[0]['files'], agentsOf: Map<string, string[]>, ids: Set<string>): Map<string, Evidence[]> {
  const checks = new Map<string, Evidence[]>();
  const open = new Set<string>();
  for (const f of files) {
    for (const e of f.findings.edges) if (e.kind === 'ingests') open.add(e.to);
    const u = f.findings.facts.untrustedCalls;
    if (!isUntrustedCalls(u)) continue;
    for (const c of u.calls) {
      for (const agent of agentsOf.get(c.path) ?? []) {
        if (!ids.has(agent)) continue;
        if (c.trusted === undefined) open.add(agent);
        else checks.set(agent, [...(checks.get(agent) ?? []), { path: f.path, line: c.trusted, note: "the calling job's author_association check" }]);
      }
    }
  }
  for (const agent of open) checks.delete(agent);
  return checks;
}
