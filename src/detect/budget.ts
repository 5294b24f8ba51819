import type { Tree } from '@lezer/common';

/** Per-file time budget: a parser that takes longer than this on one file gets a `timeout` diagnostic. */
export const FILE_BUDGET_MS = 5_000;

/** Thrown by a parse that ran out of its budget; the runner reports it as a `timeout` and skips the file. */
export class OverBudget extends Error {
  constructor(readonly ms: number, readonly at: number, what = 'parse') {
    super(`${what} stopped after ${ms} ms at offset ${at}`);
  }
}

interface LezerParser {
  startParse(input: string): { advance(): Tree | null; readonly parsedPos: number };
}

/**
 * A grammar whose module is imported on its first use, not at start (building parse tables costs tens of
 * milliseconds, and some grammars bring large packages): `load` once, then `parse` within the budget. `load` is
 * given the import, written where the grammar is named, so the bundler splits it into a chunk of its own.
 */
export function lazyGrammar(name: string, load: () => Promise<LezerParser>): { load: () => Promise<void>; parse: (text: string) => Tree } {
  let parser: LezerParser | undefined;
  let loading: Promise<void> | undefined;
  return {
    load: () => (loading ??= load().then((p) => void (parser = p))),
    parse: (text) => {
      if (!parser) throw new Error(`the ${name} grammar is not loaded`);
      return parseWithin(parser, text);
    },
  };
}

/**
 * A Lezer parse that stops at a deadline. Lezer's error recovery can take seconds on text that is nothing like
 * the grammar (64 KB of random bytes named main.tf took 12 s), and a plain `parse()` cannot be interrupted.
 */
export function parseWithin(parser: LezerParser, text: string, ms = FILE_BUDGET_MS): Tree {
  const started = Date.now();
  const run = parser.startParse(text);
  for (let steps = 1; ; steps++) {
    const tree = run.advance();
    if (tree) return tree;
    // Date.now() costs more than a parse step; look at the clock every few hundred steps.
    if (steps % 256 === 0 && Date.now() - started > ms) throw new OverBudget(Date.now() - started, run.parsedPos);
  }
}
