import { createHash, hash } from 'node:crypto';
import type { Component } from '../model/types.js';
import { cmp, inOrder } from '../model/order.js';

// A fingerprint names a finding across commits. It is built from what the finding is about (threat or template,
// and each component's kind, name and framework), never from paths or lines, so moving or editing around a file
// keeps it, while swapping a component in a chain changes it.

export function shortHash(...parts: string[]): string {
  const text = parts.join('\u0000');
  // The one-shot hash (Node 20.12+) is a third of the cost of a Hash object, and a scan makes one per finding.
  return (typeof hash === 'function' ? hash('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex')).slice(0, 16);
}

/**
 * Path-free identity of every component. Two components that share kind, name and framework (two tools named
 * `search` in different files) get `#2`, `#3`... in the order of their ids, so they do not collide.
 */
export function identities(components: readonly Component[]): Map<string, string> {
  const out = new Map<string, string>();
  const count = new Map<string, number>();
  // The graph hands its components already in id order; the (stable) sort would give them back as they are.
  const byId = inOrder(components, byIdOrder) ? components : [...components].sort(byIdOrder);
  for (const c of byId) {
    if (out.has(c.id)) continue;
    // A repo-global component (a model, a vector store, a remote MCP server: no `#symbol` in its id) is one thing
    // however many files use it; which framework the first of them used is not part of what it is.
    const framework = c.id.includes('#') ? (c.framework ?? '') : '';
    const base = `${c.kind}\u0001${c.name}\u0001${framework}`;
    const n = (count.get(base) ?? 0) + 1;
    count.set(base, n);
    out.set(c.id, n === 1 ? base : `${base}#${n}`);
  }
  return out;
}

const byIdOrder = (a: Component, b: Component) => cmp(a.id, b.id);

export function threatFingerprint(threatId: string, identity: string): string {
  return shortHash('threat', threatId, identity);
}

export function chainFingerprint(templateId: string, steps: { identity: string; threatId: string }[]): string {
  return shortHash('chain', templateId, ...steps.flatMap((s) => [s.identity, s.threatId]));
}
