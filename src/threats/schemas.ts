import Ajv, { type ValidateFunction } from 'ajv';
import chainSchema from '../../schemas/catalog-chain.schema.json';
import commonSchema from '../../schemas/catalog-common.schema.json';
import controlsSchema from '../../schemas/catalog-controls.schema.json';
import kindsSchema from '../../schemas/catalog-kinds.schema.json';
import layersSchema from '../../schemas/catalog-layers.schema.json';
import taxonomiesSchema from '../../schemas/catalog-taxonomies.schema.json';
import threatsSchema from '../../schemas/catalog-threats.schema.json';
import vocabularySchema from '../../schemas/catalog-vocabulary.schema.json';

// Schemas are imported (not read from disk) so the bundle carries them and a user catalog dir needs none.

export type CatalogFileType = 'layers' | 'kinds' | 'vocabulary' | 'taxonomies' | 'threats' | 'controls' | 'chain';

const SCHEMAS: Record<CatalogFileType, object> = {
  layers: layersSchema,
  kinds: kindsSchema,
  vocabulary: vocabularySchema,
  taxonomies: taxonomiesSchema,
  threats: threatsSchema,
  controls: controlsSchema,
  chain: chainSchema,
};

let validators: Record<CatalogFileType, ValidateFunction> | undefined;

/** The schemas' own text, for keys that must change when a schema does (see compiled.ts). */
export function schemaText(): string {
  return JSON.stringify([commonSchema, SCHEMAS]);
}

function compile(): Record<CatalogFileType, ValidateFunction> {
  // strict: unknown keywords, ambiguous types and loose tuples are schema bugs, not warnings.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addSchema(commonSchema);
  const out = {} as Record<CatalogFileType, ValidateFunction>;
  for (const [type, schema] of Object.entries(SCHEMAS)) out[type as CatalogFileType] = ajv.compile(schema);
  return out;
}

/** Returns `instancePath: message` lines; empty when the data is valid. */
export function validateCatalogFile(type: CatalogFileType, data: unknown): string[] {
  validators ??= compile();
  const v = validators[type];
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
