import { createHmac, createPublicKey } from 'node:crypto';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import { encodeSync } from 'png-chunk-itxt';
import request from 'supertest';
import { getActiveKey } from '../../badges';
import { renderSvgToPng } from '../../badges/baking/render-png';
import { AwardModel } from '../../badges/awards/award.model';
import { VerificationEpochModel } from '../../badges/verification/verification-epoch.model';
import { retireCachedVerifications } from '../../badges/verification/verification-cache';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, browser, type Agent, binaryBody } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';
import { queriesWithoutIndexDuring } from '../support/query-plans';

let campus: TestCampus;
let admin: { agent: Agent; csrf: string };
let award: { publicId: string; url: string; email: string };

beforeAll(async () => {
  campus = await startTestCampus({ VERIFY_RECIPIENT_RATE_LIMIT: '8' });
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'verify', {
    name: 'Verified Basic',
    validForMonths: undefined,
  });
  const { student, award: stored } = await studentCompleting(campus, course, {
    displayName: 'Lucía Gómez',
    email: 'lucia.verify@example.org',
  });
  award = {
    publicId: stored!.publicId,
    url: `${campus.config.baseUrl}/badges/assertions/${stored!.publicId}`,
    email: student.email,
  };
});
afterAll(() => campus.close());

const verify = (query: Record<string, string>) =>
  request(campus.app).get('/api/v1/verify').query(query).expect(200);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const flipLast = (text: string) => text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');

