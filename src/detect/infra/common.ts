import type { Component, Diagnostic, Evidence, Layer } from '../../model/types.js';
import type { Findings } from '../types.js';
import { sortEvidence, cmp } from '../../model/order.js';

/** Layers of the infra kinds, as catalogs/kinds.yaml declares them (a test keeps the two in step). */
export const INFRA_LAYERS: Record<string, Layer> = {
  'container-image': 'L4',
  'compose-service': 'L4',
  'k8s-workload': 'L4',
  'k8s-exposure': 'L4',
  'cloud-resource': 'L4',
  'ci-workflow': 'L3',
  'dependency-manifest': 'L3',
};

export type Attrs = Record<string, string | number | boolean | string[] | undefined>;

/** Builds a component; attributes left `undefined` (unknown) are dropped rather than guessed. */
export function component(
  kind: string,
  path: string,
  name: string,
  attrs: Attrs,
  evidence: Evidence[],
  confidence?: 'high' | 'low',
): Component {
  const attributes: Record<string, string | number | boolean | string[]> = {};
  for (const key of Object.keys(attrs).sort()) {
    const v = attrs[key];
    if (v === undefined) continue;
    attributes[key] = Array.isArray(v) ? [...new Set(v)].sort() : v;
  }
  const c: Component = {
    id: `${kind}:${path}#${name}`,
    kind,
    layer: INFRA_LAYERS[kind] ?? 'L4',
    name,
    attributes,
    source: 'inferred',
    evidence: sortEvidence(evidence),
  };
  if (confidence) c.confidence = confidence;
  return c;
}

/** Sorts what a detector emits so output never depends on traversal order. */
export function finish(f: Findings): Findings {
  f.components.sort((a, b) => cmp(a.id, b.id));
  f.edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind));
  f.diagnostics.sort(
    (a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
  return f;
}

export function diag(path: string, line: number | undefined, code: string, message: string): Diagnostic {
  return line === undefined ? { path, code, message } : { path, line, code, message };
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Joins repo-relative paths and normalises `.`/`..`; returns null when the result leaves the repository. */
export function joinRepoPath(base: string, rel: string): string | null {
  if (rel.startsWith('/')) return null;
  const parts = base ? base.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** True when `path` equals `prefix` or lies under it (`prefix` '' is the repository root). */
export function isUnder(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(prefix + '/');
}

/** Variable names that carry credentials. */
const SECRET_NAME = /(api[_-]?key|token|secret|passw(or)?d|passwd|private[_-]?key|access[_-]?key|credentials?)$/i;
const SECRET_WORD = /(^|_)(token|secret|password|apikey|api_key)(_|$)/i;
/** Values that only name something else (a variable, a template, a file) are not secrets. */
const NOT_A_LITERAL = /^(\$|\{\{|<|%|\*{3,}|changeme$|placeholder$|xxx+$|your[_-])|\$\{|\$\(/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_WORD.test(name);
}

/** A credential-like variable holding a literal value (never returned: callers only learn that it is one). */
export function isLiteralSecret(name: string, value: string | null | undefined): boolean {
  if (!isSecretName(name) || value == null) return false;
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v.length < 4 || NOT_A_LITERAL.test(v)) return false;
  if (/^(true|false|null|none|\d{1,3})$/i.test(v)) return false;
  // Names of files that hold the secret (`*_FILE`, `/run/secrets/x`) point elsewhere.
  if (/_FILE$/i.test(name) || v.startsWith('/')) return false;
  return true;
}

export function secretDiagnostic(path: string, line: number, where: string, name: string): Diagnostic {
  return diag(path, line, 'secret-found', `${where} ${name} holds a literal credential (value redacted)`);
}
