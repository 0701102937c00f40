// A phone wallet receives a badge over OpenID4VCI (pre-authorized code): the holder makes the
// offer on their badges page, and a wallet built on the OpenWallet Foundation's client library
// (oid4vc-ts, the one Credo-based wallets use) reads the deep link, the metadata, trades the code
// for a token (with DPoP) and fetches the credential. Real HTTP on a real port, real stores.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  clientAuthenticationAnonymous,
  HashAlgorithm,
  Oauth2Client,
  type CallbackContext,
  type Jwk,
} from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { CompactSign, decodeJwt } from 'jose';
import request from 'supertest';
import { AwardModel } from '../../badges/awards/award.model';
import { WalletOfferModel } from '../../openbadges-api/wallet-offer.model';
import { signedInHolder } from '../support/badges';
import { browser, csrfFrom, type Agent, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  // The campus must know its own address (the metadata and offers name it): listen first.
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  campus = await startTestCampus({ BASE_URL: baseUrl });
  server.on('request', campus.app);
  campus.startWorker();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await campus.close();
});

/** The wallet's own key (for DPoP) and the callbacks its library needs. */
function walletWithKey(): { callbacks: CallbackContext; publicJwk: Jwk } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicKey.export({ format: 'jwk' }) as Jwk;
  const unused = () => {
    throw new Error('not used by this wallet');
  };
  const callbacks: CallbackContext = {
    fetch,
    hash: (data, algorithm) =>
      createHash(algorithm === HashAlgorithm.Sha256 ? 'sha256' : 'sha512')
        .update(data)
        .digest(),
    generateRandom: (bytes) => randomBytes(bytes),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (_signer, { header, payload }) => ({
      jwt: await new CompactSign(Buffer.from(JSON.stringify(payload)))
        .setProtectedHeader({ ...header, alg: 'ES256' })
        .sign(privateKey),
      signerJwk: publicJwk,
    }),
    verifyJwt: unused,
    decryptJwe: unused,
    encryptJwe: unused,
  };
  return { callbacks, publicJwk };
}

const holderWithBadge = (prefix: string) =>
  signedInHolder(campus, prefix, { displayName: 'Marta Billetera', language: 'es' });

/** A wallet's token request for a pre-authorized code (no DPoP). */
const tradeCode = (code: string) =>
  request(baseUrl).post('/oid4vci/token').type('form').send({
    grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
    'pre-authorized_code': code,
  });

/** What the holder's "Add to a phone wallet" button answers: the page with the QR code. */
async function makeOffer(session: Agent, publicId: string) {
  const csrf = await csrfFrom(session, '/badges');
  const page = await session
    .post(`/badges/${publicId}/wallet-offer`)
    .type('form')
    .send({ _csrf: csrf });
  return page;
}
const deepLinkIn = (html: string) =>
  /href="(openid-credential-offer:\/\/\?[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');

test('a wallet takes the holder’s badge from the QR code’s offer, once, and it verifies', async () => {
  const { award, session } = await holderWithBadge('oidwallet');
  const wallets = await session.get('/badges').expect(200);
  expect(wallets.text).toContain('Añadir a una billetera del móvil');

  const page = await makeOffer(session, award.publicId);
  expect(page.status).toBe(200);
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.text).toContain('<svg'); // the QR code, drawn in the page
  expect(page.text).toContain('no lo compartas');
  const deepLink = deepLinkIn(page.text);

  const { callbacks, publicJwk } = walletWithKey();
  const wallet = new Openid4vciClient({ callbacks });
  const offer = await wallet.resolveCredentialOffer(deepLink);
  expect(offer.credential_issuer).toBe(`${baseUrl}/oid4vci`);
  expect(offer.credential_configuration_ids).toEqual([
    'OpenBadgeCredential_ldp_vc',
    'OpenBadgeCredential_jwt_vc_json',
  ]);
  const metadata = await wallet.resolveIssuerMetadata(offer.credential_issuer);
  expect(metadata.credentialIssuer.credential_endpoint).toBe(`${baseUrl}/oid4vci/credential`);
  const dpopSupport = new Oauth2Client({ callbacks }).isDpopSupported({
    authorizationServerMetadata: metadata.authorizationServers[0]!,
  });
  expect(dpopSupport.supported).toBe(true);

  const { accessTokenResponse, dpop } = await wallet.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata: metadata,
    dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk } },
  });
  expect(accessTokenResponse.token_type).toBe('DPoP');

  const fetched = await wallet.retrieveCredentials({
    issuerMetadata: metadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: 'OpenBadgeCredential_ldp_vc',
    dpop,
  });
  const [delivered] = fetched.credentialResponse.credentials as { credential: unknown }[];
  const credential = delivered!.credential as {
    id: string;
    proof: { cryptosuite: string } | { cryptosuite: string }[];
  };
  expect(credential.id).toBe(`${baseUrl}/badges/credentials/${award.publicId}`);
  expect([credential.proof].flat().map((proof) => proof.cryptosuite)).toContain('eddsa-rdfc-2022');
  // What the wallet keeps verifies, with the campus's own verifier, as valid.
  const verified = await request(campus.app)
    .post('/api/v1/verify')
    .send({ credential: JSON.stringify(credential) })
    .expect(200);
  expect(verified.body.verdict).toBe('valid');

  // The same token also gives the VC-JWT form.
  const asJwt = await wallet.retrieveCredentials({
    issuerMetadata: metadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: 'OpenBadgeCredential_jwt_vc_json',
    dpop: { ...fetched.dpop, signer: dpop!.signer },
  });
  const [asJwtDelivered] = asJwt.credentialResponse.credentials as { credential: unknown }[];
  const jwt = String(asJwtDelivered!.credential);
  expect(decodeJwt(jwt).jti).toBe(`${baseUrl}/badges/credentials/${award.publicId}`);

  // The code was spent: the offer is gone and the code buys nothing more.
  await request(baseUrl)
    .get(new URL(decodeURIComponent(deepLink.split('=')[1]!)).pathname)
    .expect(404);
  const again = await tradeCode(
    offer.grants!['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'],
  ).expect(400);
  expect(again.body.error).toBe('invalid_grant');
});

