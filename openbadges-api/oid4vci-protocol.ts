// How the campus speaks OpenID4VCI 1.0 and OAuth 2.0 to wallets, through the OpenWallet
// Foundation's oid4vc-ts libraries: its metadata, the callbacks the libraries need (signing
// access tokens with the campus's key, checking wallets' DPoP proofs, hashing), requests as they
// read them and their errors as OAuth answers. The offers' rules are in oid4vci.service.ts.
import { createHash, randomBytes } from 'node:crypto';
import {
  HashAlgorithm,
  Oauth2AuthorizationServer,
  Oauth2ErrorCodes,
  Oauth2ResourceServer,
  Oauth2ServerErrorResponseError,
  clientAuthenticationAnonymous,
  preAuthorizedCodeGrantIdentifier,
  type CallbackContext,
  type Jwk,
  type RequestLike,
} from '@openid4vc/oauth2';
import {
  Openid4vciDraftVersion,
  Openid4vciIssuer,
  type CredentialConfigurationsSupportedWithFormats,
  type IssuerMetadataResult,
} from '@openid4vc/openid4vci';
import { setGlobalConfig, ValidationError } from '@openid4vc/utils';
import { compactVerify, decodeJwt, importJWK, CompactSign, type JWK } from 'jose';
import type {} from 'mongoose';
import {
  getActiveKey,
  getIssuerProfile,
  ob3Contexts,
  type WalletCredentialFormat,
} from '../badges';
import type { Config } from '../platform/config';
import {} from '../platform/errors';
import { plainDescription } from '../platform/http';
import {} from '../platform/safe-html';
import {} from './wallet-offer.model';

export const oid4vciPaths = {
  issuer: '/oid4vci',
  token: '/oid4vci/token',
  credential: '/oid4vci/credential',
  offers: '/oid4vci/offers',
  jwks: '/oid4vci/jwks.json',
};

/** A DPoP proof older (or further in the future) than this is refused (RFC 9449 §11.1). */
const dpopMaxAgeSeconds = 300;

/** Each credential configuration a wallet can ask for, and the form it is delivered in. */
export const configurationFormats: Record<string, WalletCredentialFormat> = {
  OpenBadgeCredential_ldp_vc: 'ldp_vc',
  OpenBadgeCredential_jwt_vc_json: 'jwt_vc_json',
};

/**
 * A 401 whose challenge is made of fixed words only (RFC 6750 §3, RFC 9449 §7.1): no error code
 * when no token was sent at all, as RFC 6750 asks.
 */
export function unauthorized(error: string | null, description: string) {
  const errorParam = error ? `, error="${error}"` : '';
  const algs = walletSigningAlgs.join(' ');
  return new WalletProtocolError(
    401,
    { error: error ?? Oauth2ErrorCodes.InvalidToken, error_description: description },
    {
      'WWW-Authenticate': `Bearer realm="campus"${errorParam}, DPoP realm="campus"${errorParam}, algs="${algs}"`,
    },
  );
}

export class WalletProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string>,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error_description ?? body.error);
  }
}

export const credentialIssuerId = (baseUrl: string) => `${baseUrl}${oid4vciPaths.issuer}`;

/**
 * The libraries refuse plain-http URLs unless told otherwise: a campus served over http (on a
 * developer's machine, in the tests) would have no wallet metadata at all. Production is https.
 */
function allowHttpWhenTheCampusIsHttp(config: Config) {
  setGlobalConfig({ allowInsecureUrls: config.baseUrl.startsWith('http://') });
}

export async function accessTokenKey(config: Config) {
  const key = await getActiveKey(config, 'Ed25519');
  const publicJwk = { ...key.publicJwk, kid: key.kid, alg: 'EdDSA', use: 'sig' } as Jwk;
  return { key, publicJwk };
}

/** The keys the access tokens are signed with (the campus's Ed25519 key), as the AS publishes them. */
export async function accessTokenJwks(config: Config) {
  return { keys: [(await accessTokenKey(config)).publicJwk] };
}

const hashNames: Record<HashAlgorithm, string> = {
  [HashAlgorithm.Sha256]: 'sha256',
  [HashAlgorithm.Sha384]: 'sha384',
  [HashAlgorithm.Sha512]: 'sha512',
};
export const walletSigningAlgs = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'];

function callbacksFor(config: Config): CallbackContext {
  const jwksUri = `${config.baseUrl}${oid4vciPaths.jwks}`;
  const refuse = () => {
    throw new Error('Not used by the campus');
  };
  return {
    hash: (data, algorithm) => createHash(hashNames[algorithm]).update(data).digest(),
    generateRandom: (bytes) => randomBytes(bytes),
    clientAuthentication: clientAuthenticationAnonymous(),
    decryptJwe: refuse,
    encryptJwe: refuse,
    // The only JWTs the campus signs here are its access tokens, with its own key.
    signJwt: async (signer, { header, payload }) => {
      const { key, publicJwk } = await accessTokenKey(config);
      if (signer.method !== 'jwk' || signer.publicJwk.x !== publicJwk.x)
        throw new Error('The campus signs access tokens with its own key only');
      const jwt = await new CompactSign(Buffer.from(JSON.stringify(payload)))
        .setProtectedHeader({ ...header, alg: 'EdDSA', kid: key.kid })
        .sign(key.privateKey);
      return { jwt, signerJwk: publicJwk };
    },
    // Wallets' DPoP proofs (their key is in the proof) and the campus's access tokens (the
    // library takes the key from the JWKS below, never from the token).
    verifyJwt: async (signer, { compact }) => {
      if (signer.method !== 'jwk' || !walletSigningAlgs.includes(signer.alg))
        return { verified: false };
      try {
        const key = await importJWK(signer.publicJwk as JWK, signer.alg);
        await compactVerify(compact, key, { algorithms: [signer.alg] });
        return { verified: true, signerJwk: signer.publicJwk };
      } catch {
        return { verified: false, signerJwk: signer.publicJwk };
      }
    },
    // The resource server reads the campus's own JWKS: answered here, nothing is fetched.
    fetch: async (url) => {
      if (String(url) !== jwksUri)
        throw new Error(`The campus fetches nothing for wallets: ${url}`);
      return new Response(JSON.stringify(await accessTokenJwks(config)), {
        headers: { 'content-type': 'application/jwk-set+json' },
      });
    },
  };
}

