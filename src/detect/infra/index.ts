import type { Detector } from '../types.js';

/** Dockerfiles, compose, Kubernetes, Helm, Terraform, CI workflows. */
export const infraDetectors: Detector[] = [];
