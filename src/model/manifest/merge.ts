import type { Model } from '../types.js';
import { applyManifestToModel } from './apply.js';
import { loadManifest } from './load.js';
import type { ManifestContext } from './to-context.js';
import type { KnownIds, ManifestError } from './types.js';

export interface ManifestForModelInput {
  text: string;
  file: string;
  exists: (repoPath: string) => Promise<boolean>;
  /** The inferred model; its component ids are what the manifest may refer to. */
  model: Model;
  /** Catalog ids (kinds, threats, templates, controls); component ids come from `model`. */
  known?: Omit<KnownIds, 'componentIds'>;
}

/**
 * One step for a scan: validate the manifest against the inferred model and the catalogs, merge it into the
 * model, and give the engine its context. With errors, whatever still holds is used (see loadManifest);
 * the caller reports the errors and the policy decides whether they fail the gate.
 */
export async function manifestForModel(input: ManifestForModelInput): Promise<{ model: Model; ctx: ManifestContext; errors: ManifestError[] }> {
  const componentIds = new Set(input.model.components.map((c) => c.id));
  const loaded = await loadManifest({ text: input.text, file: input.file, exists: input.exists, known: { ...input.known, componentIds } });
  const model = loaded.manifest ? applyManifestToModel(input.model, loaded.manifest, input.file) : input.model;
  return { model, ctx: loaded.ctx, errors: loaded.errors };
}
