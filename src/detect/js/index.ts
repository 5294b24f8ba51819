import type { Detector } from '../types.js';
import { jsAgentStack } from './detector.js';

/** TS/JS: one parse per file shared by per-framework rules (src/detect/js/rules/). */
export const jsDetectors: Detector[] = [jsAgentStack];
