import type { Detector } from './types.js';

type Wants = (path: string) => boolean;

/** What `byExtension` attaches to the `wants` it makes, for the selector. */
interface ExtensionGate {
  /** Lowercase extensions of every path `wants` can be true for. */
  extensions: ReadonlySet<string>;
  /** `wants` for a path that has one of them. */
  test: Wants;
}

/** The text after the last `.` of the file name, as written (`''` without one). */
export function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1) : '';
}

/**
 * A `wants` that is false for a path whose extension (lowercased) is none of `extensions`, and `test` otherwise.
 * The selector then asks only the detectors that can want a path's extension: most are asked about few paths.
 */
export function byExtension(extensions: readonly string[], test: Wants): Wants {
  const set = new Set(extensions);
  const wants: Wants = (path) => set.has(extensionOf(path).toLowerCase()) && test(path);
  const gate: ExtensionGate = { extensions: set, test };
  return Object.assign(wants, { gate });
}

function gateOf(d: Detector): ExtensionGate | undefined {
  return (d.wants as Wants & { gate?: ExtensionGate }).gate;
}

const NONE: readonly Detector[] = [];

/**
 * `path => detectors.filter((d) => d.wants(path))`, in registry order. Detectors whose `wants` came from
 * `byExtension` are asked only about paths with their extensions (an extension's askers are worked out once), the
 * others about every path. Paths that select the same detectors share one frozen array.
 */
export function selectDetectors(detectors: readonly Detector[]): (path: string) => readonly Detector[] {
  if (detectors.length > 30)
    return (path) => {
      const hit = detectors.filter((d) => d.wants(path));
      return hit.length ? hit : NONE;
    };
  const gates = detectors.map(gateOf);
  /** By extension as written: bits and tests of the detectors to ask. */
  const askers = new Map<string, { bits: number[]; tests: Wants[] }>();
  const askersOf = (ext: string) => {
    const lower = ext.toLowerCase();
    const bits: number[] = [];
    const tests: Wants[] = [];
    detectors.forEach((d, i) => {
      const gate = gates[i];
      if (gate && !gate.extensions.has(lower)) return;
      bits.push(1 << i);
      tests.push(gate ? gate.test : d.wants.bind(d));
    });
    return { bits, tests };
  };
  const sets = new Map<number, readonly Detector[]>([[0, NONE]]);
  return (path) => {
    const ext = extensionOf(path);
    let ask = askers.get(ext);
    if (!ask) askers.set(ext, (ask = askersOf(ext)));
    let mask = 0;
    for (let i = 0; i < ask.tests.length; i++) if (ask.tests[i]!(path)) mask |= ask.bits[i]!;
    let set = sets.get(mask);
    if (!set) sets.set(mask, (set = Object.freeze(detectors.filter((_, i) => mask & (1 << i)))));
    return set;
  };
}
