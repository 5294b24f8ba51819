import type { Detector } from '../types.js';
import { secretsDetector } from './detector.js';

/** Likely credentials in scanned files, reported redacted (see detector.ts). */
export const secretDetectors: Detector[] = [secretsDetector];
