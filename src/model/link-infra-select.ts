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

/**
 * NetworkPolicies that may apply to a pod, found from the pod's own labels instead of testing every policy: those
 * that select everything, those that share its template include, and those keyed by one label the pod carries. A
 * superset of the policies whose selector takes the pod, in the order given, for the caller to test in full.
 */
export class PolicyIndex<T> {
  private readonly always: number[] = [];
  private readonly byLabel = new Map<string, number[]>();
  private readonly byTemplate = new Map<string, number[]>();

  constructor(
    private readonly items: readonly T[],
    selectorOf: (item: T) => LabelSet,
  ) {
    items.forEach((item, k) => {
      const sel = selectorOf(item);
      if (sel.template !== undefined) return push(this.byTemplate, sel.template, k);
      const first = Object.entries(sel.labels).find(([, v]) => v !== undefined);
      if (first) push(this.byLabel, labelKey(first[0], first[1]), k);
      else this.always.push(k);
    });
  }

  /** For a workload without pod facts (`pod` undefined) only the policies that select everything can apply. */
  candidates(pod: LabelSet | undefined): T[] {
    const at = new Set(this.always);
    if (pod) {
      if (pod.template !== undefined) for (const k of this.byTemplate.get(pod.template) ?? []) at.add(k);
      for (const [name, value] of Object.entries(pod.labels)) for (const k of this.byLabel.get(labelKey(name, value)) ?? []) at.add(k);
    }
    return [...at].sort((a, b) => a - b).map((k) => this.items[k]!);
  }
}
