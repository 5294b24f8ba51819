import { lazyGrammar } from '../budget.js';

/** The HCL grammar (hcl-parser.ts), loaded on the first Terraform file to parse. */
const hcl = lazyGrammar('HCL', () => import('./hcl-parser.js').then((m) => m.hclParser));

export const loadHcl = hcl.load;
/** A parse within the file's time budget (see parseWithin); the grammar must be loaded (loadHcl). */
export const parseHclTree = hcl.parse;
