import type { Linker } from './build.js';
import { applyInfraFacts, linkInfra, type FileFacts } from './link-infra.js';

/** Deployment facts only the whole repository decides, then code <-> container <-> workload edges. */
export const linkDeployment: Linker = ({ components, files, paths, rootName }) => {
  const facts: FileFacts[] = files.filter((f) => Object.keys(f.findings.facts).length > 0).map((f) => ({ path: f.path, detectorId: f.detectorId, facts: f.findings.facts }));
  const updated = applyInfraFacts(components, facts);
  return { components: updated, edges: linkInfra(updated, facts, { rootName, paths }) };
};
