import { analyzeModule, type PyModule } from './module.js';

/**
 * Every Python rule module reads the same analysis; parsing once per blob keeps a file at one parse however
 * many rule families look at it. Small and bounded: detection streams files, so only the latest few matter.
 */
const MAX_ENTRIES = 16;
const cache = new Map<string, PyModule>();

export function analysisFor(path: string, text: string, blobId: string): PyModule {
  const key = `${blobId}\u0000${path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const mod = analyzeModule(path, text);
  cache.set(key, mod);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return mod;
}
