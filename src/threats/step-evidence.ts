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
  // Every leading-folder prefix of every anchor folder: a site's score is then how many of its own leading
  // folders are in the set, which equals its best count of leading folders shared with any one anchor (a prefix
  // ending in '/' is shared with an anchor exactly when it is one of that anchor's prefixes).
  const prefixes = new Set<string>();
  const anchor = (p: string) => {
    for (let at = p.indexOf('/'); at >= 0; at = p.indexOf('/', at + 1)) prefixes.add(p.slice(0, at + 1));
  };
  steps.forEach((s, i) => {
    for (const e of s.linkEvidence) anchor(e.path);
    if (sorted[i]!.length <= STEP_SITES) for (const e of sorted[i]!) anchor(e.path);
  });
  return steps.map((s, i) => {
    const all = sorted[i]!;
    const sites = all.length <= STEP_SITES ? all : nearest(all, folders.of(all), prefixes);
    return { sites, evidence: union.of(sites, s.linkEvidence) };
  });
}

/** A list's distinct folders, each as its leading-folder prefixes (shortest first), and each site's folder. */
interface ListFolders {
  prefixes: string[][];
  folderOf: Int32Array;
}

/** Folders of evidence lists, remembered by list object (lists are not changed during an evaluation). */
export class SiteFolders {
  private readonly byList = new Map<readonly Evidence[], ListFolders>();

  of(list: readonly Evidence[]): ListFolders {
    let hit = this.byList.get(list);
    if (hit) return hit;
    const index = new Map<string, number>();
    const prefixes: string[][] = [];
    const folderOf = new Int32Array(list.length);
    list.forEach((e, k) => {
      const cut = e.path.lastIndexOf('/');
      const folder = cut < 0 ? '' : e.path.slice(0, cut + 1);
      let f = index.get(folder);
      if (f === undefined) {
        index.set(folder, (f = prefixes.length));
        const own: string[] = [];
        for (let at = folder.indexOf('/'); at >= 0; at = folder.indexOf('/', at + 1)) own.push(folder.slice(0, at + 1));
        prefixes.push(own);
      }
      folderOf[k] = f;
    });
    hit = { prefixes, folderOf };
    this.byList.set(list, hit);
    return hit;
  }
}

function nearest(all: readonly Evidence[], folders: ListFolders, anchors: ReadonlySet<string>): readonly Evidence[] {
  const depth = folders.prefixes.map((own) => {
    let d = 0;
    while (d < own.length && anchors.has(own[d]!)) d++;
    return d;
  });
  // Only the sites at the deepest shared folder: a site one folder closer than the rest is the one in this chain's
  // service, and the others at that depth would be its neighbours' (every service shares `services/`).
  let best = 0;
  for (const d of depth) if (d > best) best = d;
  if (best === 0) return all.slice(0, STEP_SITES);
  const out: Evidence[] = [];
  for (let k = 0; k < all.length && out.length < STEP_SITES; k++) if (depth[folders.folderOf[k]!] === best) out.push(all[k]!);
  return out;
}
