import picomatch from 'picomatch';

const cache = new Map<string, (p: string) => boolean>();

/** Glob over repo-relative paths; `dot` so `.github/**` works as users expect. */
export function globMatch(glob: string, path: string): boolean {
  let m = cache.get(glob);
  if (!m) cache.set(glob, (m = picomatch(glob, { dot: true })));
  return m(path);
}
