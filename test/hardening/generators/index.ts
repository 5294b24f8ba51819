import { binaryCases } from './binary.js';
import { encodingCases } from './encoding.js';
import { linkCases, manifestLinkCase } from './links.js';
import { malformedCases } from './malformed.js';
import { manifestPathCases } from './manifest-paths.js';
import { manyFilesCases } from './many-files.js';
import { dirNameCases, nameCases, nonUtf8NameCase } from './names.js';
import { sizeCases } from './size.js';
import { syntaxCases } from './syntax.js';
import type { HostileCase } from './types.js';
import { manifestYamlCases, yamlCases } from './yaml.js';

export type { HostileCase } from './types.js';
export { writeCase, writeGoodFiles, GOOD_ROOTS } from './write.js';

/** Every hostile case that can share a repository with the others (no manifest). */
export function sharedCases(): HostileCase[] {
  return [...yamlCases(), ...encodingCases(), ...sizeCases(), ...binaryCases(), ...linkCases(), ...nameCases(), ...dirNameCases(), nonUtf8NameCase(), ...malformedCases(), ...syntaxCases(), ...manyFilesCases()];
}

/** Cases that are the repository's maestro.yaml: one repository each. */
export function manifestCases(): HostileCase[] {
  return [...manifestYamlCases(), manifestLinkCase(), ...manifestPathCases()];
}

export function allCases(): HostileCase[] {
  return [...sharedCases(), ...manifestCases()];
}
