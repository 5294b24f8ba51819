import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import manifestSchema from '../../../schemas/manifest.schema.json';

// The JSON Schema is the single description of the manifest's shape (editors read the same file).
// `errorMessage` and `patternErrorMessage` are the annotations VS Code's YAML/JSON services show; they are
// registered here so ajv's strict mode accepts them, and schema-errors.ts uses them for its messages too.

export { manifestSchema };

let compiled: ValidateFunction | undefined;

export function manifestValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({
    strict: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: false,
    allErrors: true,
    verbose: true,
    useDefaults: true,
  });
  addFormats(ajv, ['date', 'uri']);
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  compiled = ajv.compile(manifestSchema);
  return compiled;
}

export type SchemaError = ErrorObject;
