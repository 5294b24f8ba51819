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
