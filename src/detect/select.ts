import type { Detector } from './types.js';

type Wants = (path: string) => boolean;

/** What a path's extension alone says about a detector wanting it: yes, no, or ask the path. */
export type ByExtension = 'yes' | 'no' | 'ask';

/**
 * Extensions: the text after the last `.` of the file name (`''` without one), without the dot. Listed lowercase;
 * with `anyCase` an extension matches in any ASCII case (as a regex's `i` flag without `u`).
 */
export interface ExtensionRule {
  yes?: readonly string[];
  ask?: readonly string[];
  no?: readonly string[];
  /** Extensions in none of the lists. */
  otherwise: 'no' | 'ask';
  anyCase?: boolean;
}

/** The text after the last `.` of the file name, as written (`''` without one). */
export function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1) : '';
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function ruleAnswer(rule: ExtensionRule): (ext: string) => ByExtension {
  const lists: [ByExtension, Set<string>][] = (['yes', 'ask', 'no'] as const).map((k) => [k, new Set(rule[k] ?? [])]);
  return (ext) => {
    const key = rule.anyCase ? asciiLower(ext) : ext;
    return lists.find(([, exts]) => exts.has(key))?.[0] ?? rule.otherwise;
  };
}

/** What `byExtension` attaches to the `wants` it makes, for the selector. */
interface Gate {
  answer: (ext: string) => ByExtension;
  test: Wants;
}

/**
 * A `wants` whose answer the path's extension gives (`yes`, `no`), or else `test` (`ask`). The selector works out
 * each extension's answers once and asks only the tests left: most paths are decided without calling any.
 */
export function byExtension(rule: ExtensionRule, test: Wants = () => false): Wants {
  const answer = ruleAnswer(rule);
  const wants: Wants = (path) => {
    const a = answer(extensionOf(path));
    return a === 'yes' || (a === 'ask' && test(path));
  };
  const gate: Gate = { answer, test };
  return Object.assign(wants, { gate });
}

function gateOf(d: Detector): Gate | undefined {
  return (d.wants as Wants & { gate?: Gate }).gate;
}

const NONE: readonly Detector[] = [];

/** For one extension: the detectors that want every path with it, and the tests of those that may. */
interface Plan {
  yes: number;
  bits: number[];
  tests: Wants[];
  /** The selection, when the extension decides every detector. */
  decided?: readonly Detector[];
}

/**
 * `path => detectors.filter((d) => d.wants(path))`, in registry order. A `wants` made by `byExtension` is decided
 * by the extension where it can be (worked out once per extension); others are asked about every path. Paths
 * that select the same detectors share one frozen array.
 */
export function selectDetectors(detectors: readonly Detector[]): (path: string) => readonly Detector[] {
  if (detectors.length > 30)
    return (path) => {
      const hit = detectors.filter((d) => d.wants(path));
      return hit.length ? hit : NONE;
    };
  const gates = detectors.map(gateOf);
  const plans = new Map<string, Plan>();
  const sets = new Map<number, readonly Detector[]>([[0, NONE]]);
  const setOf = (mask: number) => {
    let set = sets.get(mask);
    if (!set) sets.set(mask, (set = Object.freeze(detectors.filter((_, i) => mask & (1 << i)))));
    return set;
  };
  const planFor = (ext: string): Plan => {
    const plan: Plan = { yes: 0, bits: [], tests: [] };
    detectors.forEach((d, i) => {
      const gate = gates[i];
      const a = gate ? gate.answer(ext) : 'ask';
      if (a === 'yes') plan.yes |= 1 << i;
      else if (a === 'ask') {
        plan.bits.push(1 << i);
        plan.tests.push(gate ? gate.test : d.wants.bind(d));
      }
    });
    if (plan.tests.length === 0) plan.decided = setOf(plan.yes);
    return plan;
  };
  // Short ASCII extensions (nearly all) are packed into a number, so finding a path's plan copies nothing.
  const packed = new Map<number, Plan>();
  return (path) => {
    let plan: Plan | undefined;
    const key = packedExtension(path);
    if (key >= 0) {
      plan = packed.get(key);
      if (!plan) packed.set(key, (plan = planFor(extensionOf(path))));
    } else {
      const ext = extensionOf(path);
      plan = plans.get(ext);
      if (!plan) plans.set(ext, (plan = planFor(ext)));
    }
    if (plan.decided) return plan.decided;
    let mask = plan.yes;
    for (let i = 0; i < plan.tests.length; i++) if (plan.tests[i]!(path)) mask |= plan.bits[i]!;
    return setOf(mask);
  };
}

/**
 * `extensionOf(path)` as a number when it is at most 4 ASCII characters (7 bits each, below the length in the top
 * bits, so distinct extensions get distinct numbers); -1 otherwise.
 */
function packedExtension(path: string): number {
  let key = 0;
  for (let i = path.length - 1, n = 0; i >= 0; i--, n++) {
    const c = path.charCodeAt(i);
    if (c === 46) return (n << 28) | key;
    if (c === 47 || n === 4 || c > 127) break;
    key = (key << 7) | c;
  }
  // No dot in the file name: the extension is ''. A longer or non-ASCII one is looked up by its text.
  return path.lastIndexOf('.') > path.lastIndexOf('/') ? -1 : 0;
}
