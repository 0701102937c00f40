// Issuer identity: documents served from an attacker's host that claim to be
// https://www.harvard.edu/issuer. One real HTTPS server on 127.0.0.1 plays both parts: its own
// origin is the attacker's host, and its /harvard/ paths are www.harvard.edu, mapped the way DNS
// would (the fetch asks www.harvard.edu and gets the answer under that address, unless the server
// redirects elsewhere). The campus under test widens its fetch policy to 127.0.0.1 only.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CompactSign, SignJWT } from 'jose';
import request from 'supertest';
import { addEddsaProof, ed25519PublicKeyMultibase } from '../../badges/open-badges/data-integrity';
import { createSafeFetch, type SafeFetch } from '../../platform/safe-fetch';
import { TrustedIssuerModel } from '../../badges/verification/trusted-issuer.model';
import { VerificationEpochModel } from '../../badges/verification/verification-epoch.model';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { browser, csrfFrom, submitForm, type Agent } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { serveIssuerDocuments, type DocumentRoute } from '../support/issuer-documents';
import { startTestCampus, type TestCampus } from '../support/test-campus';

const routes = new Map<string, DocumentRoute>();
let documents: Awaited<ReturnType<typeof serveIssuerDocuments>>;
/** The attacker's host. */
let origin: string;
let campus: TestCampus;

const harvard = 'https://www.harvard.edu';
const harvardIssuer = `${harvard}/issuer`;

const vector = JSON.parse(
  readFileSync(path.join(__dirname, '../vectors/1edtech-ob3-eddsa-rdfc-2022.json'), 'utf8'),
);
const attackerEd25519 = generateKeyPairSync('ed25519');
const attackerRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const harvardEd25519 = generateKeyPairSync('ed25519');
const harvardRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

beforeAll(async () => {
  documents = await serveIssuerDocuments(routes);
  origin = documents.origin;
  const safeFetch = createSafeFetch({
    isAllowedAddress: (address) => address === '127.0.0.1',
    ca: documents.ca,
  });
  const harvardPaths = `${origin}/harvard`;
  const remoteFetch: SafeFetch = async (url, accept) => {
    const asked = new URL(url);
    if (asked.origin !== harvard) return safeFetch(url, accept);
    const response = await safeFetch(`${harvardPaths}${asked.pathname}${asked.search}`, accept);
    const answeredByHarvard = response.url.startsWith(`${harvardPaths}/`);
    return {
      ...response,
      url: answeredByHarvard ? harvard + response.url.slice(harvardPaths.length) : response.url,
    };
  };
  campus = await startTestCampus({}, { remoteFetch });
});
afterAll(async () => {
  await documents.close();
  await campus.close();
});

const verify = (credential: string) =>
  request(campus.app).post('/api/v1/verify').send({ credential }).expect(200);

const unverifiedIssuer = (body: { verdict: string; checks: { check: string; ok: boolean }[] }) => {
  expect(body).toMatchObject({
    verdict: 'unverified-issuer',
    issuerTrust: 'unverified',
    badge: { issuer: { id: harvardIssuer, verified: false, trust: 'unverified' } },
  });
  expect(body.checks).toContainEqual(
    expect.objectContaining({
      check: 'issuer',
      ok: false,
      detail: expect.stringContaining(
        'The signature checks out, but nothing shows this issuer is who it claims to be',
      ),
    }),
  );
};

const multibaseOf = (key: ReturnType<typeof generateKeyPairSync>) =>
  ed25519PublicKeyMultibase(key.publicKey.export({ format: 'jwk' }));

beforeAll(async () => {
  // The real Harvard: its profile lists its own Multikey and its own RSA key; its JWKS.
  const harvardMultibase = await multibaseOf(harvardEd25519);
  routes.set('/harvard/issuer', {
    body: {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      id: harvardIssuer,
      name: 'Harvard University',
      url: harvard,
      assertionMethod: [
        {
          id: `${harvardIssuer}#${harvardMultibase}`,
          type: 'Multikey',
          controller: harvardIssuer,
          publicKeyMultibase: harvardMultibase,
        },
      ],
    },
  });
  routes.set('/harvard/.well-known/did.json', {
    body: {
      id: 'did:web:www.harvard.edu',
      verificationMethod: [
        {
          id: `did:web:www.harvard.edu#${harvardMultibase}`,
          type: 'Multikey',
          controller: 'did:web:www.harvard.edu',
          publicKeyMultibase: harvardMultibase,
        },
      ],
      assertionMethod: [`did:web:www.harvard.edu#${harvardMultibase}`],
    },
  });
  routes.set('/harvard/.well-known/jwks.json', {
    body: {
      keys: [{ ...harvardRsa.publicKey.export({ format: 'jwk' }), kid: 'h-1', alg: 'RS256' }],
    },
  });
});

