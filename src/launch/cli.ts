import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { codeCacheDir, installCodeCache } from './code-cache.js';
import { setLauncher } from './launcher-info.js';

// dist/cli/index.js (built from this file by scripts/build.mjs): the CLI runs the one bundle the Action runs, after
// pointing its compile at the code cache. The detect pool starts its threads from this file too, so they share it.
const dist = path.dirname(__dirname);
const log = process.env.MAESTRO_CODE_CACHE_DEBUG === '1' ? (line: string) => void process.stderr.write(`maestro-gate: code cache: ${line}\n`) : undefined;
const cache = installCodeCache(dist, { dir: codeCacheDir(), log });
(globalThis as { __MAESTRO_ENTRY__?: string }).__MAESTRO_ENTRY__ = 'cli';
setLauncher({ file: __filename, saveCodeCache: cache.save, sourceHash: cache.sourceHash });
// By exit the run has compiled what a run uses; a thread is ended by its pool instead, and saves from its work loop.
if (isMainThread) process.once('exit', cache.save);
require(path.join(dist, 'index.js'));