test('wallets racing with one code get one token between them', async () => {
  const { award, session } = await holderWithBadge('oidrace');
  await makeOffer(session, award.publicId);
  const offer = await WalletOfferModel.findOne({ award: award.publicId }).lean();
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => tradeCode(offer!.preAuthorizedCode)),
  );
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400, 400, 400]);
});

test('an expired offer, a forged token, someone else’s badge and a revoked one are refused', async () => {
  const { award, session, student } = await holderWithBadge('oidrefuse');
  const tokenFor = tradeCode;

  // Ten minutes passed: the code buys nothing, and the offer is no longer served.
  await makeOffer(session, award.publicId);
  const stale = await WalletOfferModel.findOneAndUpdate(
    { award: award.publicId },
    { $set: { expiresAt: new Date(Date.now() - 1000) } },
    { returnDocument: 'after' },
  ).lean();
  expect((await tokenFor(stale!.preAuthorizedCode)).body.error).toBe('invalid_grant');
  await request(baseUrl).get(`/oid4vci/offers/${stale!.offerId}`).expect(404);

  // No token, or one the campus did not sign: 401 with the challenge.
  const unsigned = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')
    .send({ credential_configuration_id: 'OpenBadgeCredential_ldp_vc' })
    .expect(401);
  expect(unsigned.body.error).toBe('invalid_token');
  expect(unsigned.headers['www-authenticate']).toMatch(/^Bearer/);

  // Another student cannot offer this badge to their wallet.
  const other = await createTestUser({ displayName: 'Otro' });
  const otherSession = browser(campus.app);
  const login = { email: other.email, password: testPassword };
  expect((await submitForm(otherSession, '/login', '/login', login)).status).toBe(302);
  expect((await makeOffer(otherSession, award.publicId)).status).toBe(403);

  // A token bought before the badge was revoked no longer fetches it; no new offer is made.
  await makeOffer(session, award.publicId);
  const fresh = await WalletOfferModel.findOne({
    award: award.publicId,
    redeemedAt: { $exists: false },
    expiresAt: { $gt: new Date() },
  }).lean();
  const token = (await tokenFor(fresh!.preAuthorizedCode).expect(200)).body.access_token;
  // Requests that do not parse are named as the wallet's error, never a 500.
  const noGrant = await request(baseUrl).post('/oid4vci/token').type('form').send({ a: 'b' });
  expect([noGrant.status, noGrant.body.error]).toEqual([400, 'invalid_request']);
  const unknown = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Authorization', `Bearer ${token}`)
    .send({ credential_configuration_id: 'PassportCredential' });
  expect([unknown.status, unknown.body.error]).toEqual([400, 'unknown_credential_configuration']);
  expect(unknown.body.error_description).toContain('OpenBadgeCredential_ldp_vc');
  await AwardModel.updateOne(
    { publicId: award.publicId },
    { $set: { revokedAt: new Date(), revocationReason: 'Plagio' } },
  );
  const denied = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Authorization', `Bearer ${token}`)
    .send({ credential_configuration_id: 'OpenBadgeCredential_ldp_vc' })
    .expect(400);
  expect(denied.body.error).toBe('credential_request_denied');
  const refused = await makeOffer(session, award.publicId);
  expect(refused.status).toBe(410);
  expect(refused.text).toContain('Plagio');
  expect(await WalletOfferModel.countDocuments({ student: student._id })).toBe(2);
});