describe('verifying this campus’s badges without an account', () => {
  test('the public badge page, its credential and a verification find the award and the courses it lists through indexes', async () => {
    await retireCachedVerifications(); // so the verification reads the award, not the cache
    const scans = await queriesWithoutIndexDuring(async () => {
      const page = await request(campus.app)
        .get(`/badges/assertions/${award.publicId}`)
        .expect(200);
      expect(page.text).toContain('Course verify-course');
      await request(campus.app).get(`/badges/credentials/${award.publicId}`).expect(200);
      expect((await verify({ credential: award.url })).body.verdict).toBe('valid');
    }, ['courses']);
    expect(scans).toEqual([]);
  });

  test('a hosted badge link verifies, and the email check says whether it belongs to that person', async () => {
    const valid = await verify({ credential: award.url, email: award.email });
    expect(valid.body).toMatchObject({
      verdict: 'valid',
      badge: {
        name: 'Verified Basic',
        recipientName: 'Lucía Gómez',
        issuer: { verified: true },
      },
    });
    expect(valid.body.checks.map((check: { check: string }) => check.check)).toEqual([
      'format',
      'proof',
      'issuer',
      'status',
      'validity',
      'recipient',
    ]);
    const wrongPerson = await verify({ credential: award.url, email: 'someone.else@example.org' });
    expect(wrongPerson.body.verdict).toBe('wrong-recipient');
  });

  test('the credential id printed on the certificate verifies; a truncated one is explained', async () => {
    expect((await verify({ credential: award.publicId })).body.verdict).toBe('valid');
    const truncated = await verify({ credential: award.publicId.slice(0, 30) });
    expect(truncated.body.verdict).toBe('unreadable');
    expect(truncated.body.checks[0].detail).toMatch(/incomplete credential id/);
    const unknown = await verify({ credential: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.verdict).toBe('unknown');
  });

  test('a signed 2.0 badge verifies; a changed character, alg none, an algorithm swap or an embedded private key fail', async () => {
    const jws = (
      await request(campus.app).get(`/badges/assertions/${award.publicId}/signed`).expect(200)
    ).text;
    expect((await verify({ credential: jws })).body.verdict).toBe('valid');

    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const forged = await verify({ credential: `${header}.${payload}.${flipLast(signature)}` });
    expect(forged.body.verdict).toBe('tampered');
    expect(forged.body.checks).toContainEqual(
      expect.objectContaining({ check: 'proof', ok: false }),
    );
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;

    const none = await verify({ credential: `${b64({ alg: 'none', kid })}.${payload}.` });
    expect(none.body.verdict).toBe('tampered');
    expect(none.body.checks.at(-1).detail).toMatch(/“none” is not accepted/);

    // HS256 "signed" with the public key as the secret: the classic algorithm-confusion attack.
    const key = await getActiveKey(campus.config, 'RS256');
    const publicPem = createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' });
    const swappedHead = `${b64({ alg: 'HS256', kid })}.${b64({ ...claims, recipient: { ...claims.recipient } })}`;
    const mac = createHmac('sha256', publicPem).update(swappedHead).digest('base64url');
    const swapped = await verify({ credential: `${swappedHead}.${mac}` });
    expect(swapped.body.verdict).toBe('tampered');

    const privateJwk = key.privateKey.export({ format: 'jwk' });
    const withPrivate = await verify({
      credential: `${b64({ alg: 'RS256', kid, jwk: privateJwk })}.${payload}.${signature}`,
    });
    expect(withPrivate.body.verdict).toBe('tampered');
    expect(withPrivate.body.checks.at(-1).detail).toMatch(/private key/);
  });

  test('the 3.0 credential verifies as JSON (Data Integrity) and as a VC-JWT; one changed character fails each', async () => {
    const credential = (
      await request(campus.app).get(`/badges/credentials/${award.publicId}`).expect(200)
    ).text;
    const asJson = await verify({ credential, email: award.email });
    expect(asJson.body).toMatchObject({
      verdict: 'valid',
      badge: { format: 'Open Badges 3.0 credential', recipientName: 'Lucía Gómez' },
    });
    expect(asJson.body.checks).toContainEqual(
      expect.objectContaining({ check: 'schema', ok: true }),
    );
    const tampered = await verify({
      credential: credential.replace('Verified Basic', 'Verified Basid'),
    });
    expect(tampered.body.verdict).toBe('tampered');

    const jwt = (
      await request(campus.app).get(`/badges/credentials/${award.publicId}/jwt`).expect(200)
    ).text;
    expect((await verify({ credential: jwt })).body.verdict).toBe('valid');
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.vc.credentialSubject.achievement.name += '!';
    expect((await verify({ credential: `${h}.${b64(claims)}.${s}` })).body.verdict).toBe(
      'tampered',
    );
    expect((await verify({ credential: '{"@context": [' })).body.verdict).toBe('unreadable');
  });

  test('a baked PNG uploaded to the API verifies; a PNG with no badge or two badges is a clear answer; a huge upload is refused', async () => {
    const owner = await apiLogin(campus.app, { email: award.email, password: testPassword });
    const baked = await owner.agent
      .get(`/badges/${award.publicId}/baked/ob3.png`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const png = baked.body as Buffer;
    const upload = (bytes: Buffer, name = 'badge.png') =>
      request(campus.app).post('/api/v1/verify').attach('file', bytes, name);
    const valid = await upload(png).expect(200);
    expect(valid.body.verdict).toBe('valid');
    expect(valid.body.checks[0].detail).toMatch(/^Baked PNG image/);

    const plain = renderSvgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
    expect((await upload(plain).expect(200)).body).toMatchObject({
      verdict: 'unreadable',
      checks: [{ detail: expect.stringMatching(/carries no badge/) }],
    });
    // bakePng keeps one chunk, so a second one is spliced in by hand, as a forger would.
    const chunks = extractChunks(png);
    const second = {
      name: 'iTXt',
      data: encodeSync({
        keyword: 'openbadges',
        compressionFlag: false,
        compressionMethod: 0,
        languageTag: '',
        translatedKeyword: '',
        text: award.url,
      }),
    };
    chunks.splice(chunks.length - 1, 0, second);
    const twice = Buffer.from(encodeChunks(chunks));
    const doubled = await upload(twice).expect(200);
    expect(doubled.body.verdict).toBe('unreadable');

    const huge = Buffer.alloc(3 * 1024 * 1024, 1);
    const tooBig = await upload(huge).expect(413);
    expect(tooBig.body.errors[0].field).toBe('file');
  });

  test('a key reported compromised flags what it signed', async () => {
    const jws = (
      await request(campus.app).get(`/badges/assertions/${award.publicId}/signed`).expect(200)
    ).text;
    const credential = (
      await request(campus.app).get(`/badges/credentials/${award.publicId}`).expect(200)
    ).text;
    for (const algorithm of ['RS256', 'Ed25519'] as const) {
      const key = await getActiveKey(campus.config, algorithm);
      await admin.agent
        .post(`/api/v1/admin/keys/${key.kid}/compromised`)
        .set('x-csrf-token', admin.csrf)
        .expect(200);
    }
    for (const signed of [jws, credential]) {
      const flagged = await verify({ credential: signed });
      expect(flagged.body.verdict).toBe('compromised');
      expect(flagged.body.checks).toContainEqual(
        expect.objectContaining({ check: 'key', ok: false }),
      );
    }
    // A fresh copy is signed by the new key and verifies again.
    const fresh = (
      await request(campus.app).get(`/badges/credentials/${award.publicId}`).expect(200)
    ).text;
    expect((await verify({ credential: fresh })).body.verdict).toBe('valid');
  });

  test('the verify page shows the verdict and each check; a revoked badge says so', async () => {
    await admin.agent
      .post(`/api/v1/admin/awards/${award.publicId}/revoke`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Issued in error' })
      .expect(200);
    // No token: the page only reads (a token in a multipart form's address would be copied around).
    const page = await browser(campus.app)
      .post('/verify')
      .type('form')
      .send({ credential: award.url, email: '' })
      .expect(200);
    expect(page.text).toContain('Revoked badge');
    expect(page.text).toContain('Revoked by its issuer: Issued in error.');
  });

  test('nothing to verify is a 422 on the field, not a verdict about a badge', async () => {
    const page = await browser(campus.app)
      .post('/verify')
      .type('form')
      .set('Accept-Language', 'es')
      .send({ credential: '', email: 'someone@example.org' })
      .expect(422);
    expect(page.text).toContain('Pega un ID de credencial, un enlace de insignia o su JSON');
    expect(page.text).not.toContain('No se puede leer');
    // What the employer typed is still there.
    expect(page.text).toContain('value="someone@example.org"');
    const api = await request(campus.app).post('/api/v1/verify').send({}).expect(422);
    expect(api.body.errors).toEqual([
      expect.objectContaining({ field: 'credential', message: expect.stringContaining('Paste') }),
    ]);
  });

  test('email checks are rate limited, so the verifier is no oracle for who holds a badge', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await request(campus.app)
        .get('/api/v1/verify')
        .query({ credential: award.publicId, email: `guess${attempt}@example.org` });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    // Without an email the verifier still answers.
    await verify({ credential: award.publicId });

    // On the page, a refused employer keeps what they entered and is told the real wait.
    let refused: request.Response | undefined;
    for (let attempt = 0; attempt < 15 && !refused; attempt++) {
      const page = await request(campus.app)
        .post('/verify')
        .type('form')
        .send({ credential: award.publicId, email: `page-guess${attempt}@example.org` });
      if (page.status === 429) refused = page;
    }
    expect(refused).toBeDefined();
    const wait = Number(refused!.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(refused!.text).toContain(`Try again in ${Math.ceil(wait / 60)} minutes`);
    expect(refused!.text).toContain(`>${award.publicId}</textarea>`);
    expect(refused!.text).toMatch(/value="page-guess\d+@example.org"/);
  });
});

describe('repeated verifications answer from a cache that never outlives a change', () => {
  test('an issuer rename shows at once; a revocation made by another web process within a second', async () => {
    const { course } = await levelWithBadge(admin, 'cached', { name: 'Cached Basic' });
    const { award: stored } = await studentCompleting(campus, course, {
      displayName: 'Tomás Cache',
      email: 'tomas.cache@example.org',
    });
    const link = `${campus.config.baseUrl}/badges/assertions/${stored!.publicId}`;
    expect((await verify({ credential: link })).body).toMatchObject({
      verdict: 'valid',
      badge: { recipientName: 'Tomás Cache' },
    });

    await admin.agent
      .put('/api/v1/admin/issuer')
      .set('x-csrf-token', admin.csrf)
      .send({
        name: 'Campus Renamed',
        url: 'https://campus.example.org',
        email: 'badges@example.org',
      })
      .expect(200);
    expect((await verify({ credential: link })).body.badge.issuer.name).toBe('Campus Renamed');

    // Another web process revokes: it writes the award and raises the epoch. Until this process
    // re-reads the epoch it may answer from its cache, and within a second it must not.
    await AwardModel.updateOne(
      { publicId: stored!.publicId },
      { $set: { revokedAt: new Date(), revocationReason: 'Revoked elsewhere' } },
    );
    expect((await verify({ credential: link })).body.verdict).toBe('valid'); // the cached answer
    await VerificationEpochModel.updateOne(
      { _id: 'verification' },
      { $inc: { value: 1 } },
      { upsert: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await verify({ credential: link })).body).toMatchObject({ verdict: 'revoked' });
  });
});
