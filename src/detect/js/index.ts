import type { Detector } from '../types.js';

export const jsDetectors: Detector[] = [];
