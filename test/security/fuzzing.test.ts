// Property-based fuzzing (fast-check) of every JSON API body and every upload (the CSV importers
// among them), from the OpenAPI table: whatever arrives, never a 5xx; and when every answer was a
// refusal, the database is exactly as before (no partial write). Each operation is called by
// someone its access rule lets in, so the body is really read.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import mongoose from 'mongoose';
import request from 'supertest';
import { arrangeEveryRole, fillPath } from '../support/every-role';
import { startTestCampus, type TestCampus } from '../support/test-campus';
import { accessRules, type Actor } from './access-rules';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

/** Every document of every collection, hashed: equal before and after means nothing was written. */
async function databaseFingerprint(): Promise<string> {
  const db = mongoose.connection.db!;
  const hash = createHash('sha256');
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  for (const name of names) {
    const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    hash.update(`${name}:${JSON.stringify(documents)}`);
  }
  return hash.digest('hex');
}

const awkward = fc.constantFrom<unknown>(
  { $ne: null },
  { $gt: '' },
  '__proto__',
  '<script>x</script>',
  '=1+1',
  '',
  ' ',
  'x'.repeat(3000),
  '2026-13-45T25:61:00Z',
  -1,
  1e308,
  '64b000000000000000000000',
  '../../etc/passwd',
);
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
  awkward,
);

/** Whole random JSON, or the operation's own field names with values of any type. */
function bodies(fields: string[]) {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fields.length
      ? fc.record(Object.fromEntries(fields.map((field) => [field, anyValue])), {
          requiredKeys: [],
        })
      : fc.constant({}),
  );
}

/** A CSV-ish file: known-looking headers, rows of awkward cells, any separator; or raw bytes. */
const uploads = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(',', ';', '\t'),
      fc.array(
        fc.constantFrom('name', 'email', 'join', 'leave', 'Join Time', 'User Email', 'ticket', ''),
        { minLength: 1, maxLength: 5 },
      ),
      fc.array(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.emailAddress(),
            fc.constantFrom('"', '""', '2026-01-10T14:00:00Z', '11/20/2026 02:00:00 PM', '=cmd'),
          ),
          { maxLength: 5 },
        ),
        { maxLength: 8 },
      ),
    )
    .map(([separator, header, rows]) =>
      Buffer.from([header, ...rows].map((row) => row.join(separator)).join('\n')),
    ),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
);

interface Operation {
  method: string;
  path: string;
  fields: string[];
  upload?: string;
}

async function operationsWithInput(): Promise<Operation[]> {
  const document = (await request(campus.app).get('/api/v1/openapi.json').expect(200)).body;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, { requestBody?: unknown }>>(
    document.paths,
  ))
    for (const [method, operation] of Object.entries(methods)) {
      const content = (operation.requestBody as { content?: Record<string, { schema?: object }> })
        ?.content;
      if (!content) continue;
      const json = content['application/json']?.schema as { properties?: object } | undefined;
      const multipart = content['multipart/form-data']?.schema as
        { properties?: object } | undefined;
      operations.push({
        method: method.toUpperCase(),
        path: `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`,
        fields: Object.keys(json?.properties ?? {}),
        upload: multipart ? Object.keys(multipart.properties ?? {})[0] : undefined,
      });
    }
  return operations;
}

test('no body and no upload makes any API operation answer 5xx, and refused ones write nothing', async () => {
  const fixture = await arrangeEveryRole(campus, 'Fuzz');
  const operations = (await operationsWithInput()).filter(
    (operation) => operation.method !== 'GET',
  );
  expect(operations.length).toBeGreaterThan(30);
  const failures: string[] = [];
  const summary: string[] = [];
  for (const operation of operations) {
    const rule = accessRules[`${operation.method} ${operation.path}`];
    if (!rule || rule.freshSession) continue; // logging out would end the fuzzer's session
    const actor = (['admin', 'instructor', 'student'] as Actor[]).find(
      (candidate) => rule.expect[candidate] === 'in',
    );
    if (!actor) continue; // signed requests: no session gets past their check
    const session = fixture.sessions[actor];
    const url = fillPath(operation.path, fixture.params(operation, actor));
    const method = operation.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
    const statuses: number[] = [];
    // The previous operation's reactions (a revocation's email) finish first: their writes are
    // not this operation's.
    await campus.drainJobs();
    const before = await databaseFingerprint();
    await fc.assert(
      fc.asyncProperty(operation.upload ? uploads : bodies(operation.fields), async (input) => {
        const call = session.agent[method](url).set('x-csrf-token', session.csrf);
        const response = await (operation.upload && Buffer.isBuffer(input)
          ? call.attach(operation.upload, input, 'fuzz.csv')
          : call.set('content-type', 'application/json').send(JSON.stringify(input)));
        statuses.push(response.status);
        if (response.status >= 500)
          failures.push(
            `${operation.method} ${operation.path}: ${response.status} for ${JSON.stringify(input).slice(0, 200)}`,
          );
        return response.status < 500;
      }),
      { numRuns: 12, endOnFailure: true },
    );
    if (statuses.every((status) => status >= 400)) {
      const after = await databaseFingerprint();
      if (after !== before)
        failures.push(`${operation.method} ${operation.path}: refused every time, yet wrote`);
    }
    summary.push(`${operation.method} ${operation.path}: ${[...new Set(statuses)].join(',')}`);
  }
  if (process.env.FUZZ_SUMMARY) console.log(summary.join('\n'));
  expect(failures).toEqual([]);
  expect(summary.length).toBeGreaterThan(25);
}, 120_000);