describe('when documents on another host claim to be https://www.harvard.edu/issuer', () => {
  const assertion = (id: string, badge: string) => ({
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: `${origin}${id}`,
    recipient: { type: 'email', hashed: false, identity: 'mallory@example.org' },
    badge: `${origin}${badge}`,
    verification: { type: 'hosted' },
    issuedOn: '2026-01-10T09:00:00Z',
  });
  const badgeClass = (id: string, issuer: unknown) => ({
    type: 'BadgeClass',
    id: `${origin}${id}`,
    name: 'Doctor of Medicine',
    description: 'Forged.',
    issuer,
    criteria: { narrative: 'None.' },
    image: `${origin}/i.png`,
  });
  const forgedProfile = (extra: Record<string, unknown> = {}) => ({
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Issuer',
    id: harvardIssuer,
    name: 'Harvard University',
    url: harvard,
    ...extra,
  });

  test('when an OB 2.0 hosted assertion names a profile on the attacker’s host, the verdict is unverified-issuer', async () => {
    routes.set('/forged/issuer', {
      body: forgedProfile({ verification: { allowedOrigins: [new URL(origin).host] } }),
    });
    routes.set('/forged/badge', { body: badgeClass('/forged/badge', `${origin}/forged/issuer`) });
    routes.set('/forged/assertion', { body: assertion('/forged/assertion', '/forged/badge') });
    unverifiedIssuer((await verify(`${origin}/forged/assertion`)).body);
  });

  test('when an OB 2.0 hosted badge class embeds the claimed profile, Harvard’s own profile is read and does not host it', async () => {
    routes.set('/forged/badge-embedded', {
      body: badgeClass(
        '/forged/badge-embedded',
        forgedProfile({ verification: { allowedOrigins: [new URL(origin).host] } }),
      ),
    });
    routes.set('/forged/assertion-embedded', {
      body: assertion('/forged/assertion-embedded', '/forged/badge-embedded'),
    });
    const result = await verify(`${origin}/forged/assertion-embedded`);
    unverifiedIssuer(result.body);
    expect(JSON.stringify(result.body.checks)).toContain('does not name as a place its badges');
  });

  test('when an OB 2.0 signed assertion’s key and profile are served by the attacker, the verdict is unverified-issuer', async () => {
    const keyUrl = `${origin}/forged/key`;
    routes.set('/forged/key', {
      body: {
        '@context': 'https://w3id.org/openbadges/v2',
        type: 'CryptographicKey',
        id: keyUrl,
        owner: harvardIssuer,
        publicKeyPem: attackerRsa.publicKey.export({ format: 'pem', type: 'spki' }),
      },
    });
    // Its own (empty) revocation list, so that only the issuer's identity is in question.
    routes.set('/forged/revocations', { body: { revokedAssertions: [] } });
    routes.set('/forged/signed-issuer', {
      body: forgedProfile({ publicKey: [keyUrl], revocationList: `${origin}/forged/revocations` }),
    });
    routes.set('/forged/signed-badge', {
      body: badgeClass('/forged/signed-badge', `${origin}/forged/signed-issuer`),
    });
    const payload = {
      ...assertion('/forged/signed-assertion', '/forged/signed-badge'),
      id: 'urn:uuid:5f0d2a44-1c1e-4f0a-9d53-3c5a1f1e0b01',
      verification: { type: 'SignedBadge', creator: keyUrl },
    };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(attackerRsa.privateKey);
    unverifiedIssuer((await verify(jws)).body);
  });

  test('when an OB 3.0 Data Integrity key names Harvard as controller from the attacker’s host, the verdict is unverified-issuer', async () => {
    const multibase = await multibaseOf(attackerEd25519);
    const keysUrl = `${origin}/forged/keys`;
    routes.set('/forged/keys', {
      body: {
        id: keysUrl,
        assertionMethod: [
          {
            id: `${keysUrl}#${multibase}`,
            type: 'Multikey',
            controller: harvardIssuer,
            publicKeyMultibase: multibase,
          },
        ],
      },
    });
    const signed = await addEddsaProof(ob3Credential(harvardIssuer), {
      privateJwk: attackerEd25519.privateKey.export({ format: 'jwk' }),
      controller: keysUrl,
      created: new Date('2026-01-01T00:00:00Z'),
    });
    const result = await verify(JSON.stringify(signed));
    unverifiedIssuer(result.body);
    expect(JSON.stringify(result.body.checks)).toContain(
      `served by ${new URL(origin).host}, not by the site its id ${harvardIssuer} names`,
    );
  });

  test('when Harvard’s JWKS address redirects to the attacker’s keys, a VC-JWT naming Harvard is unverified-issuer', async () => {
    routes.set('/harvard/.well-known/jwks.json', { location: `${origin}/forged/jwks.json` });
    routes.set('/forged/jwks.json', {
      body: {
        keys: [{ ...attackerRsa.publicKey.export({ format: 'jwk' }), kid: 'evil-1', alg: 'RS256' }],
      },
    });
    try {
      const jwt = await vcJwt(ob3Credential(harvardIssuer), 'evil-1', attackerRsa.privateKey);
      unverifiedIssuer((await verify(jwt)).body);
    } finally {
      routes.set('/harvard/.well-known/jwks.json', {
        body: {
          keys: [{ ...harvardRsa.publicKey.export({ format: 'jwk' }), kid: 'h-1', alg: 'RS256' }],
        },
      });
    }
  });

  test('when a VC-JWT naming Harvard uses a kid Harvard does not publish, it is an unknown issuer', async () => {
    const jwt = await vcJwt(ob3Credential(harvardIssuer), 'evil-1', attackerRsa.privateKey);
    expect((await verify(jwt)).body.verdict).toBe('unknown-issuer');
  });
});

