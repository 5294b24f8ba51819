/**
 * Items (code components) found by path prefix: which of them have a file at or below any of some folders or
 * files, as `isUnder(file, prefix)` decides, answered from an index of every prefix of every file instead of a test
 * of every pair. Answers keep the order the items were given in.
 */
export class PrefixIndex<T> {
  private readonly under = new Map<string, number[]>();
  private readonly placed: T[];

  constructor(
    private readonly items: readonly T[],
    pathsOf: (item: T) => readonly string[],
  ) {
    items.forEach((item, k) => {
      for (const p of pathsOf(item)) {
        // isUnder(p, prefix) holds for p itself and for each prefix that ends where p has a slash.
        this.note(p, k);
        for (let at = p.indexOf('/'); at >= 0; at = p.indexOf('/', at + 1)) this.note(p.slice(0, at), k);
      }
    });
    this.placed = items.filter((item) => pathsOf(item).length > 0);
  }

  /** Items with a path under any of the prefixes; the empty prefix is the whole repository. */
  at(prefixes: readonly string[]): T[] {
    if (prefixes.includes('')) return this.placed;
    if (prefixes.length === 1) return (this.under.get(prefixes[0]!) ?? []).map((k) => this.items[k]!);
    const hits = new Set<number>();
    for (const p of prefixes) for (const k of this.under.get(p) ?? []) hits.add(k);
    return [...hits].sort((a, b) => a - b).map((k) => this.items[k]!);
  }

  private note(prefix: string, k: number): void {
    const list = this.under.get(prefix);
    if (!list) this.under.set(prefix, [k]);
    else if (list[list.length - 1] !== k) list.push(k);
  }
}
