import type { Detector } from '../types.js';

/** MCP config files, A2A agent cards, dependency manifests. */
export const configDetectors: Detector[] = [];
