import type { Component, Evidence } from '../model/types.js';
import type { EvidenceUnion } from './evidence-union.js';

/**
 * Sites a chain step cites of its component, at most. A component shared across a monorepo (one model id used by
 * 150 agents) has evidence in every file that uses it; each chain through it cited all of them, first in path
 * order, so a chain in services/agent-57 pointed at services/agent-0 and the report grew by the whole list per
 * chain. The component's full list stays on the component.
 */
export const STEP_SITES = 8;

/**
 * Per step: the sites of its component nearest the rest of the chain (up to STEP_SITES, in evidence order), and
 * that list with the edges walked to reach it. "Nearest" is the longest run of leading folders shared with a site
 * of the chain's specific steps: the edges walked, and the steps whose components have no more than STEP_SITES
 * sites. A component with no more sites than that is cited whole, as before; one with no site near the chain
 * cites its first STEP_SITES.
 */
export function chainStepSites(union: EvidenceUnion, steps: readonly { component: Component; linkEvidence: Evidence[] }[]): { sites: Evidence[]; evidence: Evidence[] }[] {
  const sorted = steps.map((s) => union.of(s.component.evidence));
  const anchors = new Set<string>();
  steps.forEach((s, i) => {
    for (const e of s.linkEvidence) anchors.add(folderOf(e.path));
    if (sorted[i]!.length <= STEP_SITES) for (const e of sorted[i]!) anchors.add(folderOf(e.path));
  });
  const folders = [...anchors].sort();
  return steps.map((s, i) => {
    const all = sorted[i]!;
    const sites = all.length <= STEP_SITES ? all : nearest(all, folders);
    return { sites, evidence: union.of(sites, s.linkEvidence) };
  });
}

function nearest(all: readonly Evidence[], folders: readonly string[]): Evidence[] {
  const depth = new Map<string, number>();
  const score = (p: string) => {
    let d = depth.get(p);
    if (d === undefined) {
      const f = folderOf(p);
      d = 0;
      for (const a of folders) d = Math.max(d, shared(f, a));
      depth.set(p, d);
    }
    return d;
  };
  // Only the sites at the deepest shared folder: a site one folder closer than the rest is the one in this chain's
  // service, and the others at that depth would be its neighbours' (every service shares `services/`).
  let best = 0;
  for (const e of all) best = Math.max(best, score(e.path));
  const picked = best === 0 ? all : all.filter((e) => score(e.path) === best);
  return picked.slice(0, STEP_SITES);
}

/** The folder part of a path with a trailing slash ('' at the root), so shared prefixes end on whole names. */
function folderOf(p: string): string {
  const cut = p.lastIndexOf('/');
  return cut < 0 ? '' : p.slice(0, cut + 1);
}

/** Leading folders two folder strings (as folderOf gives) have in common. */
function shared(a: string, b: string): number {
  let n = 0;
  const len = Math.min(a.length, b.length);
  for (let k = 0; k < len; k++) {
    if (a.charCodeAt(k) !== b.charCodeAt(k)) break;
    if (a.charCodeAt(k) === 47) n++;
  }
  return n;
}
