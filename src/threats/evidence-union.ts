import type { Evidence } from '../model/types.js';
import { cmp, sortEvidence } from '../model/order.js';

const order = (a: Evidence, b: Evidence) => cmp(a.path, b.path) || a.line - b.line || cmp(a.note ?? '', b.note ?? '');

/**
 * `sortEvidence([...base, ...extra])` without re-sorting `base` every time. A component's evidence comes out of the
 * model sorted and without duplicates, and the same component (a model used by every agent, with evidence in
 * thousands of files) is reported by many findings: then only the few extra items are sorted and merged in.
 * One instance per evaluation, because it remembers which lists it found sorted.
 */
export class EvidenceUnion {
  private readonly known = new Map<readonly Evidence[], boolean>();

  of(base: readonly Evidence[], extra: readonly Evidence[] = []): Evidence[] {
    if (!this.isSorted(base)) return sortEvidence([...base, ...extra]);
    if (extra.length === 0) return [...base];
    const more = sortEvidence(extra);
    if (!more.every((e) => Number.isFinite(e.line))) return sortEvidence([...base, ...extra]);
    const out: Evidence[] = [];
    let i = 0;
    let j = 0;
    while (i < base.length && j < more.length) {
      const c = order(base[i]!, more[j]!);
      if (c < 0) out.push(base[i++]!);
      else if (c > 0) out.push(more[j++]!);
      // The same item twice: sortEvidence keeps the first, which is base's.
      else (out.push(base[i++]!), j++);
    }
    while (i < base.length) out.push(base[i++]!);
    while (j < more.length) out.push(more[j++]!);
    return out;
  }

  /** `sortEvidence(list)`, or the list itself when it already is that (so never change what this returns). */
  sorted(list: readonly Evidence[]): readonly Evidence[] {
    return this.isSorted(list) ? list : sortEvidence(list);
  }

  /** `sortEvidence(list)[0]`. */
  first(list: readonly Evidence[]): Evidence | undefined {
    return this.isSorted(list) ? list[0] : sortEvidence(list)[0];
  }

  /** Strictly increasing, so already what sortEvidence gives: no duplicates, no line that is not a number. */
  private isSorted(list: readonly Evidence[]): boolean {
    let known = this.known.get(list);
    if (known === undefined) {
      known = list.every((e, k) => Number.isFinite(e.line) && (k === 0 || order(list[k - 1]!, e) < 0));
      this.known.set(list, known);
    }
    return known;
  }
}
