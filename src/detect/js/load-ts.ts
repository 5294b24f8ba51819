import type { ts } from 'ts-morph';

export type TS = typeof ts;

let loading: Promise<TS> | undefined;

/** ts-morph carries the TypeScript compiler (~9 MB); load it on the first JS/TS file that needs parsing, once. */
export function loadTs(): Promise<TS> {
  loading ??= import('ts-morph').then((m) => m.ts);
  return loading;
}
