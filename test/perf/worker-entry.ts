// Worker script for tests: the shipped bundle re-launches itself instead (src/index.ts).
import { runDetectWorker } from '../../src/detect/worker.js';

runDetectWorker();
