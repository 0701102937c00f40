// What outside verifiers and strangers read at a badge's public URLs: every id of a revoked badge
// on the revocation list, JSON-LD unless the client prefers HTML, and private badges that stay
// private (revoked or not) on every public route.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { AwardModel } from '../../badges/awards/award.model';
import {
  levelWithBadge as createLevelWithBadge,
  studentCompleting as completeLevel,
} from '../support/badges';
import { apiLogin, binaryBody, type Agent } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: { agent: Agent; csrf: string };
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const user = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: user.email, password: testPassword });
});
afterAll(() => campus.close());

const ldJson = 'application/ld+json';
const browserAccept =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const unknownId = '00000000-0000-4000-8000-000000000000';

/** A student holding the award of a new one-course level, logged in to the API. */
async function holderOfNewBadge(name: string) {
  const { course } = await createLevelWithBadge(admin, name);
  const { student, award } = await completeLevel(campus, course, { displayName: 'Inés Quiroga' });
  const holder = await apiLogin(campus.app, { email: student.email, password: testPassword });
  return { student, publicId: award!.publicId, holder };
}

async function makePrivate(holder: { agent: Agent; csrf: string }, publicId: string) {
  await holder.agent
    .put(`/api/v1/me/awards/${publicId}/privacy`)
    .set('x-csrf-token', holder.csrf)
    .send({ private: true })
    .expect(204);
}

async function revoke(publicId: string, reason: string) {
  await admin.agent
    .post(`/api/v1/admin/awards/${publicId}/revoke`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason })
    .expect(200);
}

/** The revocation list as an OB 2.0 verifier fetches it: no cookies, asking for JSON-LD. */
async function revocationList() {
  const list = await request(campus.app)
    .get('/badges/revocations')
    .set('Accept', ldJson)
    .expect(200);
  return list.body.revokedAssertions as { id: string; revocationReason?: string }[];
}

describe('the revocation list names every id a badge was issued under', () => {
  test('when an award is revoked, the list names its hosted id, its signed assertion’s urn:uuid and its 3.0 credential id, with the reason', async () => {
    const { publicId } = await holderOfNewBadge('revoke-ids');
    const jws = (await request(campus.app).get(`/badges/assertions/${publicId}/signed`).expect(200))
      .text;
    const signedId = decodeJwt(jws).id as string; // the JWS payload is the signed assertion
    expect(signedId).toMatch(/^urn:uuid:/);
    const credentialId = (
      await request(campus.app).get(`/badges/credentials/${publicId}`).expect(200)
    ).body.id;

    expect((await revocationList()).map((entry) => entry.id)).not.toContain(signedId);
    await revoke(publicId, 'Issued in error');

    const entries = await revocationList();
    const hostedId = `${campus.config.baseUrl}/badges/assertions/${publicId}`;
    for (const id of [hostedId, signedId, credentialId])
      expect(entries).toContainEqual({ id, revocationReason: 'Issued in error' });
    const ob3List = await request(campus.app).get('/badges/revocations/ob3').expect(200);
    expect(ob3List.body.revokedCredentials).toContain(credentialId);
  });

  test('when a private award is revoked, the list names its ids without the reason', async () => {
    const { publicId, holder } = await holderOfNewBadge('revoke-private-ids');
    await makePrivate(holder, publicId);
    await revoke(publicId, 'Cheated on the final quiz');
    const entries = await revocationList();
    expect(entries).toContainEqual({ id: `urn:uuid:${publicId}` });
    expect(entries).toContainEqual({
      id: `${campus.config.baseUrl}/badges/assertions/${publicId}`,
    });
    expect(JSON.stringify(entries)).not.toContain('Cheated');
  });
});

describe('hosted badges answer JSON-LD unless the client prefers HTML', () => {
  const cases: [string, 'json' | 'html', string | null][] = [
    ['no Accept header', 'json', null],
    ['*/*', 'json', '*/*'],
    ['application/ld+json', 'json', ldJson],
    ['application/json', 'json', 'application/json'],
    ['a browser’s Accept', 'html', browserAccept],
    ['text/html ranked below JSON', 'json', 'text/html;q=0.1, application/json'],
    ['text/html', 'html', 'text/html'],
  ];
  let assertionPath: string;
  let badgeClassPath: string;
  beforeAll(async () => {
    const { publicId } = await holderOfNewBadge('negotiation');
    assertionPath = `/badges/assertions/${publicId}`;
    badgeClassPath = '/badges/achievements/negotiation-basic';
  });

  test.each(cases)(
    'when the client sends %s, the assertion and badge class answer %s',
    async (_, expected, accept) => {
      for (const path of [assertionPath, badgeClassPath]) {
        const call = request(campus.app).get(path);
        // supertest sends no Accept unless told; make sure of it.
        const answer = await (accept === null ? call.unset('Accept') : call.set('Accept', accept));
        expect(answer.status).toBe(200);
        expect(answer.headers['vary']).toMatch(/\bAccept\b/);
        if (expected === 'json') {
          expect(answer.headers['content-type']).toMatch(/^application\/ld\+json/);
          expect(JSON.parse(answer.text)['@context']).toBe('https://w3id.org/openbadges/v2');
        } else {
          expect(answer.headers['content-type']).toMatch(/^text\/html/);
        }
      }
    },
  );
});

