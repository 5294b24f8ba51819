import type { Detector } from '../types.js';

export const pythonDetectors: Detector[] = [];
