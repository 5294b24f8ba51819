/** One hostile input: files (and links) to put into a repository, and what the scan must say about them. */
export interface HostileCase {
  /** Category for the count in the closing note (yaml, encoding, size, ...). */
  category: string;
  /** Unique within the category; short, file-name safe. */
  name: string;
  /** Repository-relative path -> content. Paths may contain any byte but `/` separators and NUL. */
  files?: Record<string, string | Buffer>;
  /** Files whose name is not valid UTF-8 (raw bytes, `/`-separated). */
  rawNames?: { path: Buffer; content: string }[];
  /** Repository-relative link path -> target, written as a symbolic link. */
  links?: Record<string, string>;
  /**
   * Paths (as the report spells them) that must be named by a diagnostic or a manifest error, with the codes
   * allowed; `wanted` means: only when some detector wants the path (otherwise the file is not even read).
   */
  expect?: { path: string; codes: string[]; wanted?: boolean }[];
  /** A substring that must never appear in any output (content of a file outside the repository). */
  neverInOutput?: string[];
  /**
   * The same content in clean form (plain name, LF endings, no junk bytes), which must give the same model:
   * components found in the hostile files equal those found in the control, paths mapped by `rename`.
   */
  control?: { files: Record<string, string | Buffer>; rename?: Record<string, string> };
  /** True when the case must be the repository's manifest (maestro.yaml at the root): one per repository. */
  manifest?: boolean;
}

/** Parse-level problems a detector may report for a file it could not fully read. */
export const PARSE_CODES = ['parse-error', 'parse-partial', 'bound-reached', 'skipped-encoding', 'timeout'];
