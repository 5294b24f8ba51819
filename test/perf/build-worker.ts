import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

/**
 * Bundles test/perf/worker-entry.ts to CommonJS so a worker thread can load it (threads get no TypeScript
 * transform). Written under node_modules/.cache so its external packages resolve from the repository.
 */
export async function buildWorkerEntry(): Promise<string> {
  const root = path.resolve(__dirname, '../..');
  const outDir = path.join(root, 'node_modules/.cache/maestro-perf-test', String(process.pid));
  mkdirSync(outDir, { recursive: true });
  await build({
    root,
    logLevel: 'silent',
    configFile: false,
    build: {
      ssr: path.join(root, 'test/perf/worker-entry.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'worker.cjs' } },
    },
  });
  return path.join(outDir, 'worker.cjs');
}
