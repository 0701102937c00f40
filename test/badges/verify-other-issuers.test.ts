// Badges of other issuers, served by a real HTTPS server on this machine. The campus under test
// widens its fetch policy to 127.0.0.1 (with the server's self-signed CA) except where a test
// switches back to the production policy to show what it refuses.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import { SignJWT } from 'jose';
import request from 'supertest';
import { addEddsaProof, ed25519PublicKeyMultibase } from '../../badges/open-badges/data-integrity';
import { badgeUrls } from '../../badges/open-badges/ob2';
import { verifyBatch } from '../../badges/verification/verify-batch';
import { createSafeFetch, isPublicAddress } from '../../platform/safe-fetch';
import { serveIssuerDocuments, type DocumentRoute } from '../support/issuer-documents';
import { startTestCampus, type TestCampus } from '../support/test-campus';

const routes = new Map<string, DocumentRoute>();
let documents: Awaited<ReturnType<typeof serveIssuerDocuments>>;
let origin: string;
let campus: TestCampus;
/** While true, the test server on 127.0.0.1 may be fetched; otherwise the production policy. */
let testServerReachable = true;

const vector = JSON.parse(
  readFileSync(path.join(__dirname, '../vectors/1edtech-ob3-eddsa-rdfc-2022.json'), 'utf8'),
);
const ed25519 = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

beforeAll(async () => {
  documents = await serveIssuerDocuments(routes);
  origin = documents.origin;
  campus = await startTestCampus(
    {},
    {
      remoteFetch: createSafeFetch({
        isAllowedAddress: (address) =>
          testServerReachable ? address === '127.0.0.1' : isPublicAddress(address),
        ca: documents.ca,
      }),
    },
  );
});
afterAll(async () => {
  await documents.close();
  await campus.close();
});

const verify = (credential: string) =>
  request(campus.app).post('/api/v1/verify').send({ credential }).expect(200);
/** Verifies under the production fetch policy (nothing private, loopback included). */
async function verifyStrictly(credential: string) {
  testServerReachable = false;
  try {
    return await verify(credential);
  } finally {
    testServerReachable = true;
  }
}

function issuerProfile(extra: Record<string, unknown> = {}) {
  return {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Issuer',
    id: `${origin}/issuer`,
    name: 'Other Academy',
    url: origin,
    email: 'badges@other.example',
    ...extra,
  };
}

describe('Open Badges 2.0 of another issuer', () => {
  beforeAll(() => {
    routes.set('/issuer', { body: issuerProfile() });
    routes.set('/badges/dns', {
      body: {
        type: 'BadgeClass',
        id: `${origin}/badges/dns`,
        name: 'DNS Operator',
        description: 'Runs DNS.',
        issuer: `${origin}/issuer`,
        criteria: { narrative: 'Pass.' },
        image: `${origin}/i.png`,
      },
    });
    const assertion = (id: string, extra: Record<string, unknown> = {}) => ({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: `${origin}${id}`,
      recipient: {
        type: 'email',
        hashed: true,
        salt: 'deadsea',
        identity: 'sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942',
      },
      badge: `${origin}/badges/dns`,
      verification: { type: 'hosted' },
      issuedOn: '2026-01-10T09:00:00Z',
      ...extra,
    });
    routes.set('/assertions/good', { body: assertion('/assertions/good') });
    routes.set('/assertions/revoked', {
      status: 410,
      body: assertion('/assertions/revoked', { revoked: true, revocationReason: 'Cheating' }),
    });
    routes.set('/assertions/moved', { body: assertion('/assertions/elsewhere') });
  });

  test('a hosted assertion is fetched from its own address and verified, its issuer shown as not vouched for', async () => {
    const result = await verify(`${origin}/assertions/good`);
    expect(result.body).toMatchObject({
      verdict: 'valid',
      issuerTrust: 'domain-bound',
      badge: {
        name: 'DNS Operator',
        issuer: {
          name: 'Other Academy',
          verified: false,
          trust: 'domain-bound',
          domain: new URL(origin).host,
        },
        recipientName: null,
      },
    });
    // The spec's known answer: nobody@example.org with salt "deadsea".
    const forPerson = await request(campus.app)
      .post('/api/v1/verify')
      .send({ credential: `${origin}/assertions/good`, email: 'nobody@example.org' })
      .expect(200);
    expect(forPerson.body.verdict).toBe('valid');
  });

  test('410 Gone means revoked; a copy whose id is another address is not trusted', async () => {
    const revoked = await verify(`${origin}/assertions/revoked`);
    expect(revoked.body.verdict).toBe('revoked');
    expect(revoked.body.checks.at(-1).detail).toContain('Cheating');
    expect((await verify(`${origin}/assertions/moved`)).body.verdict).toBe('tampered');
  });
});

