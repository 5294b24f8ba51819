import type { Diagnostic } from '../model/types.js';
import type { Listing } from './listing.js';
import type { PathTest } from './path-list.js';

export interface SourceEntry {
  /** Repository-relative, `/`-separated. */
  path: string;
  size: number;
  /** Git blob id of the content (computed for working-tree files), used as the analysis cache key. */
  blobId?: string;
}

export interface SourceFile {
  path: string;
  blobId: string;
  text: string;
}

/** Where bytes come from: a working tree or a git revision. Neither executes anything from the repository. */
export interface Source {
  /** Label for reports: `.`-relative path, or the revision. */
  readonly label: string;
  readonly rev?: string;
  /** Files that may be analysed, after ignore rules and link/size filters; skipped ones become diagnostics. */
  list(): Promise<Listing>;
  /** The full listing, for a source whose `list` can give a partial one (see `Listing.partial`). */
  listAll?(): Promise<Listing>;
  /** Reads the given entries, in order, streaming; binary content is reported, not yielded. */
  read(entries: SourceEntry[], onFile: (file: SourceFile) => void | Promise<void>): Promise<Diagnostic[]>;
  /**
   * The paths (as `list` gives them) of the text files whose bytes contain none of the needles, found without reading
   * them here (`git grep -I -L`); undefined when this source cannot tell cheaply. Binary files are never in the
   * set, so they are read and reported as skipped. Needles are ASCII without line breaks, so raw bytes match
   * exactly when decoded text would.
   */
  grepWithout?(needles: string[]): Promise<PathTest | undefined>;
  /** True when the path exists as a file in this source (ignored files included). */
  exists(path: string): Promise<boolean>;
}

