// Checks a credential against 1EdTech's official OB 3.0 JSON Schema (vendored as data; see
// schemas/SOURCE.md), with Ajv's draft 2019-09 class.
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import schema from './schemas/ob_v3p0_achievementcredential_schema.json';

const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

export function findOb3SchemaErrors(credential: unknown): string[] {
  if (validate(credential)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}