test('when a key document on another host names this campus’s issuer as its controller, the badge is not this campus’s', async () => {
  const campusIssuer = `${campus.config.baseUrl}/badges/issuer`;
  const multibase = await multibaseOf(attackerEd25519);
  const keysUrl = `${origin}/forged/campus-keys`;
  routes.set('/forged/campus-keys', {
    body: {
      id: keysUrl,
      assertionMethod: [
        {
          id: `${keysUrl}#${multibase}`,
          type: 'Multikey',
          controller: campusIssuer,
          publicKeyMultibase: multibase,
        },
      ],
    },
  });
  const signed = await addEddsaProof(ob3Credential(campusIssuer, 'Campus'), {
    privateJwk: attackerEd25519.privateKey.export({ format: 'jwk' }),
    controller: keysUrl,
    created: new Date('2026-01-01T00:00:00Z'),
  });
  const result = await verify(JSON.stringify(signed));
  expect(result.body).toMatchObject({
    verdict: 'unverified-issuer',
    badge: { issuer: { verified: false, trust: 'unverified' } },
  });
});

test('when another domain’s DID document names did:web:www.harvard.edu as controller, the badge is not bound to either', async () => {
  const multibase = await multibaseOf(attackerEd25519);
  const evilDid = `did:web:${encodeURIComponent(new URL(origin).host)}`;
  routes.set('/.well-known/did.json', {
    body: {
      id: evilDid,
      verificationMethod: [
        {
          id: `${evilDid}#${multibase}`,
          type: 'Multikey',
          controller: 'did:web:www.harvard.edu',
          publicKeyMultibase: multibase,
        },
      ],
      assertionMethod: [`${evilDid}#${multibase}`],
    },
  });
  const signed = await addEddsaProof(ob3Credential('did:web:www.harvard.edu'), {
    privateJwk: attackerEd25519.privateKey.export({ format: 'jwk' }),
    controller: evilDid,
    created: new Date('2026-01-01T00:00:00Z'),
  });
  expect((await verify(JSON.stringify(signed))).body).toMatchObject({
    verdict: 'unverified-issuer',
    issuerTrust: 'unverified',
    badge: { issuer: { domain: null } },
  });
});

describe('when the issuer’s own site serves its profile and keys', () => {
  test('when Harvard’s own key signs, the badge is valid and bound to www.harvard.edu', async () => {
    const multibase = await multibaseOf(harvardEd25519);
    const signed = await addEddsaProof(ob3Credential(harvardIssuer), {
      privateJwk: harvardEd25519.privateKey.export({ format: 'jwk' }),
      controller: harvardIssuer,
      created: new Date('2026-01-01T00:00:00Z'),
    });
    expect(signed.proof[0]).toMatchObject({ verificationMethod: `${harvardIssuer}#${multibase}` });
    const result = await verify(JSON.stringify(signed));
    expect(result.body).toMatchObject({
      verdict: 'valid',
      issuerTrust: 'domain-bound',
      badge: { issuer: { trust: 'domain-bound', domain: 'www.harvard.edu', verified: false } },
    });
    expect(JSON.stringify(result.body.checks)).toContain('Issued by the holder of www.harvard.edu');
    const jwt = await vcJwt(ob3Credential(harvardIssuer), 'h-1', harvardRsa.privateKey);
    expect((await verify(jwt)).body).toMatchObject({
      verdict: 'valid',
      issuerTrust: 'domain-bound',
    });
  });

  test('when a did:web issuer’s DID document on its domain lists the key, the badge is bound to that domain', async () => {
    const did = 'did:web:www.harvard.edu';
    const signed = await addEddsaProof(ob3Credential(did), {
      privateJwk: harvardEd25519.privateKey.export({ format: 'jwk' }),
      controller: did,
      created: new Date('2026-01-01T00:00:00Z'),
    });
    expect((await verify(JSON.stringify(signed))).body).toMatchObject({
      verdict: 'valid',
      issuerTrust: 'domain-bound',
      badge: { issuer: { domain: 'www.harvard.edu' } },
    });
  });
});