describe('a private badge is private on every public route, revoked or not', () => {
  /** What a stranger gets for a URL, with the award's id swapped for an unknown one. */
  async function asUnknown(path: string, publicId: string, accept: string) {
    const [hidden, unknown] = await Promise.all([
      request(campus.app).get(path).set('Accept', accept),
      request(campus.app).get(path.replace(publicId, unknownId)).set('Accept', accept),
    ]);
    expect(hidden.status).toBe(404);
    expect(hidden.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(hidden.text.replaceAll(publicId, unknownId)).toBe(unknown.text);
    return hidden;
  }

  test('when a badge is private, its public URLs answer strangers as an unknown id, and its holder and admins still see it', async () => {
    const { student, publicId, holder } = await holderOfNewBadge('private-urls');
    await makePrivate(holder, publicId);
    const award = await AwardModel.findOne({ publicId }).lean();
    const paths = [
      `/badges/assertions/${publicId}`,
      `/badges/assertions/${publicId}/signed`,
      `/badges/credentials/${publicId}`,
      `/badges/credentials/${publicId}/jwt`,
    ];
    for (const path of paths)
      for (const accept of [ldJson, 'text/html', '*/*']) {
        const answer = await asUnknown(path, publicId, accept);
        for (const secret of ['Inés', 'Quiroga', award!.recipientHash, award!.salt, student.email])
          expect(answer.text).not.toContain(secret);
      }

    // Another student, logged in, is a stranger too: even the baked download says "no such badge".
    const other = await createTestUser();
    const otherClient = await apiLogin(campus.app, { email: other.email, password: testPassword });
    await otherClient.agent.get(`/badges/assertions/${publicId}`).set('Accept', ldJson).expect(404);
    await otherClient.agent.get(`/badges/${publicId}/baked/ob2.png`).expect(404);

    for (const viewer of [holder.agent, admin.agent]) {
      const json = await viewer.get(`/badges/assertions/${publicId}`).set('Accept', ldJson);
      expect(json.status).toBe(200);
      expect(json.body.recipient.identity).toBe(award!.recipientHash);
      expect(json.headers['cache-control']).toMatch(/no-store/);
      await viewer.get(`/badges/credentials/${publicId}`).expect(200);
      const page = await viewer.get(`/badges/assertions/${publicId}`).set('Accept', 'text/html');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Inés Quiroga');
      expect(page.text).not.toContain('og:title');
    }
    await holder.agent
      .get(`/badges/${publicId}/baked/ob2.png`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
  });

  test('when a private badge is revoked, its assertion answers strangers 410 revoked with nothing else: no name, no reason, no hash', async () => {
    const { publicId, holder } = await holderOfNewBadge('private-revoked');
    await makePrivate(holder, publicId);
    await revoke(publicId, 'Cheated on the final quiz');
    const award = await AwardModel.findOne({ publicId }).lean();
    const url = `${campus.config.baseUrl}/badges/assertions/${publicId}`;

    const json = await request(campus.app)
      .get(`/badges/assertions/${publicId}`)
      .set('Accept', ldJson);
    expect(json.status).toBe(410);
    expect(JSON.parse(json.text)).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: url,
      revoked: true,
    });
    const page = await request(campus.app)
      .get(`/badges/assertions/${publicId}`)
      .set('Accept', browserAccept);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This badge was revoked by its issuer.');
    for (const answer of [json, page])
      for (const secret of ['Inés', 'Quiroga', 'Cheated', award!.recipientHash, award!.salt])
        expect(answer.text).not.toContain(secret);
    // The other documents stay unknown to strangers.
    for (const path of [`/badges/credentials/${publicId}`, `/badges/assertions/${publicId}/signed`])
      await asUnknown(path, publicId, ldJson);
  });

  test('when a badge is private, verifying it by id or link tells a stranger what an unknown id does: no holder, no reason, no recipient check', async () => {
    const { student, publicId, holder } = await holderOfNewBadge('private-verify');
    await makePrivate(holder, publicId);
    await revoke(publicId, 'Cheated on the final quiz');
    const verify = (query: Record<string, string>) =>
      request(campus.app).get('/api/v1/verify').query(query).expect(200);
    const unknown = await verify({ credential: unknownId });
    const link = `${campus.config.baseUrl}/badges/assertions/${publicId}`;
    for (const credential of [publicId, link]) {
      const answer = await verify({ credential, email: student.email });
      expect(answer.body.verdict).toBe(unknown.body.verdict);
      for (const secret of ['Inés', 'Quiroga', 'Cheated', 'private-verify basic badge'])
        expect(answer.text).not.toContain(secret);
    }
    const page = await request(campus.app).get('/verify').query({ credential: publicId });
    for (const secret of ['Inés', 'Quiroga', 'Cheated', 'private-verify basic badge'])
      expect(page.text).not.toContain(secret);
  });
});

describe('the OpenAPI document types award ids as they are', () => {
  test('when a real award id is checked against every published publicId parameter, it is valid, and a database id is not', async () => {
    const { publicId } = await holderOfNewBadge('openapi-ids');
    const document = (await request(campus.app).get('/api/v1/openapi.json').expect(200)).body;
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const schemas = Object.values<Record<string, { parameters?: unknown[] }>>(document.paths)
      .flatMap((methods) => Object.values(methods))
      .flatMap((operation) => (operation.parameters ?? []) as { name?: string; schema?: object }[])
      .filter((parameter) => parameter.name === 'publicId')
      .map((parameter) => parameter.schema!);
    expect(schemas.length).toBeGreaterThanOrEqual(2);
    for (const schema of schemas) {
      const validate = ajv.compile(schema);
      expect(validate(publicId)).toBe(true);
      expect(validate('65f1c0ffee0123456789abcd')).toBe(false);
    }
  });
});
