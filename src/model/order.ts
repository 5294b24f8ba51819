import type { Evidence } from './types.js';

// One ordering for every stage. Reports must be byte-identical on every machine, so strings compare by code
// unit (never localeCompare, which depends on the locale).

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order sortEvidence sorts by. */
export function evidenceOrder(a: Evidence, b: Evidence): number {
  return cmp(a.path, b.path) || a.line - b.line || cmp(a.note ?? '', b.note ?? '');
}

/**
 * A list already in strictly increasing order with numeric lines: no two items share sortEvidence's key (items
 * that differ under the order differ in path, line or note), so sortEvidence would give it back as it is.
 */
export function strictlySorted(list: readonly Evidence[]): boolean {
  for (let k = 0; k < list.length; k++) {
    if (!Number.isFinite(list[k]!.line)) return false;
    if (k > 0 && !(evidenceOrder(list[k - 1]!, list[k]!) < 0)) return false;
  }
  return true;
}

/** Evidence without duplicates, by path, line, then note. */
export function sortEvidence(list: readonly Evidence[]): Evidence[] {
  // Most lists (one item, or merged from sorted parts) already are the answer: a check is cheaper than a key per item.
  if (strictlySorted(list)) return [...list];
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of list) {
    const key = `${e.path}\0${e.line}\0${e.note ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort(evidenceOrder);
}

/** Offsets at which each line of `text` starts (lines end at `\n` only). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The 1-based line of a character offset in `text`, by a search in its line starts, found on the first question:
 * counting from the start for each offset made a file with thousands of them quadratic.
 */
export function lineIndex(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => lastAtOrBelow((starts ??= lineStarts(text)), offset) + 1;
}

/** Index of the last element of an ascending `sorted` that is <= `v` (0 when none is): line of an offset, run of a position. */
export function lastAtOrBelow(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `[...list].sort(order)`, without the sort when the list is in order already (a stable sort would not move it). */
export function sortedCopy<T>(list: readonly T[], order: (a: T, b: T) => number): T[] {
  return inOrder(list, order) ? [...list] : [...list].sort(order);
}

/** No neighbours out of `order`: a check is cheaper than a sort that would change nothing. */
export function inOrder<T>(list: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let k = 1; k < list.length; k++) if (order(list[k - 1]!, list[k]!) > 0) return false;
  return true;
}
