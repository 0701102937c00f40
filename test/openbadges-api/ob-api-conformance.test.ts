// The Open Badges 3.0 API walked as a 1EdTech service-provider conformance run would: discovery →
// dynamic registration (RFC 7591) → authorization code with PKCE S256 and the student's consent →
// token → credentials (list, page, upsert another issuer's) → profile (read, update) → refresh →
// revocation, by the token endpoint and from the student's profile. Real HTTP, real stores.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { hashRecipientEmail } from '../../badges';
import { addEddsaProof, ed25519PublicKeyMultibase } from '../../badges/open-badges/data-integrity';
import { createSafeFetch } from '../../platform/safe-fetch';
import { signedInHolder } from '../support/badges';
import { browser, csrfFrom, type Agent, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { serveIssuerDocuments, type DocumentRoute } from '../support/issuer-documents';
import { startTestCampus, type TestCampus } from '../support/test-campus';

const scope = (name: string) => `https://purl.imsglobal.org/spec/ob/v3p0/scope/${name}`;
const allScopes = [
  'credential.readonly',
  'credential.upsert',
  'profile.readonly',
  'profile.update',
];
const redirectUri = 'https://wallet.example/callback';

let campus: TestCampus;
const routes = new Map<string, DocumentRoute>();
let documents: Awaited<ReturnType<typeof serveIssuerDocuments>>;
beforeAll(async () => {
  documents = await serveIssuerDocuments(routes);
  campus = await startTestCampus(
    {},
    {
      remoteFetch: createSafeFetch({
        isAllowedAddress: (address) => address === '127.0.0.1',
        ca: documents.ca,
      }),
    },
  );
  campus.startWorker();
});
afterAll(async () => {
  await documents.close();
  await campus.close();
});

const api = () => request(campus.app);
const basic = (client: { client_id: string; client_secret: string }) =>
  `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;

/** The authorization code flow as a wallet runs it, the student consenting in their browser. */
async function authorize(
  student: Agent,
  client: { client_id: string },
  scopes: string[],
  decision: 'allow' | 'deny' = 'allow',
) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const start = await student.get('/ims/ob/v3p0/oauth/authorize').query({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope: scopes.map(scope).join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  expect(start.status).toBe(303);
  const consentPath = new URL(start.headers.location!, 'http://campus').pathname;
  expect(consentPath).toMatch(/^\/oauth\/consent\//);
  const page = await student.get(consentPath).expect(200);
  const csrf = await csrfFrom(student, consentPath);
  const decided = await student
    .post(consentPath)
    .type('form')
    .send({ _csrf: csrf, decision })
    .expect(303);
  const back = await student.get(
    new URL(decided.headers.location!).pathname + new URL(decided.headers.location!).search,
  );
  expect(back.status).toBe(303);
  const callback = new URL(back.headers.location!);
  expect(callback.origin + callback.pathname).toBe(redirectUri);
  expect(callback.searchParams.get('state')).toBe(state);
  return { page, callback, verifier };
}

test('discovery → registration → consent → token → credentials → profile → refresh → revocation', async () => {
  const {
    student,
    award,
    session: browserSession,
  } = await signedInHolder(campus, 'obapi', { displayName: 'Lucía Wallet', language: 'es' });

  // Discovery: unprotected, OpenAPI 3 with the OAuth 2.0 ACG scheme and the four scopes.
  const discovery = (await api().get('/ims/ob/v3p0/discovery').expect(200)).body;
  const scheme = discovery.components.securitySchemes.OAuth2ACG;
  expect(discovery.openapi).toMatch(/^3\./);
  expect(scheme.type).toBe('oauth2');
  expect(Object.keys(scheme.flows.authorizationCode.scopes).sort()).toEqual(
    allScopes.map(scope).sort(),
  );
  // The privacy policy and terms a wallet shows before connecting exist, in the reader's words.
  const privacy = await api()
    .get(new URL(discovery.info['x-imssf-privacyPolicyUrl']).pathname)
    .set('Accept-Language', 'es')
    .expect(200);
  expect(privacy.text).toContain('Privacidad');
  await api().get(new URL(discovery.info.termsOfService).pathname).expect(200);
  const registrationUrl = new URL(scheme['x-imssf-registrationUrl']);
  const tokenUrl = new URL(scheme.flows.authorizationCode.tokenUrl);

  // Dynamic registration, with the fields 1EdTech's registration request carries.
  const registered = await api()
    .post(registrationUrl.pathname)
    .send({
      client_name: 'Cartera Abierta',
      client_uri: 'https://wallet.example',
      logo_uri: 'https://wallet.example/logo.png',
      tos_uri: 'https://wallet.example/tos',
      policy_uri: 'https://wallet.example/privacy',
      software_id: 'c88b6ed8-269e-448e-99be-7e2ff47167d1',
      software_version: '1.0.0',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: allScopes.map(scope).join(' '),
    });
  expect(registered.status).toBe(201);
  const client = registered.body as { client_id: string; client_secret: string };
  // No cleartext redirect URIs; no client authentication that would make the server fetch a
  // URL the registrant chose (jwks_uri: SSRF).
  const register = (extra: Record<string, unknown>) =>
    api()
      .post(registrationUrl.pathname)
      .send({ client_name: 'Bad', redirect_uris: [redirectUri], ...extra });
  expect((await register({ redirect_uris: ['http://wallet.example/cb'] })).status).toBe(400);
  const fetching = await register({
    token_endpoint_auth_method: 'private_key_jwt',
    jwks_uri: 'https://169.254.169.254/latest/meta-data/',
  });
  expect(fetching.status).toBe(400);
  expect(client.client_secret).toBeTruthy();

  // No PKCE: refused before anything is asked of the student.
  const noPkce = await browserSession.get('/ims/ob/v3p0/oauth/authorize').query({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope: scope('credential.readonly'),
  });
  expect(noPkce.status).toBe(303);
  expect(new URL(noPkce.headers.location!).searchParams.get('error')).toBe('invalid_request');

  // The student consents, in Spanish, seeing which app asks for what.
  const { page, callback, verifier } = await authorize(browserSession, client, allScopes);
  expect(page.text).toContain('¿Permitir que Cartera Abierta acceda a tus insignias?');
  // Browsers hold the form's redirect chain to form-action: the app's origin is allowed, no other.
  expect(page.headers['content-security-policy']).toContain(
    "form-action 'self' https://wallet.example;",
  );
  expect(page.text).toContain('Guardar insignias de otros emisores');
  const code = callback.searchParams.get('code')!;

  const exchange = (fields: Record<string, string>) =>
    api().post(tokenUrl.pathname).set('Authorization', basic(client)).type('form').send(fields);
  // The wrong verifier does not redeem the code.
  const wrong = await exchange({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: randomBytes(32).toString('base64url'),
  });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error).toBe('invalid_grant');
  // A failed redemption burns the code (RFC 6749 §4.1.2): a fresh authorization.
  const second = await authorize(browserSession, client, allScopes);
  const tokens = await exchange({
    grant_type: 'authorization_code',
    code: second.callback.searchParams.get('code')!,
    redirect_uri: redirectUri,
    code_verifier: second.verifier,
  }).expect(200);
  expect(tokens.body).toMatchObject({ token_type: 'Bearer' });
  expect(tokens.body.refresh_token).toBeTruthy();
  expect(verifier).not.toBe(second.verifier);
  const bearer = `Bearer ${tokens.body.access_token}`;

  // No token: 401 as Imsx_StatusInfo, with the challenge.
  const anonymous = await api().get('/ims/ob/v3p0/credentials').expect(401);
  expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
  expect(anonymous.body).toMatchObject({
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unauthorizedrequest' }] },
  });

  // The student's award, signed; its id is the credential the campus serves.
  const listed = await api()
    .get('/ims/ob/v3p0/credentials')
    .set('Authorization', bearer)
    .expect(200);
  expect(listed.headers['x-total-count']).toBe('1');
  expect(listed.headers.link).toContain('rel="first"');
  expect(listed.body.credential).toHaveLength(1);
  const own = listed.body.credential[0];
  expect(own.id).toBe(`${campus.config.baseUrl}/badges/credentials/${award!.publicId}`);
  expect(own.proof).toEqual([
    expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }),
  ]);
  const checked = await api()
    .post('/api/v1/verify')
    .send({ credential: JSON.stringify(own) });
  expect(checked.body.verdict).toBe('valid');
  // Outside the operations: Imsx_StatusInfo too (405 with Allow, 404), never a site page.
  const wrongMethod = await api()
    .delete('/ims/ob/v3p0/credentials')
    .set('Authorization', bearer)
    .expect(405);
  expect(wrongMethod.headers.allow).toBe('GET, POST');
  expect(wrongMethod.body.imsx_codeMajor).toBe('failure');
  expect((await api().get('/ims/ob/v3p0/nothing').expect(404)).body.imsx_codeMajor).toBe('failure');
  // Any positive limit is valid; a page holds at most 50.
  await api().get('/ims/ob/v3p0/credentials?limit=500').set('Authorization', bearer).expect(200);
  await api()
    .get('/ims/ob/v3p0/credentials?limit=0')
    .set('Authorization', bearer)
    .expect(400)
    .expect((res) =>
      expect(res.body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe(
        'invalid_query_parameter',
      ),
    );

  // Upsert: another issuer's badge for this student is verified, stored, returned unchanged.
  const origin = documents.origin;
  const ed25519 = generateKeyPairSync('ed25519');
  const multibase = await ed25519PublicKeyMultibase(ed25519.publicKey.export({ format: 'jwk' }));
  routes.set('/issuer', {
    body: {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      id: `${origin}/issuer`,
      name: 'Other Academy',
      url: origin,
      email: 'badges@other.example',
      assertionMethod: [
        {
          id: `${origin}/issuer#${multibase}`,
          type: 'Multikey',
          controller: `${origin}/issuer`,
          publicKeyMultibase: multibase,
        },
      ],
    },
  });
  const vector = JSON.parse(
    readFileSync(path.join(__dirname, '../vectors/1edtech-ob3-eddsa-rdfc-2022.json'), 'utf8'),
  );
  const { proof: _proof, ...unsigned } = vector;
  const salt = 'pepper';
  const foreignFor = (email: string) =>
    addEddsaProof(
      {
        ...unsigned,
        id: `${origin}/credentials/77`,
        issuer: { ...unsigned.issuer, id: `${origin}/issuer`, name: 'Other Academy' },
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: {
          ...unsigned.credentialSubject,
          identifier: [
            {
              type: 'IdentityObject',
              hashed: true,
              identityHash: hashRecipientEmail(email, salt),
              identityType: 'emailAddress',
              salt,
            },
          ],
        },
      },
      {
        privateJwk: ed25519.privateKey.export({ format: 'jwk' }),
        controller: `${origin}/issuer`,
        created: new Date('2026-01-01T00:00:00Z'),
      },
    );
  const someoneElses = await api()
    .post('/ims/ob/v3p0/credentials')
    .set('Authorization', bearer)
    .send(await foreignFor('someone@else.example'))
    .expect(400);
  expect(someoneElses.body.imsx_description).toContain('wrong-recipient');
  const foreign = await foreignFor(student.email);
  const created = await api()
    .post('/ims/ob/v3p0/credentials')
    .set('Authorization', bearer)
    .send(foreign)
    .expect(201);
  expect(created.body).toEqual(foreign);
  // Again, as the spec's own media type: replaced.
  await api()
    .post('/ims/ob/v3p0/credentials')
    .set('Authorization', bearer)
    .set('Content-Type', 'application/vc+ld+json')
    .send(JSON.stringify(foreign))
    .expect(200);
  const both = await api()
    .get('/ims/ob/v3p0/credentials?limit=1&offset=1')
    .set('Authorization', bearer)
    .expect(200);
  expect(both.headers['x-total-count']).toBe('2');
  expect(both.body.credential).toEqual([foreign]);
  expect(both.headers.link).toContain('rel="prev"');

  // Profile: read, and the name changed.
  const profile = await api().get('/ims/ob/v3p0/profile').set('Authorization', bearer).expect(200);
  expect(profile.body).toMatchObject({
    type: ['Profile'],
    name: 'Lucía Wallet',
    email: student.email,
  });
  const renamed = await api()
    .put('/ims/ob/v3p0/profile')
    .set('Authorization', bearer)
    .send({ ...profile.body, name: 'Lucía W. Pérez' })
    .expect(200);
  expect(renamed.body.name).toBe('Lucía W. Pérez');
  await api()
    .put('/ims/ob/v3p0/profile')
    .set('Authorization', bearer)
    .send({ ...profile.body, email: 'taken@elsewhere.example' })
    .expect(400);

  // A token for fewer scopes: the others are 403.
  const narrow = await authorize(browserSession, client, ['credential.readonly']);
  const narrowTokens = await exchange({
    grant_type: 'authorization_code',
    code: narrow.callback.searchParams.get('code')!,
    redirect_uri: redirectUri,
    code_verifier: narrow.verifier,
  }).expect(200);
  await api()
    .get('/ims/ob/v3p0/profile')
    .set('Authorization', `Bearer ${narrowTokens.body.access_token}`)
    .expect(403);

  // Refresh: a new access token that works.
  const refreshed = await exchange({
    grant_type: 'refresh_token',
    refresh_token: tokens.body.refresh_token,
  }).expect(200);
  await api()
    .get('/ims/ob/v3p0/profile')
    .set('Authorization', `Bearer ${refreshed.body.access_token}`)
    .expect(200);

  // RFC 7009: the client revokes its narrow token.
  await api()
    .post(
      `${new URL(discovery.components.securitySchemes.OAuth2ACG.flows.authorizationCode.tokenUrl).pathname.replace(/token$/, 'revoke')}`,
    )
    .set('Authorization', basic(client))
    .type('form')
    .send({ token: narrowTokens.body.access_token })
    .expect(200);
  await api()
    .get('/ims/ob/v3p0/credentials')
    .set('Authorization', `Bearer ${narrowTokens.body.access_token}`)
    .expect(401);

  // The student disconnects the wallet from their profile: its tokens stop working.
  const apps = await browserSession.get('/profile/connected-apps').expect(200);
  expect(apps.text).toContain('Cartera Abierta');
  const revokeAction = /action="(\/profile\/connected-apps\/[^"]+\/revoke)"/.exec(apps.text)![1]!;
  const csrf = await csrfFrom(browserSession, '/profile/connected-apps');
  await browserSession.post(revokeAction).type('form').send({ _csrf: csrf }).expect(302);
  await api()
    .get('/ims/ob/v3p0/credentials')
    .set('Authorization', `Bearer ${refreshed.body.access_token}`)
    .expect(401);
  const stale = await exchange({
    grant_type: 'refresh_token',
    refresh_token: refreshed.body.refresh_token ?? tokens.body.refresh_token,
  });
  expect(stale.status).toBe(400);
});

test('a student who declines: the wallet gets access_denied and no token', async () => {
  const student = await createTestUser({ language: 'pt' });
  const session = browser(campus.app);
  const login = { email: student.email, password: testPassword };
  expect((await submitForm(session, '/login', '/login', login)).status).toBe(302);
  const registered = await api()
    .post('/ims/ob/v3p0/oauth/register')
    .send({
      client_name: 'Carteira',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })
    .expect(201);
  const { page, callback } = await authorize(
    session,
    registered.body,
    ['profile.readonly'],
    'deny',
  );
  expect(page.text).toContain('Permitir que Carteira acesse suas insígnias?');
  expect(callback.searchParams.get('error')).toBe('access_denied');
  expect(callback.searchParams.get('code')).toBeNull();
});
