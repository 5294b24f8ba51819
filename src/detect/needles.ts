import type { Detector } from './types.js';

const tests = new WeakMap<Detector, (text: string) => boolean>();

/**
 * The detector's needle gate as one compiled test: true when the text contains any needle (or the detector has
 * none). One alternation regex scans a text once, where `needles.some(includes)` scans it once per needle; the JS
 * detector has hundreds of needles and most files fail them all.
 */
export function needleTest(d: Detector): (text: string) => boolean {
  let t = tests.get(d);
  if (!t) {
    const needles = d.needles;
    if (!needles) t = () => true;
    else if (needles.length === 0) t = () => false;
    else if (needles.length === 1) {
      const n = needles[0];
      t = (text) => text.includes(n);
    } else {
      const re = new RegExp([...new Set(needles)].map(escape).join('|'));
      t = (text) => re.test(text);
    }
    tests.set(d, t);
  }
  return t;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when a detector's needle gate can be asked of `git grep -F` over raw bytes: it has needles, all of them
 * printable ASCII. Decoding (BOM, CRLF, invalid UTF-8) never changes ASCII bytes other than CR, so such a needle
 * is in the raw bytes exactly when it is in the decoded text.
 */
export function greppable(d: Detector): boolean {
  let g = greppables.get(d);
  if (g === undefined) {
    const needles = d.needles;
    g = !!needles && needles.length > 0 && needles.every((n) => /^[\t\x20-\x7e]+$/.test(n));
    greppables.set(d, g);
  }
  return g;
}

const greppables = new WeakMap<Detector, boolean>();