describe('Open Badges 3.0 of another issuer', () => {
  let multikeyId: string;
  const credential = (extra: Record<string, unknown> = {}) => {
    const { proof: _proof, ...unsigned } = structuredClone(vector);
    return {
      ...unsigned,
      // Needed to canonicalize 1EdTechRevocationList under VC 2.0 (see open-badges-facts.md).
      '@context': [
        ...unsigned['@context'],
        'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      ],
      id: `${origin}/credentials/1`,
      issuer: { ...unsigned.issuer, id: `${origin}/issuer`, name: 'Other Academy' },
      validFrom: '2026-01-01T00:00:00Z',
      ...extra,
    };
  };
  const sign = <T extends object>(document: T, controller = `${origin}/issuer`) =>
    addEddsaProof(document, {
      privateJwk: ed25519.privateKey.export({ format: 'jwk' }),
      controller,
      created: new Date('2026-01-01T00:00:00Z'),
    });

  beforeAll(async () => {
    const multibase = await ed25519PublicKeyMultibase(ed25519.publicKey.export({ format: 'jwk' }));
    multikeyId = `${origin}/issuer#${multibase}`;
    routes.set('/issuer', {
      body: issuerProfile({
        assertionMethod: [
          {
            id: multikeyId,
            type: 'Multikey',
            controller: `${origin}/issuer`,
            publicKeyMultibase: multibase,
          },
        ],
      }),
    });
    routes.set('/.well-known/jwks.json', {
      body: { keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256' }] },
    });
    routes.set('/revocations', { body: { revokedCredentials: [`${origin}/credentials/9`] } });
    // Signed lists, as the W3C spec publishes them: index 2 revoked; index 5 suspended.
    const statusList = async (path: string, purpose: string, index: number, signer?: string) => {
      const bits = await createList({ length: 131_072 });
      bits.setStatus(index, true);
      const list = {
        ...(await createCredential({ id: `${origin}${path}`, list: bits, statusPurpose: purpose })),
        issuer: `${origin}/issuer`,
        validFrom: '2026-01-01T00:00:00Z',
      };
      return signer === 'none' ? list : sign(list, signer);
    };
    routes.set('/status/1', { body: await statusList('/status/1', 'revocation', 2) });
    routes.set('/status/suspended', {
      body: await statusList('/status/suspended', 'suspension', 5),
    });
    routes.set('/status/unsigned', {
      body: await statusList('/status/unsigned', 'revocation', 2, 'none'),
    });
    const short = await createList({ length: 1024 });
    routes.set('/status/short', {
      body: await sign({
        ...(await createCredential({
          id: `${origin}/status/short`,
          list: short,
          statusPurpose: 'revocation',
        })),
        issuer: `${origin}/issuer`,
        validFrom: '2026-01-01T00:00:00Z',
      }),
    });
    const forged = await statusList('/status/forged', 'revocation', 7);
    forged.credentialSubject.encodedList = (
      await statusList('/x', 'revocation', 2)
    ).credentialSubject.encodedList;
    routes.set('/status/forged', { body: forged });
  });

  test('a credential with an eddsa-rdfc-2022 proof by a key the issuer lists verifies; its revocation list is read', async () => {
    const signed = await sign(
      credential({
        credentialStatus: { id: `${origin}/revocations`, type: '1EdTechRevocationList' },
      }),
    );
    const result = await verify(JSON.stringify(signed));
    expect(result.body).toMatchObject({
      verdict: 'valid',
      issuerTrust: 'domain-bound',
      badge: { issuer: { verified: false, trust: 'domain-bound' } },
    });
    expect(result.body.checks).toContainEqual(
      expect.objectContaining({ check: 'status', ok: true }),
    );

    const revoked = await sign(
      credential({
        id: `${origin}/credentials/9`,
        credentialStatus: { id: `${origin}/revocations`, type: '1EdTechRevocationList' },
      }),
    );
    expect((await verify(JSON.stringify(revoked))).body.verdict).toBe('revoked');
  });

  test('a status list that cannot be reached never gives a plain “valid”', async () => {
    const signed = await sign(
      credential({
        credentialStatus: { id: `${origin}/no-such-list`, type: '1EdTechRevocationList' },
      }),
    );
    const result = await verify(JSON.stringify(signed));
    expect(result.body.verdict).toBe('unconfirmed');
  });

  test('a Bitstring status list entry is read bit by bit, from a list its issuer signed', async () => {
    const entry = (index: number, purpose = 'revocation', list = '/status/1') => ({
      id: `${origin}${list}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: `${origin}${list}`,
    });
    const verdictOf = async (credentialStatus: object) => {
      const result = await verify(JSON.stringify(await sign(credential({ credentialStatus }))));
      return result.body;
    };
    expect((await verdictOf(entry(2))).verdict).toBe('revoked');
    expect((await verdictOf(entry(3))).verdict).toBe('valid');
    // Revocation and suspension entries, as the W3C spec shows them: each list is read.
    const suspended = await verdictOf([entry(3), entry(5, 'suspension', '/status/suspended')]);
    expect(suspended.verdict).toBe('suspended');
    expect(suspended.checks.at(-1)).toMatchObject({ check: 'status', ok: false });
    expect((await verdictOf([entry(3), entry(6, 'suspension', '/status/suspended')])).verdict).toBe(
      'valid',
    );
    // A handful of entries at most: each may make the verifier fetch a list.
    expect((await verdictOf(Array.from({ length: 5 }, () => entry(3)))).verdict).toBe('invalid');
    // A list is believed only when its issuer signed it, for the purpose the entry names.
    const unsigned = await verdictOf(entry(2, 'revocation', '/status/unsigned'));
    expect(unsigned.verdict).toBe('unconfirmed');
    expect(JSON.stringify(unsigned.checks)).toContain('not signed');
    const forged = await verdictOf(entry(2, 'revocation', '/status/forged'));
    expect(forged.verdict).toBe('unconfirmed');
    expect(JSON.stringify(forged.checks)).toContain('signature does not check out');
    // Shorter than the spec's 131,072 entries: a list that could single out one holder.
    const short = await verdictOf(entry(2, 'revocation', '/status/short'));
    expect(short.verdict).toBe('unconfirmed');
    expect(JSON.stringify(short.checks)).toContain('shorter than');
    const wrongPurpose = await verdictOf(entry(5, 'revocation', '/status/suspended'));
    expect(wrongPurpose.verdict).toBe('unconfirmed');
    expect(JSON.stringify(wrongPurpose.checks)).toContain('another purpose');
  });

  test('a key the issuer does not list is an unknown issuer; the 1EdTech vector (example.edu, unreachable) too, never a 500', async () => {
    const impostor = generateKeyPairSync('ed25519');
    const signed = await addEddsaProof(credential(), {
      privateJwk: impostor.privateKey.export({ format: 'jwk' }),
      controller: `${origin}/issuer`,
      created: new Date(),
    });
    expect((await verify(JSON.stringify(signed))).body.verdict).toBe('unknown-issuer');
    expect((await verify(JSON.stringify(vector))).body.verdict).toBe('unknown-issuer');
  });

  test('a VC-JWT verifies with the key in the issuer host’s JWKS', async () => {
    const vc = credential();
    const jwt = await new SignJWT({ vc })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1', typ: 'JWT' })
      .setIssuer(vc.issuer.id)
      .setJti(vc.id)
      .setSubject(vc.credentialSubject.id)
      .sign(rsa.privateKey);
    expect((await verify(jwt)).body.verdict).toBe('valid');
    const unknownKid = await new SignJWT({ vc })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-2' })
      .setIssuer(vc.issuer.id)
      .setJti(vc.id)
      .sign(rsa.privateKey);
    expect((await verify(unknownKid)).body.verdict).toBe('unknown-issuer');
  });

  test('did:key credentials verify offline, even where every fetch is refused, but name no organisation: unverified-issuer', async () => {
    const multibase = await ed25519PublicKeyMultibase(ed25519.publicKey.export({ format: 'jwk' }));
    const did = `did:key:${multibase}`;
    const signed = await sign(
      { ...credential(), issuer: { ...credential().issuer, id: did } },
      did,
    );
    const result = await verifyStrictly(JSON.stringify(signed));
    expect(result.body).toMatchObject({ verdict: 'unverified-issuer', issuerTrust: 'unverified' });
    expect(result.body.checks).toContainEqual(
      expect.objectContaining({ check: 'proof', ok: true }),
    );
  });
});

test('an Open Badges 1.x badge gets a plain answer that it is not checked here', async () => {
  const legacy = {
    uid: 'abc-1',
    recipient: { type: 'email', hashed: false, identity: 'someone@example.org' },
    badge: `${origin}/badges/dns`,
    verify: { type: 'hosted', url: `${origin}/assertions/legacy` },
    issuedOn: 1388534400,
  };
  routes.set('/assertions/legacy', { body: legacy });
  for (const answer of [
    await verify(JSON.stringify(legacy)),
    await verify(`${origin}/assertions/legacy`),
  ]) {
    expect(answer.body.verdict).toBe('invalid');
    expect(answer.body.checks.at(-1).detail).toMatch(/Open Badges 1\.x/);
  }
});

describe('no SSRF: what the verifier refuses to fetch', () => {
  test('loopback, private, metadata and IPv4-mapped addresses, and plain http, are refused with a clear answer', async () => {
    for (const url of [
      `${origin}/assertions/good`,
      'https://10.0.0.8/assertion',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:127.0.0.1]/assertion',
      'https://[::1]/assertion',
      'https://192.168.1.1/assertion',
      // 127.0.0.1 spelled as one number, in hex, and by a name that resolves to it.
      'https://2130706433/assertion',
      'https://0x7f.0.0.1/assertion',
      'https://localhost/assertion',
    ]) {
      const result = await verifyStrictly(url);
      expect(result.body.verdict).toBe('unknown');
      expect(result.body.checks.at(-1).detail).toMatch(/an address this campus never contacts/);
    }
    const plain = await verifyStrictly('http://example.org/assertion');
    expect(plain.body.checks.at(-1).detail).toMatch(/not an https address/);
    // A file: address is not even taken for a link: nothing is read.
    const file = await verifyStrictly('file:///etc/passwd');
    expect(file.body.verdict).toBe('unreadable');
    expect(JSON.stringify(file.body)).not.toContain('root:');
  });

  test('a redirect to a private address is refused too, on the campus that may reach the test server', async () => {
    routes.set('/assertions/redirect', { location: 'https://10.1.2.3/internal' });
    const result = await verify(`${origin}/assertions/redirect`);
    expect(result.body.verdict).toBe('unknown');
    expect(result.body.checks.at(-1).detail).toMatch(/10\.1\.2\.3.*never contacts/);
  });
});

describe('a batch of badges from issuers that stopped answering', () => {
  test('answers every one within the batch deadline, none of them valid', async () => {
    for (let n = 1; n <= 8; n++) routes.set(`/hanging/${n}`, { hang: true });
    const credentials = Array.from({ length: 8 }, (_, n) => `${origin}/hanging/${n + 1}`);
    const verifier = {
      baseUrl: campus.config.baseUrl,
      issuerId: badgeUrls(campus.config.baseUrl).issuer,
      fetch: campus.context.remoteFetch,
    };
    // Two rounds of four would take two single-verification deadlines (20 s) without the batch's.
    const answers = await verifyBatch(credentials, verifier, () => true, 1500);
    expect(answers.map(({ given }) => given)).toEqual(credentials);
    for (const { result } of answers) expect(result.verdict).not.toBe('valid');
  }, 8000);
});
