// Bitstring status lists (OB 3.0 release 1.3): suspension and its lifting as verifiers and the
// lists see them, one index per award whatever the races, the migration of older awards, and
// JSON-LD safe mode for what we issue.
import jsonld from 'jsonld';
import request from 'supertest';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { AwardModel } from '../../badges/awards/award.model';
import { bundledContextLoader } from '../../badges/open-badges/data-integrity';
import {
  allocateStatusListIndex,
  flagRevokedAndSuspendedAwards,
  indexAwardsWithoutStatus,
} from '../../badges/status-lists/status-list.service';
import { createLogger } from '../../platform/logger';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: Awaited<ReturnType<typeof apiLogin>>;
let course: Awaited<ReturnType<typeof levelWithBadge>>['course'];

beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  ({ course } = await levelWithBadge(admin, 'status'));
});
afterAll(() => campus.close());

const verdictOf = async (publicId: string) =>
  (await request(campus.app).post('/api/v1/verify').send({ credential: publicId }).expect(200))
    .body;

async function suspensionBit(index: number) {
  const response = await request(campus.app).get('/badges/status/suspension/0').expect(200);
  expect(response.headers['content-type']).toMatch(/^application\/vc\b/);
  const list = JSON.parse(response.text);
  expect(list.credentialSubject.statusPurpose).toBe('suspension');
  return (await decodeList({ encodedList: list.credentialSubject.encodedList })).getStatus(index);
}

test('an admin suspends an award: verifiers, the list and the badge page say so until it is lifted', async () => {
  const { award, student } = await studentCompleting(campus, course, {
    displayName: 'Ana Suspensa',
    language: 'pt',
  });
  const publicId = award!.publicId;
  expect((await verdictOf(publicId)).verdict).toBe('valid');

  const tooShort = await admin.agent
    .post(`/api/v1/admin/awards/${publicId}/suspend`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason: 'x' })
    .expect(422);
  expect(JSON.stringify(tooShort.body)).toContain('reason');
  expect(await AwardModel.findOne({ publicId }).select('suspendedAt').lean()).not.toHaveProperty(
    'suspendedAt',
  );

  await admin.agent
    .post(`/api/v1/admin/awards/${publicId}/suspend`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason: 'Exam under review' })
    .expect(200);
  const suspended = await verdictOf(publicId);
  expect(suspended.verdict).toBe('suspended');
  expect(JSON.stringify(suspended.checks)).toContain('Exam under review');
  expect(await suspensionBit(award!.statusListIndex!)).toBe(true);
  const page = await request(campus.app)
    .get(`/badges/assertions/${publicId}`)
    .set('Accept', 'text/html')
    .set('Accept-Language', 'es')
    .expect(200);
  expect(page.text).toContain('El emisor suspendió esta insignia');
  // The holder sees it in their wallet, with the reason, in their language.
  const holder = await apiLogin(campus.app, { email: student.email, password: testPassword });
  const wallet = await holder.agent.get('/badges').expect(200);
  expect(wallet.text).toContain('Suspensa pelo campus');
  expect(wallet.text).toContain('Exam under review');

  await admin.agent
    .post(`/api/v1/admin/awards/${publicId}/lift-suspension`)
    .set('x-csrf-token', admin.csrf)
    .expect(200);
  expect((await verdictOf(publicId)).verdict).toBe('valid');
  expect(await suspensionBit(award!.statusListIndex!)).toBe(false);

  // A revocation is final: it cannot be turned into a suspension.
  await admin.agent
    .post(`/api/v1/admin/awards/${publicId}/revoke`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason: 'Issued in error' })
    .expect(200);
  await admin.agent
    .post(`/api/v1/admin/awards/${publicId}/suspend`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason: 'Exam under review' })
    .expect(409);
  expect((await verdictOf(publicId)).verdict).toBe('revoked');
});

test('students and anonymous visitors cannot suspend or lift', async () => {
  const { award, student } = await studentCompleting(campus, course, {
    displayName: 'Bruno Alves',
  });
  const holder = await apiLogin(campus.app, { email: student.email, password: testPassword });
  await holder.agent
    .post(`/api/v1/admin/awards/${award!.publicId}/lift-suspension`)
    .set('x-csrf-token', holder.csrf)
    .expect(403);
  await request(campus.app)
    .post(`/api/v1/admin/awards/${award!.publicId}/suspend`)
    .send({ reason: 'Exam under review' })
    .expect((response) => expect([401, 403]).toContain(response.status));
  expect((await verdictOf(award!.publicId)).verdict).toBe('valid');
});

test('every award gets its own index, even when many are taken at once', async () => {
  const taken = await Promise.all(Array.from({ length: 40 }, () => allocateStatusListIndex()));
  expect(new Set(taken).size).toBe(40);
  // Random positions, as the spec asks: an index says nothing about the order of issue.
  expect(Math.max(...taken) - Math.min(...taken)).toBeGreaterThan(1000);
  expect(taken).not.toEqual([...taken].sort((a, b) => a - b));
  const students = await Promise.all(
    ['Carla', 'Diego', 'Elena', 'Fabio'].map((name) =>
      studentCompleting(campus, course, { displayName: `${name} Índice` }),
    ),
  );
  const indexes = students.map(({ award }) => award!.statusListIndex);
  expect(indexes.every((index) => Number.isInteger(index))).toBe(true);
  expect(new Set([...indexes, ...taken]).size).toBe(44);
});

