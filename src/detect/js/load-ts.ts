import type { ts } from 'ts-morph';

export type TS = typeof ts;

let loading: Promise<TS> | undefined;

/**
 * The TypeScript compiler that ts-morph carries (~9 MB), loaded on the first JS/TS file that needs parsing, once.
 * Detectors only parse (no Project, no type checker), so they take the compiler from @ts-morph/common, ts-morph's
 * own package for it, without ts-morph's wrappers and the library .d.ts texts: a third less to compile at start.
 */
export function loadTs(): Promise<TS> {
  loading ??= import('@ts-morph/common/dist/typescript.js').then((m: { default?: TS } & Partial<TS>) => (m.default ?? (m as TS)));
  return loading;
}
