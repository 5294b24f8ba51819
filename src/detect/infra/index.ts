import type { Detector } from '../types.js';
import { cloudFormationDetector } from './cloudformation.js';
import { composeDetector } from './compose.js';
import { dockerfileDetector } from './dockerfile.js';
import { githubWorkflowDetector } from './github-workflow.js';
import { helmDetector } from './helm.js';
import { k8sDetector } from './k8s.js';
import { terraformDetector } from './terraform.js';
import { safe } from './safe.js';

/** Dockerfiles, compose, Kubernetes, Helm, Terraform, CloudFormation, CI workflows. */
export const infraDetectors: Detector[] = [
  dockerfileDetector,
  composeDetector,
  k8sDetector,
  helmDetector,
  terraformDetector,
  cloudFormationDetector,
  githubWorkflowDetector,
].map(safe);
