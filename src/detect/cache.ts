import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Detector, Findings } from './types.js';

/**
 * Findings per (detector, version, path, blob). Always memoised for the run; with a directory, persisted so a
 * later run analyses only content it has not seen. Entries live under a folder named by the tool and catalog
 * version, so an upgrade never reads stale results. A corrupt entry is treated as absent.
 */
export class BlobCache {
  private readonly mem = new Map<string, Findings>();
  private readonly dirty = new Map<string, Findings>();
  private readonly dir?: string;

  constructor(opts: { dir?: string; toolVersion: string; catalogVersion: string }) {
    if (opts.dir) this.dir = path.join(opts.dir, `v${opts.toolVersion}-${opts.catalogVersion}`);
  }

  private key(d: Detector, blobId: string, file: string): string {
    return createHash('sha256').update(`${d.id}\0${d.version}\0${file}\0${blobId}`).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir!, key.slice(0, 2), `${key}.json`);
  }

  get(d: Detector, blobId: string, file: string): Findings | undefined {
    const k = this.key(d, blobId, file);
    const hit = this.mem.get(k);
    if (hit || !this.dir) return hit;
    try {
      const parsed = JSON.parse(readFileSync(this.file(k), 'utf8')) as Findings;
      if (!Array.isArray(parsed.components) || !Array.isArray(parsed.diagnostics)) return undefined;
      this.mem.set(k, parsed);
      return parsed;
    } catch {
      return undefined;
    }
  }

  has(d: Detector, blobId: string, file: string): boolean {
    return this.get(d, blobId, file) !== undefined;
  }

  set(d: Detector, blobId: string, file: string, findings: Findings): void {
    const k = this.key(d, blobId, file);
    this.mem.set(k, findings);
    if (this.dir) this.dirty.set(k, findings);
  }

  /** Writes new entries; atomic per entry (write then rename) so a killed run leaves no half file. */
  flush(): void {
    if (!this.dir) return;
    for (const [k, f] of this.dirty) {
      const target = this.file(k);
      try {
        mkdirSync(path.dirname(target), { recursive: true });
        const tmp = `${target}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(f));
        renameSync(tmp, target);
      } catch {
        // A cache that cannot be written only costs speed.
      }
    }
    this.dirty.clear();
  }
}