export function protocolParts(config: Config) {
  allowHttpWhenTheCampusIsHttp(config);
  const callbacks = callbacksFor(config);
  return {
    issuer: new Openid4vciIssuer({ callbacks }),
    authorizationServer: new Oauth2AuthorizationServer({ callbacks }),
    resourceServer: new Oauth2ResourceServer({ callbacks }),
  };
}

export function authorizationServerMetadata(config: Config) {
  const { authorizationServer } = protocolParts(config);
  return authorizationServer.createAuthorizationServerMetadata({
    issuer: credentialIssuerId(config.baseUrl),
    token_endpoint: `${config.baseUrl}${oid4vciPaths.token}`,
    jwks_uri: `${config.baseUrl}${oid4vciPaths.jwks}`,
    grant_types_supported: [preAuthorizedCodeGrantIdentifier],
    response_types_supported: [],
    'pre-authorized_grant_anonymous_access_supported': true,
    dpop_signing_alg_values_supported: walletSigningAlgs,
  });
}

export async function credentialIssuerMetadata(config: Config) {
  const { issuer } = protocolParts(config);
  const profile = await getIssuerProfile(config.baseUrl);
  // The issuer's image when it has one a wallet can fetch (an absolute URL).
  const logo = URL.canParse(profile.image)
    ? { logo: { uri: profile.image, alt_text: profile.name } }
    : {};
  const display = (locale: string) => ({
    name: 'Open Badge',
    locale,
    description: profile.name,
    background_color: '#0b3d91',
    text_color: '#ffffff',
    ...logo,
  });
  const credentialMetadata = { display: ['en', 'es', 'pt'].map(display) };
  const configurations = {
    OpenBadgeCredential_ldp_vc: {
      format: 'ldp_vc',
      credential_definition: {
        '@context': ob3Contexts,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
      },
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      credential_metadata: credentialMetadata,
      // Where wallets of the drafts (up to 15) read the card's name and colours.
      display: credentialMetadata.display,
    },
    OpenBadgeCredential_jwt_vc_json: {
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      credential_signing_alg_values_supported: ['RS256'],
      credential_metadata: credentialMetadata,
      display: credentialMetadata.display,
    },
  } satisfies CredentialConfigurationsSupportedWithFormats;
  return issuer.createCredentialIssuerMetadata({
    credential_issuer: credentialIssuerId(config.baseUrl),
    credential_endpoint: `${config.baseUrl}${oid4vciPaths.credential}`,
    display: [{ name: profile.name, ...logo }],
    credential_configurations_supported: configurations,
  });
}

export async function issuerMetadataResult(config: Config): Promise<IssuerMetadataResult> {
  const credentialIssuer = await credentialIssuerMetadata(config);
  return {
    credentialIssuer,
    knownCredentialConfigurations:
      protocolParts(config).issuer.getKnownCredentialConfigurationsSupported(credentialIssuer),
    authorizationServers: [authorizationServerMetadata(config)],
    originalDraftVersion: Openid4vciDraftVersion.V1,
  };
}

/** Express's request as the libraries read it, at the URL the campus is known by. */
export function requestLike(
  config: Config,
  req: {
    method: string;
    originalUrl: string;
    headers: Record<string, string | string[] | undefined>;
  },
): RequestLike {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return {
    method: req.method as RequestLike['method'],
    url: `${config.baseUrl}${req.originalUrl}`,
    headers,
  };
}

/** Remembers the DPoP proofs seen, so none is accepted twice (RFC 9449 §11.1). */
export interface ProofReplayGuard {
  firstUse(jti: string): Promise<boolean>;
}

/**
 * What RFC 9449 leaves to the server and the library does not check: the proof is recent, and
 * this is its first use. Checked after the library verified its signature, so forged proofs never
 * fill the replay store.
 */
export async function checkDpopFreshness(
  request: RequestLike,
  guard: ProofReplayGuard,
  invalid: () => WalletProtocolError,
) {
  const proof = request.headers.get('dpop');
  if (!proof) return;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(proof);
  } catch {
    throw invalid();
  }
  const age = Math.abs(Date.now() / 1000 - Number(payload.iat));
  if (typeof payload.iat !== 'number' || !(age <= dpopMaxAgeSeconds)) throw invalid();
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 256)
    throw invalid();
  if (!(await guard.firstUse(payload.jti))) throw invalid();
}

/**
 * Protocol errors the libraries raise, as the OAuth error answer they describe, in the plain
 * ASCII the spec allows; a request that does not parse is the wallet's error (`invalidRequest`).
 */
export function asProtocolError(error: unknown, invalidRequest: string): unknown {
  if (error instanceof Oauth2ServerErrorResponseError) {
    const { error: code, error_description: description } = error.errorResponse;
    return new WalletProtocolError(error.status, {
      error: String(code),
      ...(description ? { error_description: plainDescription(String(description)) } : {}),
    });
  }
  if (error instanceof ValidationError)
    return new WalletProtocolError(400, {
      error: invalidRequest,
      error_description: 'The request does not have the form OpenID4VCI 1.0 gives it.',
    });
  return error;
}
