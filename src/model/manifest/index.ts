// The threat-model manifest (maestro.yaml): load and validate with line:column errors, hand the engine its
// context, merge the team's word into the inferred model, and write a starter file for `init`.
export { applyManifestToModel } from './apply.js';
export { MANIFEST_NAMES, findManifest } from './find.js';
export { formatManifestError } from './format.js';
export { type LoadManifestInput, type LoadManifestResult, loadManifest } from './load.js';
export { type ManifestForModelInput, manifestForModel } from './merge.js';
export { MAX_ALIAS_COUNT, MAX_MANIFEST_BYTES } from './parse-yaml.js';
export { manifestSchema } from './schema.js';
export { MANIFEST_SCHEMA_REF, type StarterChain, type StarterInput, renderStarterManifest, starterExamples } from './starter.js';
export { type ManifestContext, manifestToContext } from './to-context.js';
export type * from './types.js';