describe('the issuers known to this campus', () => {
  async function loggedIn(roles: ('admin' | 'student')[]): Promise<Agent> {
    const user = await createTestUser({ roles });
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    return agent;
  }

  test('when an admin lists a did:key issuer with its key, its badge turns from unverified-issuer into known-to-campus', async () => {
    const multibase = await multibaseOf(attackerEd25519);
    const did = `did:key:${multibase}`;
    const signed = await addEddsaProof(ob3Credential(did, 'Partner Academy'), {
      privateJwk: attackerEd25519.privateKey.export({ format: 'jwk' }),
      controller: did,
      created: new Date('2026-01-01T00:00:00Z'),
    });
    const before = await verify(JSON.stringify(signed));
    expect(before.body).toMatchObject({ verdict: 'unverified-issuer', issuerTrust: 'unverified' });
    expect(JSON.stringify(before.body.checks)).toContain('names no organisation');

    const admin = await loggedIn(['admin']);
    const page = '/admin/badges/trusted-issuers';
    const refused = await submitForm(admin, page, page, { issuerId: did, name: 'Partner' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Fill in at least one key id or origin');
    expect(await TrustedIssuerModel.countDocuments()).toBe(0);

    const epochBefore = (await VerificationEpochModel.findById('verification').lean())?.value ?? 0;
    const saved = await submitForm(admin, page, page, {
      issuerId: did,
      name: 'Partner Academy (checked by phone)',
      keyIds: `${did}#${multibase}\n`,
      origins: '',
    });
    expect(saved.headers.location).toBe(page);
    expect((await VerificationEpochModel.findById('verification').lean())?.value).toBe(
      epochBefore + 1,
    );
    expect(await AuditEntryModel.findOne({ action: 'trusted_issuer.saved' }).lean()).toMatchObject({
      details: { issuerId: did },
    });
    expect((await admin.get(page)).text).toContain('Partner Academy (checked by phone)');

    const after = await verify(JSON.stringify(signed));
    expect(after.body).toMatchObject({
      verdict: 'valid',
      issuerTrust: 'known-to-campus',
      badge: { issuer: { verified: true, trust: 'known-to-campus' } },
    });
    // The same issuer id with a key the admin did not list stays unverified.
    const other = generateKeyPairSync('ed25519');
    const otherDid = `did:key:${await multibaseOf(other)}`;
    const impostor = await addEddsaProof(ob3Credential(otherDid), {
      privateJwk: other.privateKey.export({ format: 'jwk' }),
      controller: otherDid,
      created: new Date('2026-01-01T00:00:00Z'),
    });
    expect((await verify(JSON.stringify(impostor))).body.verdict).toBe('unverified-issuer');

    await submitForm(admin, page, `${page}/remove`, { issuerId: did });
    expect(await TrustedIssuerModel.countDocuments()).toBe(0);
    expect((await verify(JSON.stringify(signed))).body.verdict).toBe('unverified-issuer');
  });

  test('when a student or an anonymous person posts to the list, nothing changes', async () => {
    const student = await loggedIn(['student']);
    const csrf = await csrfFrom(student, '/profile');
    const fields = {
      issuerId: harvardIssuer,
      name: 'Harvard',
      origins: origin,
      _csrf: csrf,
    };
    const page = '/admin/badges/trusted-issuers';
    expect((await student.post(page).type('form').send(fields)).status).toBe(403);
    expect((await student.get(page)).status).toBe(403);
    const anonymous = browser(campus.app);
    const anonymousCsrf = await csrfFrom(anonymous, '/login');
    const answer = await anonymous
      .post(page)
      .type('form')
      .send({ ...fields, _csrf: anonymousCsrf });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toMatch(/^\/login/);
    expect(await TrustedIssuerModel.countDocuments()).toBe(0);
  });
});

function ob3Credential(issuerId: string, name = 'Harvard University') {
  const { proof: _proof, ...unsigned } = structuredClone(vector);
  return {
    ...unsigned,
    id: `urn:uuid:${crypto.randomUUID()}`,
    issuer: { ...unsigned.issuer, id: issuerId, name },
    validFrom: '2026-01-01T00:00:00Z',
  };
}

function vcJwt(vc: ReturnType<typeof ob3Credential>, kid: string, key: unknown) {
  return new SignJWT({ vc })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(vc.issuer.id)
    .setJti(vc.id)
    .setSubject(vc.credentialSubject.id)
    .sign(key as Parameters<SignJWT['sign']>[0]);
}