test('protocol edges: challenges, a replayed DPoP proof, a delivery cap, JSON errors', async () => {
  const { award, session } = await holderWithBadge('oidedges');
  await makeOffer(session, award.publicId);
  const offer = await WalletOfferModel.findOne({ award: award.publicId }).lean();
  const token = await tradeCode(offer!.preAuthorizedCode).expect(200);
  expect(token.headers['cache-control']).toBe('no-store');
  expect(token.headers.pragma).toBe('no-cache');
  const accessToken = token.body.access_token as string;
  const ask = () =>
    request(baseUrl)
      .post('/oid4vci/credential')
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json' });

  // No token at all: a challenge without an error code (RFC 6750 §3.1); a bad one names it.
  const none = await request(baseUrl).post('/oid4vci/credential').send({}).expect(401);
  expect(none.headers['www-authenticate']).toMatch(
    /^Bearer realm="campus", DPoP realm="campus", algs="/,
  );
  const forged = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Authorization', 'Bearer a.b.c')
    .send({})
    .expect(401);
  expect(forged.headers['www-authenticate']).toContain(
    'Bearer realm="campus", error="invalid_token"',
  );

  // A body that is not JSON: the wallet's error, in OAuth's JSON, not a page.
  const garbled = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Content-Type', 'application/json')
    .send('{"credential_configuration_id":')
    .expect(400);
  expect(garbled.body.error).toBe('invalid_request');
  // Encryption is not offered: asking for it is refused, not ignored.
  const encrypted = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Authorization', `Bearer ${accessToken}`)
    .send({
      credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json',
      credential_response_encryption: { alg: 'ECDH-ES', enc: 'A128GCM', jwk: {} },
    })
    .expect(400);
  expect(encrypted.body.error).toBe('invalid_encryption_parameters');

  // One offer's token signs a few credentials, then no more (each signing costs CPU).
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push((await ask()).status);
  expect(answers).toEqual([200, 200, 200, 200, 400]);
});

test('a DPoP proof is accepted once, and only while it is recent', async () => {
  const { award, session } = await holderWithBadge('oiddpop');
  await makeOffer(session, award.publicId);
  const offer = await WalletOfferModel.findOne({ award: award.publicId }).lean();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as Jwk;
  const proof = (claims: Record<string, unknown>) =>
    new CompactSign(
      Buffer.from(
        JSON.stringify({
          htm: 'POST',
          htu: `${baseUrl}/oid4vci/token`,
          iat: Math.floor(Date.now() / 1000),
          jti: randomBytes(16).toString('hex'),
          ...claims,
        }),
      ),
    )
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .sign(privateKey);
  const trade = async (dpop: string) =>
    request(baseUrl).post('/oid4vci/token').set('DPoP', dpop).type('form').send({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': offer!.preAuthorizedCode,
    });
  const stale = await trade(await proof({ iat: Math.floor(Date.now() / 1000) - 3600 }));
  expect([stale.status, stale.body.error]).toEqual([400, 'invalid_dpop_proof']);
  const fresh = await proof({});
  const first = await trade(fresh);
  expect([first.status, first.body.token_type]).toEqual([200, 'DPoP']);

  // The bound token: not as a bearer token, and its proof not twice.
  const credentialProof = await proof({
    htu: `${baseUrl}/oid4vci/credential`,
    ath: createHash('sha256').update(first.body.access_token).digest('base64url'),
  });
  const asBearer = await request(baseUrl)
    .post('/oid4vci/credential')
    .set('Authorization', `Bearer ${first.body.access_token}`)
    .send({ credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json' });
  expect(asBearer.status).toBe(401);
  const withProof = () =>
    request(baseUrl)
      .post('/oid4vci/credential')
      .set('Authorization', `DPoP ${first.body.access_token}`)
      .set('DPoP', credentialProof)
      .send({ credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json' });
  expect((await withProof()).status).toBe(200);
  const replayed = await withProof();
  expect([replayed.status, replayed.body.error]).toEqual([401, 'invalid_dpop_proof']);
});
