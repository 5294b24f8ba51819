import { runAction } from './action/main.js';
import { runCli } from './cli/index.js';

// One bundle serves both shells so the large parsers ship once; dist/cli/index.js marks the CLI before loading it.
if ((globalThis as { __MAESTRO_ENTRY__?: string }).__MAESTRO_ENTRY__ === 'cli') runCli();
else void runAction();
