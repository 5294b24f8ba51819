import type { LabelSet } from '../detect/infra/k8s.js';

/**
 * Workloads a label selector may select, found by one of its labels (or its template include) instead of testing
 * every workload: a superset of what `selects` accepts, in the order given, for the caller to filter.
 */
export class SelectorIndex<T> {
  private readonly byLabel = new Map<string, number[]>();
  private readonly byTemplate = new Map<string, number[]>();

  constructor(
    private readonly items: readonly T[],
    podOf: (item: T) => LabelSet,
  ) {
    items.forEach((item, k) => {
      const pod = podOf(item);
      if (pod.template !== undefined) push(this.byTemplate, pod.template, k);
      for (const [name, value] of Object.entries(pod.labels)) push(this.byLabel, labelKey(name, value), k);
    });
  }

  candidates(sel: LabelSet): T[] {
    if (sel.template !== undefined) return this.pick(this.byTemplate.get(sel.template));
    const names = Object.keys(sel.labels);
    if (names.length === 0) return [];
    // A selected pod carries every label of the selector: the rarest of them narrows the search most.
    let fewest: number[] | undefined;
    for (const name of names) {
      const value = sel.labels[name];
      if (value === undefined) continue;
      const at = this.byLabel.get(labelKey(name, value));
      if (!at) return [];
      if (!fewest || at.length < fewest.length) fewest = at;
    }
    return fewest ? this.pick(fewest) : [...this.items];
  }

  private pick(at: number[] | undefined): T[] {
    return (at ?? []).map((k) => this.items[k]!);
  }
}

function labelKey(name: string, value: unknown): string {
  return `${name}\0${String(value)}`;
}

function push<K>(m: Map<K, number[]>, key: K, k: number): void {
  const list = m.get(key);
  if (!list) m.set(key, [k]);
  else if (list[list.length - 1] !== k) list.push(k);
}
