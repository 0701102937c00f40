import { createPublicKey } from 'node:crypto';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { jwtVerify } from 'jose';
import request from 'supertest';
import { verifyEddsaProof, type Multikey } from '../../badges/open-badges/data-integrity';
import { findOb3SchemaErrors } from '../../badges/open-badges/ob3-schema';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let publicId: string;
let recipientHash: string;

beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'ob3', { tags: ['IPv6'], validForMonths: 24 });
  const { award } = await studentCompleting(campus, course);
  publicId = award!.publicId;
  recipientHash = award!.recipientHash;
});
afterAll(() => campus.close());

describe('Open Badges 3.0', () => {
  test('the OpenBadgeCredential passes 1EdTech’s official JSON Schema', async () => {
    const credential = (
      await request(campus.app).get(`/badges/credentials/${publicId}`).expect(200)
    ).body;
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(credential.credentialSubject.identifier[0]).toMatchObject({
      identityType: 'emailAddress',
      hashed: true,
      identityHash: recipientHash,
    });
    expect(findOb3SchemaErrors(credential)).toEqual([]);
    // The schema check is real: a credential without its subject's type fails it.
    const broken = {
      ...credential,
      credentialSubject: { ...credential.credentialSubject, type: ['Person'] },
    };
    expect(findOb3SchemaErrors(broken).length).toBeGreaterThan(0);
  });

  test('its eddsa-rdfc-2022 proof verifies with the Multikey the issuer profile publishes, and a changed character breaks it', async () => {
    const credential = (
      await request(campus.app).get(`/badges/credentials/${publicId}`).expect(200)
    ).body;
    expect(credential.proof).toHaveLength(1);
    const [proof] = credential.proof;
    expect(proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    });
    // A verifier dereferences the method from the issuer's own profile, as a third party would.
    const issuerPath = new URL(credential.issuer.id).pathname;
    const profile = (await request(campus.app).get(issuerPath).expect(200)).body;
    const published = profile.assertionMethod.find(
      (key: Multikey) => key.id === proof.verificationMethod,
    );
    expect(published).toMatchObject({ type: 'Multikey', controller: credential.issuer.id });
    const resolve = async (id: string) => (id === published.id ? published : null);
    expect(await verifyEddsaProof(credential, resolve)).toMatchObject({ ok: true });

    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name += '!';
    expect(await verifyEddsaProof(tampered, resolve)).toMatchObject({ ok: false });
  });

  test('the VC-JWT is RS256, verifies with the published JWKS key, and maps iss/jti/sub/nbf/exp from the credential', async () => {
    const jwt = (await request(campus.app).get(`/badges/credentials/${publicId}/jwt`).expect(200))
      .text;
    const { kid } = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());
    const jwks = (await request(campus.app).get('/.well-known/jwks.json').expect(200)).body.keys;
    const jwk = jwks.find((key: { kid: string }) => key.kid === kid);
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      createPublicKey({ key: jwk, format: 'jwk' }),
    );
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const credential = payload.vc as {
      id: string;
      issuer: { id: string };
      credentialSubject: { id: string };
      validFrom: string;
      validUntil: string;
    };
    expect(payload).toMatchObject({
      iss: credential.issuer.id,
      jti: credential.id,
      sub: credential.credentialSubject.id,
      nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
      exp: Math.floor(Date.parse(credential.validUntil) / 1000),
    });
    expect(findOb3SchemaErrors(credential)).toEqual([]);
  });

  test('the credential points at a signed Bitstring revocation list (OB 3.0 release 1.3) whose bit is set the moment it is revoked', async () => {
    const credential = (
      await request(campus.app).get(`/badges/credentials/${publicId}`).expect(200)
    ).body;
    expect(credential.credentialSchema[0].id).toBe(
      'https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json',
    );
    const entry = credential.credentialStatus;
    expect(entry).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: expect.stringMatching(/^\d+$/),
    });
    expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
    const listPath = new URL(entry.statusListCredential).pathname;
    const readBit = async () => {
      const response = await request(campus.app).get(listPath).expect(200);
      expect(response.headers['cache-control']).toMatch(/max-age=\d{1,3}\b/);
      const list = JSON.parse(response.text);
      expect(list).toMatchObject({
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: credential.issuer.id,
        credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
      });
      // Signed by the issuer's published key, like the credential.
      const profile = (await request(campus.app).get(new URL(list.issuer).pathname)).body;
      const resolve = async (id: string) =>
        profile.assertionMethod.find((key: Multikey) => key.id === id) ?? null;
      expect(await verifyEddsaProof(list, resolve)).toMatchObject({ ok: true });
      const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
      expect(bits.length).toBeGreaterThanOrEqual(131_072); // 16 KB: the spec's minimum
      return bits.getStatus(Number(entry.statusListIndex));
    };
    expect(await readBit()).toBe(false);

    const adminUser = await createTestUser({ roles: ['admin'] });
    const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
    await admin.agent
      .post(`/api/v1/admin/awards/${publicId}/revoke`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Issued in error' })
      .expect(200);
    expect(await readBit()).toBe(true);
    // Copies issued before the status lists name the 1EdTech list: it still names the credential.
    expect(
      (await request(campus.app).get('/badges/revocations/ob3').expect(200)).body
        .revokedCredentials,
    ).toContain(credential.id);
  });
});
