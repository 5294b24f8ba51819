import type { Detector } from './types.js';
import { pythonDetectors } from './python/index.js';
import { jsDetectors } from './js/index.js';
import { configDetectors } from './config/index.js';
import { infraDetectors } from './infra/index.js';
import { secretDetectors } from './secrets/index.js';

/** Every detector, in a fixed order (output order must not depend on load order). */
export const detectors: Detector[] = [...pythonDetectors, ...jsDetectors, ...configDetectors, ...infraDetectors, ...secretDetectors];
