import type { Detector } from '../types.js';
import { pythonDetector } from './detector.js';

export const pythonDetectors: Detector[] = [pythonDetector];
