import { isDetectWorker } from './detect/worker-role.js';

// One bundle serves both shells so the large parsers ship once; dist/cli/index.js marks the CLI before loading it.
// The detect pool re-launches this same bundle in worker threads (src/detect/pool.ts): those only detect.
// `require` in a branch, not `import`: the bundle then evaluates only the modules the chosen role uses (the CLI
// never initialises @actions/*, a detect thread never compiles the report and policy schemas).
const entry = (globalThis as { __MAESTRO_ENTRY__?: string }).__MAESTRO_ENTRY__;
if (isDetectWorker()) (require('./detect/worker.js') as typeof import('./detect/worker.js')).runDetectWorker();
else if (entry === 'cli') (require('./cli/index.js') as typeof import('./cli/index.js')).runCli();
// Build time only (scripts/build.mjs): the checked catalogs and default policy, written beside the bundle.
else if (entry === 'compile-assets') (require('./compile-assets.js') as typeof import('./compile-assets.js')).compileAssets(process.argv[1]!, process.argv[2]!);
else void (require('./action/main.js') as typeof import('./action/main.js')).runAction();
