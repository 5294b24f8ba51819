import type { Component, Diagnostic, Edge, EdgeRef, Evidence } from '../model/types.js';

export interface FileInput {
  path: string;
  text: string;
  blobId: string;
}

/** What one detector found in one file. Pure data, so it can be cached by blob id. */
export interface Findings {
  components: Component[];
  edges: Edge[];
  refs: EdgeRef[];
  frameworks: { id: string; confidence: 'high' | 'low'; evidence: Evidence[] }[];
  diagnostics: Diagnostic[];
  /** Facts other stages read (e.g. `defines: ['run_shell']`, Dockerfile `copies: ['src/']`); JSON-serialisable. */
  facts: Record<string, unknown>;
}

/**
 * One detector = one module. It declares which files it wants (by path, then by cheap content needles) and turns
 * one file into findings. It never executes, imports or fetches anything from the scanned repository.
 */
export interface Detector {
  /** Stable id; part of the cache key. */
  id: string;
  /** Bump when output for the same input changes, to invalidate cached results. */
  version: number;
  /** Cheap path test: extension or name. */
  wants(path: string): boolean;
  /** When given, the file is parsed only if it contains at least one of these substrings. */
  needles?: string[];
  detect(file: FileInput): Findings | Promise<Findings>;
  /**
   * Code detectors: a test file (`isTestCode`) that passes the needles is marked (`TEST_CODE_MARK`) and not
   * parsed, as the model sets tests aside (src/model/set-aside-tests.ts) and a test suite can outweigh the code.
   */
  marksTests?: boolean;
  /** Loads a costly parser ahead of the first file, so a worker thread does it while files are still being listed. */
  warm?(): Promise<void>;
}

/** The fact a `marksTests` detector records for a test file it did not parse. */
export const TEST_CODE_MARK = 'testCode';

export function emptyFindings(): Findings {
  return { components: [], edges: [], refs: [], frameworks: [], diagnostics: [], facts: {} };
}
