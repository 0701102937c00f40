// The OAuth 2.0 authorization server of the Open Badges API: oidc-provider (OpenID-certified,
// maintained), configured for what 1EdTech's spec asks (§6.2): open dynamic client registration
// (RFC 7591), the authorization code grant with PKCE S256 only, refresh tokens, token revocation
// (RFC 7009), and access tokens bound to the API as their one resource. The student signs in and
// consents on the campus's own page (consent.routes.ts); nothing here renders a login form.
import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { findUserProfiles } from '../accounts';
import type { Config } from '../platform/config';
import { seal, unseal, type Sealed } from '../platform/secret-box';
import { MongooseOauthAdapter } from './oauth-adapter';
import { OauthRecordModel } from './oauth-record.model';
import { allObScopes, obPaths, obResource } from './ob-scopes';

const signingKeyId = 'SigningKey:oauth';
const keyPurpose = 'oauth-signing-key';

/** The server's signing key (it signs nothing a client relies on yet), made once, kept sealed. */
async function loadSigningJwk(config: Config): Promise<JWK> {
  const stored = await OauthRecordModel.findById(signingKeyId).lean();
  if (!stored) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' };
    const sealed = seal(
      config.credentialKeySecret,
      keyPurpose,
      signingKeyId,
      Buffer.from(JSON.stringify(jwk)),
    );
    // Two processes starting together: the first insert wins, both read it back.
    await OauthRecordModel.updateOne(
      { _id: signingKeyId },
      { $setOnInsert: { kind: 'SigningKey', payload: JSON.stringify(sealed) } },
      { upsert: true },
    ).catch(() => undefined);
    return loadSigningJwk(config);
  }
  const sealed = JSON.parse(stored.payload) as Sealed;
  return JSON.parse(
    unseal(config.credentialKeySecret, keyPurpose, signingKeyId, sealed).toString(),
  ) as JWK;
}

export type ObOauthProvider = Provider;

export async function createOauthProvider(config: Config): Promise<Provider> {
  // Loaded with the first OAuth request, not at start-up: the library and its Koa stack take
  // 0.4 s to load, and most processes never serve one.
  const { default: Provider, errors } = await import('oidc-provider');
  const resource = obResource(config.baseUrl);
  const secure = config.baseUrl.startsWith('https://');
  // Cookie keys from the session secret, one derived per use (never the secret itself).
  const cookieKey = createHmac('sha256', config.sessionSecret)
    .update('oauth-cookies')
    .digest('hex');
  const configuration: Configuration = {
    adapter: MongooseOauthAdapter,
    clients: [],
    jwks: { keys: [await loadSigningJwk(config)] },
    cookies: {
      keys: [cookieKey],
      long: { signed: true, secure, sameSite: 'lax' },
      short: { signed: true, secure, sameSite: 'lax' },
    },
    routes: {
      authorization: '/authorize',
      token: '/token',
      registration: '/register',
      revocation: '/revoke',
      jwks: '/jwks',
      end_session: '/logout',
      userinfo: '/userinfo',
    },
    // Listed here too, so that a registration naming them (its `scope`) is accepted; the access
    // tokens carry them for the API's resource server (below).
    scopes: [...allObScopes, 'openid', 'offline_access'],
    claims: { openid: ['sub'] },
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      // The server's one key (ID tokens only if a client asks for `openid`).
      id_token_signed_response_alg: 'ES256',
    },
    // What 1EdTech's registration request carries besides RFC 7591's own fields. Its validator
    // runs on every registration: redirect URIs must be https (no cleartext codes, and this server
    // is no redirector to plain-http sites).
    extraClientMetadata: {
      properties: ['software_id', 'software_version'],
      validator: (_ctx, key, _value, metadata) => {
        if (key !== 'software_id') return;
        const uris = ([] as unknown[]).concat(metadata.redirect_uris ?? []);
        if (uris.some((uri) => typeof uri !== 'string' || !uri.startsWith('https://')))
          throw new errors.InvalidRedirectUri('redirect_uris must be https URLs');
      },
    },
    // Only the client secret (what 1EdTech's registration asks): methods that make this server
    // fetch a client's jwks_uri would let anyone who registers make it fetch any address.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: allObScopes.join(' '),
            audience: resource,
            accessTokenFormat: 'opaque',
            accessTokenTTL: 60 * 60,
          };
        },
      },
    },
    // Every authorization asks the student (the campus session says who they are, not an older
    // one of this server): an earlier grant is reused only when this consent made it.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // Wallets keep access: refresh tokens for every client allowed the grant (the spec's refreshUrl).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // A wallet's access lives with its grant (revoked from the profile), not with the browser
    // session the student consented in.
    expiresWithSession: async () => false,
    // A disabled account gets no new tokens (a refresh is refused too).
    findAccount: async (_ctx, id) => {
      const profile = (await findUserProfiles([id])).get(id);
      if (!profile || profile.disabled) return undefined;
      return { accountId: id, claims: async () => ({ sub: id }) };
    },
    interactions: { url: (_ctx, interaction) => `${obPaths.consent}/${interaction.uid}` },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      Interaction: 15 * 60,
      Session: 15 * 60,
      Grant: 365 * 24 * 60 * 60,
      RefreshToken: 90 * 24 * 60 * 60,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };
  // Never fetch a registering client's sector_identifier_uri (pairwise subjects are not used).
  // A documented option the type definitions lack.
  Object.assign(configuration, { sectorIdentifierUriValidate: () => false });
  const provider = new Provider(`${config.baseUrl}${obPaths.oauth}`, configuration);
  provider.proxy = config.trustProxy > 0;
  return provider;
}
