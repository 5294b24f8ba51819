import type { Detector } from './types.js';

const NONE: readonly Detector[] = [];

/**
 * `path => detectors.filter((d) => d.wants(path))`, in registry order, without an array per path: paths that
 * select the same detectors share one frozen array (a tree of 50,000 paths selects a dozen different sets).
 */
export function selectDetectors(detectors: readonly Detector[]): (path: string) => readonly Detector[] {
  if (detectors.length > 30)
    return (path) => {
      const hit = detectors.filter((d) => d.wants(path));
      return hit.length ? hit : NONE;
    };
  const sets = new Map<number, readonly Detector[]>([[0, NONE]]);
  const n = detectors.length;
  return (path) => {
    let mask = 0;
    for (let i = 0; i < n; i++) if (detectors[i]!.wants(path)) mask |= 1 << i;
    let set = sets.get(mask);
    if (!set) sets.set(mask, (set = Object.freeze(detectors.filter((_, i) => mask & (1 << i)))));
    return set;
  };
}
