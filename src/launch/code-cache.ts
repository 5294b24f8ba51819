import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { keepNewest } from '../cache-files.js';

/**
 * A V8 code cache for the bundle. Node 20 compiles the 2 MB bundle (and, in threads that parse JS/TS, the 3.6 MB
 * TypeScript chunk) from source on every start: about a third of a second before the first git command, paid
 * again by each detect thread. V8 can instead load the compiled code it serialised on an earlier run.
 *
 * What V8 loads from the cache it runs as code, so the cache lives only where no one but the user can write it: a
 * per-user folder (never the scanned repository, nor the `--cache` folder a workflow may restore from elsewhere),
 * created 0700, and used only when it and each file in it belong to this user and are writable by no one else.
 * Entries are named by the script's text, Node's version and the architecture, and V8 also refuses data it did
 * not write for this exact source; a refused or unreadable entry is just a compile from source, as without one.
 * `MAESTRO_CODE_CACHE` names another folder, or `off`.
 */
export interface CodeCacheOptions {
  /** The folder, or undefined for none. */
  dir: string | undefined;
  /** Called with what happened to each script, for tests and debugging (`MAESTRO_CODE_CACHE_DEBUG=1`). */
  log?: (line: string) => void;
}

interface Pending {
  script: vm.Script;
  file: string;
}

const BUNDLE_FILE = /^(index|\d+\.index)\.js$/;
/** An entry is named `<script>-<24 hex digits of its id>.v8` (`entryName`). */
const ENTRY_ID = /-[0-9a-f]{24}\.v8$/;

export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.MAESTRO_CODE_CACHE;
  if (set === 'off' || set === '0') return undefined;
  if (set) return path.resolve(set);
  const base = env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : undefined);
  return base ? path.join(base, 'maestro-gate', 'v8') : undefined;
}

/**
 * Makes `require` of the bundle files in `distDir` (index.js and its numbered chunks) compile through the code
 * cache. Returns `save`, which writes an entry for each such script that had none (run once the code that matters
 * has been compiled: V8 serialises only functions compiled by then), and `sourceHash`, the hash of each script's
 * text that named its entry, which the bundle would otherwise read and hash again for its own fingerprint.
 */
export function installCodeCache(distDir: string, opts: CodeCacheOptions): { save: () => void; sourceHash: (file: string) => string | undefined } {
  const pending: Pending[] = [];
  const hashes = new Map<string, string>();
  const dir = opts.dir && trustedDir(opts.dir, opts.log);
  const log = opts.log ?? (() => {});
  const sourceHash = (file: string) => hashes.get(file);
  if (!dir) return { save: () => {}, sourceHash };
  const extensions = (Module as unknown as { _extensions: Record<string, (m: Module, f: string) => void> })._extensions;
  const plain = extensions['.js']!;
  extensions['.js'] = (module, filename) => {
    if (path.dirname(filename) !== distDir || !BUNDLE_FILE.test(path.basename(filename))) return plain(module, filename);
    const source = fs.readFileSync(filename);
    const hash = createHash('sha256').update(source).digest('hex');
    hashes.set(filename, hash);
    const file = path.join(dir, entryName(filename, hash));
    const cachedData = readTrusted(file);
    const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename, cachedData });
    const used = cachedData !== undefined && !script.cachedDataRejected;
    log(`${path.basename(filename)}: ${used ? 'from cache' : cachedData ? 'cache refused' : 'no cache'}`);
    if (!used) pending.push({ script, file });
    const fn = script.runInThisContext() as (...args: unknown[]) => void;
    const req = createRequire(filename);
    fn.call(module.exports, module.exports, req, module, filename, path.dirname(filename));
  };
  return {
    sourceHash,
    save: () => {
      for (const p of pending.splice(0)) {
        try {
          writeEntry(p.file, p.script.createCachedData());
          log(`${path.basename(p.file)}: saved`);
        } catch {
          // Only costs the next start its compile.
        }
      }
    },
  };
}

function entryName(filename: string, sourceHash: string): string {
  const id = createHash('sha256').update(`${process.version}\0${process.arch}\0${sourceHash}`).digest('hex').slice(0, 24);
  return `${path.basename(filename, '.js')}-${id}.v8`;
}

/** The folder, created if missing, when it is this user's alone; else undefined (no cache is read or written). */
function trustedDir(dir: string, log?: (line: string) => void): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (st.isDirectory() && ownedPrivately(st)) return dir;
    log?.(`${dir}: not used (not a folder of this user's that only they can write)`);
  } catch {
    log?.(`${dir}: not used (cannot be created)`);
  }
  return undefined;
}

function ownedPrivately(st: fs.Stats): boolean {
  return (typeof process.getuid !== 'function' || st.uid === process.getuid()) && (st.mode & 0o022) === 0;
}

function readTrusted(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !ownedPrivately(st)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Entries kept per script: a few builds or Node versions used side by side each keep theirs. */
const KEEP = 3;

function writeEntry(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  // The same script's older entries (other builds, other Node versions) beyond the newest few go.
  const script = path.basename(file).replace(ENTRY_ID, '');
  keepNewest(path.dirname(file), { match: (f) => ENTRY_ID.test(f) && f.replace(ENTRY_ID, '') === script, keep: KEEP });
}
