import type { ts } from 'ts-morph';
import type { AttrValue, Component, Diagnostic, Edge, EdgeRef, Evidence, Layer } from '../../model/types.js';
import { layerOf } from '../../model/kind-layers.js';
import type { Findings } from '../types.js';
import { sortEvidence, cmp } from '../../model/order.js';

export interface NewComponent {
  kind: string;
  name: string;
  /** Repo-global things (models, remote MCP servers, vector-store providers) get `${kind}:${name}` ids. */
  global?: boolean;
  framework?: string;
  capabilities?: string[];
  attributes?: Record<string, AttrValue>;
  confidence?: 'high' | 'low';
}

/** The edge kind an agent-ish component uses to reach a target of this kind. */
export function edgeKindTo(targetKind: string): string | undefined {
  switch (targetKind) {
    case 'model':
    case 'llm-gateway':
      return 'uses-model';
    case 'tool':
      return 'uses-tool';
    case 'memory':
      return 'uses-memory';
    case 'vector-store':
      return 'retrieves';
    case 'mcp-server':
      return 'connects-mcp';
    case 'agent':
    case 'peer-agent':
      return 'delegates';
    case 'database':
      return 'queries';
    default:
      return undefined;
  }
}

/** Collects one file's findings; merges components by id and sorts everything on the way out. */
export class FileOut {
  readonly components = new Map<string, Component>();
  /** Components produced by a construction/call node, for argument-passing edges. */
  readonly byNode = new Map<ts.Node, string[]>();
  private readonly edges = new Map<string, Edge>();
  private readonly refs = new Map<string, EdgeRef>();
  private readonly frameworks = new Map<string, Evidence[]>();
  readonly diagnostics: Diagnostic[] = [];
  readonly facts: Record<string, unknown> = {};

  constructor(readonly path: string) {}

  ev(line: number, note?: string): Evidence {
    return note ? { path: this.path, line, note } : { path: this.path, line };
  }

  idFor(kind: string, name: string, global = false): string {
    return global ? `${kind}:${name}` : `${kind}:${this.path}#${name}`;
  }

  add(c: NewComponent, line: number, note: string, node?: ts.Node): string {
    const id = this.idFor(c.kind, c.name, c.global);
    const existing = this.components.get(id);
    if (existing) {
      existing.evidence.push(this.ev(line, note));
      if (c.capabilities?.length) existing.capabilities = [...new Set([...(existing.capabilities ?? []), ...c.capabilities])].sort();
      if (c.attributes) existing.attributes = { ...(existing.attributes ?? {}), ...c.attributes };
      if (c.framework && !existing.framework) existing.framework = c.framework;
    } else {
      const comp: Component = { id, kind: c.kind, layer: layerOf(c.kind), name: c.name, source: 'inferred', evidence: [this.ev(line, note)] };
      if (c.framework) comp.framework = c.framework;
      if (c.capabilities?.length) comp.capabilities = [...new Set(c.capabilities)].sort();
      if (c.attributes && Object.keys(c.attributes).length) comp.attributes = { ...c.attributes };
      if (c.confidence) comp.confidence = c.confidence;
      this.components.set(id, comp);
    }
    if (node) {
      const list = this.byNode.get(node) ?? [];
      if (!list.includes(id)) list.push(id);
      this.byNode.set(node, list);
    }
    return id;
  }

  /** Sets an attribute and records the line that shows it. */
  attr(id: string, key: string, value: AttrValue, line?: number): void {
    const c = this.components.get(id);
    if (!c) return;
    c.attributes = { ...(c.attributes ?? {}), [key]: value };
    if (line !== undefined) c.evidence.push(this.ev(line, key));
  }

  capability(id: string, caps: Iterable<string>): void {
    const c = this.components.get(id);
    if (!c) return;
    c.capabilities = [...new Set([...(c.capabilities ?? []), ...caps])].sort();
    if (!c.capabilities.length) delete c.capabilities;
  }

  edge(from: string, to: string, kind: string, line: number, note?: string): void {
    if (from === to) return;
    const key = `${from}\0${to}\0${kind}`;
    const e = this.edges.get(key);
    if (e) e.evidence.push(this.ev(line, note));
    else this.edges.set(key, { from, to, kind, evidence: [this.ev(line, note)] });
  }

  ref(from: string, toName: string, kind: string, toKinds: string[], line: number): void {
    const key = `${from}\0${toName}\0${kind}`;
    const r = this.refs.get(key);
    if (r) {
      r.evidence.push(this.ev(line));
      r.toKinds = [...new Set([...(r.toKinds ?? []), ...toKinds])].sort();
    } else this.refs.set(key, { from, toName, toKinds: [...toKinds].sort(), kind, evidence: [this.ev(line)] });
  }

  framework(id: string, line: number, note: string): void {
    const list = this.frameworks.get(id) ?? [];
    list.push(this.ev(line, note));
    this.frameworks.set(id, list);
  }

  hasAnyFramework(): boolean {
    return this.frameworks.size > 0;
  }

  hasFramework(id: string): boolean {
    return this.frameworks.has(id);
  }

  /**
   * Agent -> MCP client becomes agent -> each server the client connects to. An agent whose every tool waits for
   * approval is marked as asking for it; one ungated tool leaves it unmarked (the mark credits all its tools).
   */
  private settle(): void {
    for (const [key, e] of [...this.edges]) {
      if (e.kind !== 'connects-mcp' || this.components.get(e.to)?.kind !== 'mcp-client') continue;
      this.edges.delete(key);
      for (const s of [...this.edges.values()]) {
        if (s.from === e.to && s.kind === 'connects-mcp') for (const ev of e.evidence) this.edge(e.from, s.to, 'connects-mcp', ev.line, ev.note);
      }
    }
    const gated = new Map<string, boolean>();
    for (const e of this.edges.values()) {
      if (e.kind !== 'uses-tool' || this.components.get(e.from)?.kind !== 'agent') continue;
      const approved = this.components.get(e.to)?.attributes?.humanApproval === true;
      gated.set(e.from, (gated.get(e.from) ?? true) && approved);
    }
    // A tool named here but defined in another file is not known to wait for anyone.
    for (const r of this.refs.values()) if (r.kind === 'uses-tool' && gated.has(r.from)) gated.set(r.from, false);
    for (const [id, all] of gated) {
      const agent = this.components.get(id)!;
      if (all && agent.attributes?.humanApproval === undefined) agent.attributes = { ...(agent.attributes ?? {}), humanApproval: true };
    }
  }

  finish(): Findings {
    this.settle();
    const components = [...this.components.values()]
      .map((c) => ({ ...c, evidence: sortEvidence(c.evidence) }))
      .sort((a, b) => cmp(a.id, b.id));
    const edges = [...this.edges.values()]
      .filter((e) => this.components.has(e.from) && this.components.has(e.to))
      .map((e) => ({ ...e, evidence: sortEvidence(e.evidence) }))
      .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind));
    const refs = [...this.refs.values()]
      .filter((r) => this.components.has(r.from))
      .map((r) => ({ ...r, evidence: sortEvidence(r.evidence) }))
      .sort((a, b) => cmp(a.from, b.from) || cmp(a.toName, b.toName) || cmp(a.kind, b.kind));
    const frameworks = [...this.frameworks.entries()]
      .map(([id, ev]) => ({ id, confidence: 'high' as const, evidence: sortEvidence(ev) }))
      .sort((a, b) => cmp(a.id, b.id));
    const diagnostics = [...this.diagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || cmp(a.code, b.code));
    return { components, edges, refs, frameworks, diagnostics, facts: this.facts };
  }
}
