import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pkg from '../package.json';
import { launcher } from './launch/launcher-info.js';

export const TOOL_VERSION: string = pkg.version;

let code: string | undefined;

/**
 * A fingerprint of the running code, for cache keys: the hash of the bundle's own bytes, so results a different
 * build computed are never reused (detectors carry versions; the model and threat stages do not). From source
 * (the test runner) it is `src`.
 */
export function codeVersion(): string {
  if (code) return code;
  code = 'src';
  if (typeof __filename !== 'undefined' && /\.[cm]?js$/.test(__filename)) {
    try {
      // The CLI's launcher hashed the bundle already, naming its code-cache entry.
      code = (launcher()?.sourceHash(__filename) ?? createHash('sha256').update(readFileSync(__filename)).digest('hex')).slice(0, 12);
    } catch {
      // Unreadable bundle: caches are then keyed by the tool version alone.
    }
  }
  return code;
}
