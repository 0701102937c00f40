// Checks a credential against 1EdTech's official OB 3.0 JSON Schema (vendored as data; see
// schemas/SOURCE.md), with Ajv's draft 2019-09 class.
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import schema from './schemas/ob_v3p0_achievementcredential_schema.json';

// Compiled on first use: compiling the schema takes a few hundred milliseconds, which every
// process (and every test file) would pay at start-up, though only verifying needs it.
let compiled: ReturnType<Ajv2019['compile']> | undefined;

function validator() {
  if (compiled) return compiled;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

export function findOb3SchemaErrors(credential: unknown): string[] {
  const validate = validator();
  if (validate(credential)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}
