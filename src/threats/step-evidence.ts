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
 * of the chain's specific steps (the edges walked, and the steps whose components have no more than STEP_SITES
 * sites), and a site in the same file as one of those nearer still. A component with no more sites than that is
 * cited whole, as before; one with no site near the chain cites its first STEP_SITES.
 *
 * `folders` (one per evaluation) remembers each long evidence list's folders: the shared component is scored
 * again in every chain through it (300 chains over a 150-site model on the 50,000-file benchmark).
 */
export function chainStepSites(
  union: EvidenceUnion,
  steps: readonly { component: Component; linkEvidence: Evidence[] }[],
  folders: SiteFolders = new SiteFolders(),
): { sites: readonly Evidence[]; evidence: Evidence[] }[] {
  const sorted = steps.map((s) => union.sorted(s.component.evidence));
  // Every leading-folder prefix of every anchor folder, with its count of folders. A site's score (its most
  // leading folders shared with one anchor) is then the count of its own longest prefix in this set: a prefix
  // ending in '/' is shared with an anchor exactly when it is one of that anchor's prefixes, and the set holds
  // every shorter prefix of each one it holds.
  const anchors = new Map<string, number>();
  const anchor = (p: string) => {
    let depth = 0;
    for (let at = p.indexOf('/'); at >= 0; at = p.indexOf('/', at + 1)) anchors.set(p.slice(0, at + 1), ++depth);
    // The file itself, one deeper than its folder: of a model used across examples/, the site in the chain's own
    // file, not the folder's first file.
    anchors.set(p, depth + 1);
  };
  steps.forEach((s, i) => {
    for (const e of s.linkEvidence) anchor(e.path);
    if (sorted[i]!.length <= STEP_SITES) for (const e of sorted[i]!) anchor(e.path);
  });
  return steps.map((s, i) => {
    const all = sorted[i]!;
    const sites = all.length <= STEP_SITES ? all : nearest(all, folders.of(all), anchors);
    return { sites, evidence: union.of(sites, s.linkEvidence) };
  });
}

/** Folder prefixes of evidence lists, remembered by list object (lists are not changed during an evaluation). */
export class SiteFolders {
  private readonly byList = new Map<readonly Evidence[], Map<string, number[]>>();

  /** Each leading-folder prefix of the list's sites (ending in '/') and each site's path, with the places of the sites there, ascending. */
  of(list: readonly Evidence[]): ReadonlyMap<string, readonly number[]> {
    let under = this.byList.get(list);
    if (under) return under;
    under = new Map();
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!.path;
      const add = (prefix: string) => {
        const places = under.get(prefix);
        if (!places) under.set(prefix, [k]);
        else if (places[places.length - 1] !== k) places.push(k);
      };
      for (let at = p.indexOf('/'); at >= 0; at = p.indexOf('/', at + 1)) add(p.slice(0, at + 1));
      add(p);
    }
    this.byList.set(list, under);
    return under;
  }
}

/**
 * Only the sites at the deepest shared folder: a site one folder closer than the rest is the one in this chain's
 * service, and the others at that depth would be its neighbours' (every service shares `services/`). A site
 * scores `best` exactly when its prefix of `best` folders is an anchor prefix, so the deepest anchor prefixes that
 * the list has name those sites; the anchors are few, where a shared component's sites run to hundreds.
 */
function nearest(all: readonly Evidence[], under: ReadonlyMap<string, readonly number[]>, anchors: ReadonlyMap<string, number>): readonly Evidence[] {
  let best = 0;
  for (const [prefix, depth] of anchors) if (depth > best && under.has(prefix)) best = depth;
  if (best === 0) return all.slice(0, STEP_SITES);
  // Prefixes of one depth hold disjoint sites (a site has one prefix of each depth).
  let places: number[] = [];
  for (const [prefix, depth] of anchors) if (depth === best) places.push(...(under.get(prefix) ?? []).slice(0, STEP_SITES));
  if (places.length > STEP_SITES) places = places.sort((a, b) => a - b).slice(0, STEP_SITES);
  else places.sort((a, b) => a - b);
  return places.map((k) => all[k]!);
}
