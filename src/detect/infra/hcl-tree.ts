import type { Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { parseWithin } from '../budget.js';

let parser: LRParser | undefined;
let loading: Promise<void> | undefined;

/** The HCL grammar (hcl-parser.ts), loaded on the first Terraform file to parse, once. */
export function loadHcl(): Promise<void> {
  loading ??= import('./hcl-parser.js').then((m) => void (parser = m.hclParser));
  return loading;
}

/** A parse within the file's time budget (see parseWithin); the grammar must be loaded (loadHcl). */
export function parseHclTree(text: string): Tree {
  if (!parser) throw new Error('the HCL grammar is not loaded (loadHcl)');
  return parseWithin(parser, text);
}