test('awards from before the lists are indexed once by the migration, and their credential then names the list', async () => {
  const { award } = await studentCompleting(campus, course, { displayName: 'Gloria Antes' });
  await AwardModel.updateOne({ _id: award!._id }, { $unset: { statusListIndex: 1 } });
  const before = (
    await request(campus.app).get(`/badges/credentials/${award!.publicId}`).expect(200)
  ).body;
  expect(before.credentialStatus.type).toBe('1EdTechRevocationList');

  const logger = createLogger({ logLevel: 'silent', env: 'test' });
  expect(await indexAwardsWithoutStatus(logger)).toBeGreaterThanOrEqual(1);
  const indexed = await AwardModel.findById(award!._id).select('statusListIndex').lean();
  expect(indexed!.statusListIndex).toEqual(expect.any(Number));
  expect(await indexAwardsWithoutStatus(logger)).toBe(0);
  expect((await AwardModel.findById(award!._id).lean())!.statusListIndex).toBe(
    indexed!.statusListIndex,
  );
  const after = (
    await request(campus.app).get(`/badges/credentials/${award!.publicId}`).expect(200)
  ).body;
  expect(after.credentialStatus).toMatchObject({
    type: 'BitstringStatusListEntry',
    statusListIndex: String(indexed!.statusListIndex),
  });
});

async function revocationBit(index: number) {
  const response = await request(campus.app).get('/badges/status/revocation/0').expect(200);
  const list = JSON.parse(response.text);
  return (await decodeList({ encodedList: list.credentialSubject.encodedList })).getStatus(index);
}

test('awards revoked or suspended before the lists kept their bits on them still show in the lists once migrated', async () => {
  const logger = createLogger({ logLevel: 'silent', env: 'test' });
  const { award: revoked } = await studentCompleting(campus, course, { displayName: 'Raúl Viejo' });
  const { award: suspended } = await studentCompleting(campus, course, {
    displayName: 'Sara Vieja',
  });
  // As the store held them before: revoked / suspended, with no flags on the award.
  await AwardModel.updateOne(
    { _id: revoked!._id },
    {
      $set: { revokedAt: new Date(), revocationReason: 'Old' },
      $unset: { revocationList: 1, suspensionList: 1 },
    },
  );
  await AwardModel.updateOne(
    { _id: suspended!._id },
    {
      $set: { suspendedAt: new Date(), suspensionReason: 'Old' },
      $unset: { revocationList: 1, suspensionList: 1 },
    },
  );
  expect(await flagRevokedAndSuspendedAwards(logger)).toBeGreaterThanOrEqual(2);
  expect(await revocationBit(revoked!.statusListIndex!)).toBe(true);
  expect(await suspensionBit(suspended!.statusListIndex!)).toBe(true);
  expect(await revocationBit(suspended!.statusListIndex!)).toBe(false);

  // One revoked before it even had an index gets its bit with the index.
  const { award: older } = await studentCompleting(campus, course, { displayName: 'Tomás Previo' });
  await AwardModel.updateOne(
    { _id: older!._id },
    {
      $set: { revokedAt: new Date(), revocationReason: 'Older' },
      $unset: { statusListIndex: 1, revocationList: 1, suspensionList: 1 },
    },
  );
  await indexAwardsWithoutStatus(logger);
  const indexed = await AwardModel.findById(older!._id).select('statusListIndex').lean();
  expect(await revocationBit(indexed!.statusListIndex!)).toBe(true);
});

test('a list no award can be in is not found, and a list id that is not a number neither', async () => {
  await request(campus.app).get('/badges/status/revocation/999').expect(404);
  await request(campus.app).get('/badges/status/revocation/abc').expect(404);
  await request(campus.app).get('/badges/status/other/0').expect(404);
});

test('what we issue passes JSON-LD safe mode expansion (1EdTech conformance), and safe mode is strict', async () => {
  const { award } = await studentCompleting(campus, course, { displayName: 'Helena Segura' });
  const credential = (
    await request(campus.app).get(`/badges/credentials/${award!.publicId}`).expect(200)
  ).body;
  const list = JSON.parse(
    (await request(campus.app).get('/badges/status/revocation/0').expect(200)).text,
  );
  const documentLoader = bundledContextLoader();
  for (const document of [credential, list])
    await expect(jsonld.expand(document, { safe: true, documentLoader })).resolves.toBeDefined();
  // A term no context defines is dropped in expansion: safe mode refuses it.
  await expect(
    jsonld.expand({ ...credential, undefinedTerm: 'x' }, { safe: true, documentLoader }),
  ).rejects.toThrow();
});
