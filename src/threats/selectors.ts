import ignore from 'ignore';
import type { Layer } from '../model/types.js';
import type { FindingSelector } from './context.js';

/** What a manifest selector can see of a finding (a threat has one component; a chain has several). */
export interface FindingView {
  fingerprint: string;
  threatIds: string[];
  templateId?: string;
  componentIds: string[];
  layers: Layer[];
  paths: string[];
}

const globs = new Map<string, (p: string) => boolean>();

/** Gitignore-style glob over repo-relative paths (the `ignore` package implements the grammar). */
export function globMatch(glob: string, p: string): boolean {
  let fn = globs.get(glob);
  if (!fn) {
    const ig = ignore().add(glob);
    fn = (x: string) => {
      try {
        return ig.ignores(x);
      } catch {
        return false;
      }
    };
    globs.set(glob, fn);
  }
  return fn(p);
}

/** Every field the selector gives must match. */
export function selects(sel: FindingSelector, v: FindingView): boolean {
  if (sel.fingerprint !== undefined && sel.fingerprint !== v.fingerprint) return false;
  if (sel.threatId !== undefined && !v.threatIds.includes(sel.threatId)) return false;
  if (sel.templateId !== undefined && sel.templateId !== v.templateId) return false;
  if (sel.componentId !== undefined && !v.componentIds.includes(sel.componentId)) return false;
  if (sel.layer !== undefined && !v.layers.includes(sel.layer)) return false;
  if (sel.path !== undefined && !v.paths.some((p) => globMatch(sel.path!, p))) return false;
  return true;
}
