// Wallet delivery over OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow:
// a holder makes an offer on the campus (a QR code and a deep link), their phone wallet reads it,
// trades the code for an access token and fetches that one credential. The protocol's messages
// are built, parsed and checked by the OpenWallet Foundation's oid4vc-ts libraries; this file
// holds the campus's rules: who may offer what, for how long, and that a code is used once.
import { createHash, randomBytes } from 'node:crypto';
import {
  HashAlgorithm,
  Oauth2AuthorizationServer,
  Oauth2Error,
  Oauth2ErrorCodes,
  Oauth2ResourceServer,
  Oauth2ServerErrorResponseError,
  SupportedAuthenticationScheme,
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
import type { Types } from 'mongoose';
import QRCode from 'qrcode';
import {
  findHolderAwardForWallet,
  getActiveKey,
  getIssuerProfile,
  holderWalletCredential,
  ob3Contexts,
  type WalletCredentialFormat,
} from '../badges';
import type { Config } from '../platform/config';
import { AppError, isDuplicateKeyError } from '../platform/errors';
import { plainDescription } from '../platform/http';
import { trustedHtml } from '../platform/safe-html';
import { WalletOfferModel, WalletOfferRedemptionModel } from './wallet-offer.model';

export const oid4vciPaths = {
  issuer: '/oid4vci',
  token: '/oid4vci/token',
  credential: '/oid4vci/credential',
  offers: '/oid4vci/offers',
  jwks: '/oid4vci/jwks.json',
};

/** How long an offer's code can be traded for a token: long enough to find and open a wallet. */
export const offerLifetimeSeconds = 10 * 60;
const accessTokenLifetimeSeconds = 5 * 60;
/**
 * Credentials one offer hands out: each signing costs real CPU (RDF canonicalization, RSA), and a
 * wallet asks once per configuration, maybe once more after a network error.
 */
const deliveriesPerOffer = 4;
/** A DPoP proof older (or further in the future) than this is refused (RFC 9449 §11.1). */
const dpopMaxAgeSeconds = 300;
const offerIdPattern = /^[A-Za-z0-9_-]{43}$/;

/** Each credential configuration a wallet can ask for, and the form it is delivered in. */
const configurationFormats: Record<string, WalletCredentialFormat> = {
  OpenBadgeCredential_ldp_vc: 'ldp_vc',
  OpenBadgeCredential_jwt_vc_json: 'jwt_vc_json',
};

/**
 * A 401 whose challenge is made of fixed words only (RFC 6750 §3, RFC 9449 §7.1): no error code
 * when no token was sent at all, as RFC 6750 asks.
 */
function unauthorized(error: string | null, description: string) {
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

const credentialIssuerId = (baseUrl: string) => `${baseUrl}${oid4vciPaths.issuer}`;

/**
 * The libraries refuse plain-http URLs unless told otherwise: a campus served over http (on a
 * developer's machine, in the tests) would have no wallet metadata at all. Production is https.
 */
function allowHttpWhenTheCampusIsHttp(config: Config) {
  setGlobalConfig({ allowInsecureUrls: config.baseUrl.startsWith('http://') });
}

async function accessTokenKey(config: Config) {
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
const walletSigningAlgs = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'PS256'];

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

function protocolParts(config: Config) {
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

async function issuerMetadataResult(config: Config): Promise<IssuerMetadataResult> {
  const credentialIssuer = await credentialIssuerMetadata(config);
  return {
    credentialIssuer,
    knownCredentialConfigurations:
      protocolParts(config).issuer.getKnownCredentialConfigurationsSupported(credentialIssuer),
    authorizationServers: [authorizationServerMetadata(config)],
    originalDraftVersion: Openid4vciDraftVersion.V1,
  };
}

const randomToken = () => randomBytes(32).toString('base64url');

/**
 * A holder's offer of one of their badges to their own wallet: the deep link (for a wallet on
 * this phone) and the same link as a QR code (for a wallet on another). The offer is read by
 * reference, so the QR code stays small enough for a phone camera at arm's length.
 */
export async function createWalletOffer(config: Config, studentId: string, publicId: string) {
  const { achievementName } = await findHolderAwardForWallet(studentId, publicId);
  const now = new Date();
  const offer = await WalletOfferModel.create({
    offerId: randomToken(),
    preAuthorizedCode: randomToken(),
    student: studentId as unknown as Types.ObjectId,
    award: publicId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + offerLifetimeSeconds * 1000),
  });
  const deepLink = `openid-credential-offer://?${new URLSearchParams({
    credential_offer_uri: `${config.baseUrl}${oid4vciPaths.offers}/${offer.offerId}`,
  }).toString()}`;
  const qrSvg = trustedHtml(
    await QRCode.toString(deepLink, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  );
  return { publicId, achievementName, deepLink, qrSvg, expiresAt: offer.expiresAt };
}

/** The offer document a wallet reads at `credential_offer_uri`, while its code is unused. */
export async function credentialOfferDocument(config: Config, offerId: string) {
  const offer = offerIdPattern.test(offerId)
    ? await WalletOfferModel.findOne({ offerId }).lean()
    : null;
  if (!offer || offer.redeemedAt || offer.expiresAt <= new Date())
    throw new WalletProtocolError(404, {
      error: 'invalid_request',
      error_description: 'This offer does not exist, was used already or has expired.',
    });
  const { issuer } = protocolParts(config);
  const created = await issuer.createCredentialOffer({
    issuerMetadata: await issuerMetadataResult(config),
    credentialConfigurationIds: Object.keys(configurationFormats),
    grants: {
      [preAuthorizedCodeGrantIdentifier]: { 'pre-authorized_code': offer.preAuthorizedCode },
    },
  });
  return created.credentialOfferObject;
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
async function checkDpopFreshness(
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

const invalidGrant = (description: string) =>
  new WalletProtocolError(400, {
    error: Oauth2ErrorCodes.InvalidGrant,
    error_description: description,
  });

/**
 * Protocol errors the libraries raise, as the OAuth error answer they describe, in the plain
 * ASCII the spec allows; a request that does not parse is the wallet's error (`invalidRequest`).
 */
function asProtocolError(error: unknown, invalidRequest: string): unknown {
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

/**
 * The token endpoint: a pre-authorized code from an offer, traded once for a short-lived access
 * token to that offer's credential. The trade is one atomic update, so two wallets (or one that
 * retries) racing with the same code get one token between them.
 */
export async function redeemPreAuthorizedCode(
  config: Config,
  request: RequestLike,
  body: Record<string, unknown>,
  proofs: ProofReplayGuard,
) {
  const { authorizationServer } = protocolParts(config);
  try {
    const parsed = authorizationServer.parseAccessTokenRequest({
      accessTokenRequest: body,
      request,
    });
    if (parsed.grant.grantType !== preAuthorizedCodeGrantIdentifier)
      throw new WalletProtocolError(400, {
        error: Oauth2ErrorCodes.UnsupportedGrantType,
        error_description: 'Only the pre-authorized code grant is offered here.',
      });
    const code = parsed.grant.preAuthorizedCode;
    const offer = await WalletOfferModel.findOne({ preAuthorizedCode: code }).lean();
    if (!offer) throw invalidGrant('Unknown pre-authorized code.');
    const { dpop } = await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
      authorizationServerMetadata: authorizationServerMetadata(config),
      grant: parsed.grant,
      accessTokenRequest: parsed.accessTokenRequest,
      request,
      expectedPreAuthorizedCode: offer.preAuthorizedCode,
      preAuthorizedCodeExpiresAt: offer.expiresAt,
      dpop: { required: false, ...parsed.dpop, allowedSigningAlgs: walletSigningAlgs },
    });
    await checkDpopFreshness(
      request,
      proofs,
      () =>
        new WalletProtocolError(400, {
          error: 'invalid_dpop_proof',
          error_description: 'The DPoP proof is not recent, or was used before.',
        }),
    );
    const redeemedAt = new Date();
    try {
      await WalletOfferRedemptionModel.create({
        offerId: offer.offerId,
        redeemedAt,
        expiresAt: offer.expiresAt,
      });
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw invalidGrant('This pre-authorized code was used already.');
      throw error;
    }
    await WalletOfferModel.updateOne({ _id: offer._id }, { $set: { redeemedAt } });
    const { publicJwk } = await accessTokenKey(config);
    return await authorizationServer.createAccessTokenResponse({
      authorizationServer: credentialIssuerId(config.baseUrl),
      audience: credentialIssuerId(config.baseUrl),
      subject: offer.offerId,
      expiresInSeconds: accessTokenLifetimeSeconds,
      signer: { method: 'jwk', alg: 'EdDSA', publicJwk },
      dpop,
    });
  } catch (error) {
    throw asProtocolError(error, Oauth2ErrorCodes.InvalidRequest);
  }
}

/**
 * The credential endpoint: the offer's credential, in the configuration the wallet asked for,
 * for as long as its access token lives. Re-checked now: a badge revoked or suspended since the
 * offer is not handed out.
 */
export async function issueOfferedCredential(
  config: Config,
  request: RequestLike,
  body: Record<string, unknown>,
  proofs: ProofReplayGuard,
) {
  const { issuer, resourceServer } = protocolParts(config);
  const metadata = await issuerMetadataResult(config);
  let access;
  try {
    access = await resourceServer.verifyResourceRequest({
      authorizationServers: metadata.authorizationServers,
      resourceServer: credentialIssuerId(config.baseUrl),
      request,
      allowedAuthenticationSchemes: [
        SupportedAuthenticationScheme.Bearer,
        SupportedAuthenticationScheme.DPoP,
      ],
    });
  } catch (error) {
    // The library's own words stay out of the header (they may hold what the token said).
    if (!(error instanceof Oauth2Error) && !(error instanceof ValidationError)) throw error;
    const sentOne = request.headers.has('authorization');
    throw unauthorized(sentOne ? 'invalid_token' : null, 'A valid access token is required.');
  }
  // A token bound to a key (DPoP) is only good with a proof of that key, never as a bearer token.
  if (access.tokenPayload.cnf?.jkt && access.scheme !== SupportedAuthenticationScheme.DPoP)
    throw unauthorized('invalid_token', 'This access token is bound to a DPoP key.');
  await checkDpopFreshness(request, proofs, () =>
    unauthorized('invalid_dpop_proof', 'The DPoP proof is not recent, or was used before.'),
  );
  const unknownConfiguration = () =>
    new WalletProtocolError(400, {
      error: 'unknown_credential_configuration',
      error_description: `Ask for one of: ${Object.keys(configurationFormats).join(', ')}.`,
    });
  // Encryption is not offered (not in the metadata): a wallet asking for it is told, not ignored.
  if (body.credential_response_encryption !== undefined)
    throw new WalletProtocolError(400, {
      error: 'invalid_encryption_parameters',
      error_description: 'This issuer does not encrypt credential responses.',
    });
  const askedFor = body.credential_configuration_id;
  if (askedFor !== undefined && !Object.hasOwn(configurationFormats, String(askedFor)))
    throw unknownConfiguration();
  try {
    const parsed = issuer.parseCredentialRequest({
      issuerMetadata: metadata,
      credentialRequest: body,
    });
    const configurationId =
      parsed.credentialConfigurationId ??
      Object.keys(configurationFormats).find(
        (id) => configurationFormats[id] === parsed.format?.format,
      );
    const format = configurationId ? configurationFormats[configurationId] : undefined;
    if (!format) throw unknownConfiguration();
    // Counted before signing: a token replayed in a loop costs a few signatures, then nothing.
    const offer = await WalletOfferModel.findOneAndUpdate(
      { offerId: String(access.tokenPayload.sub), deliveries: { $lt: deliveriesPerOffer } },
      { $inc: { deliveries: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!offer)
      throw new WalletProtocolError(400, {
        error: 'credential_request_denied',
        error_description: `This offer's credential was delivered ${deliveriesPerOffer} times already: make a new offer.`,
      });
    const credential = await holderWalletCredential(
      config,
      String(offer.student),
      offer.award,
      format,
    ).catch((error: unknown) => {
      // Revoked or suspended since the offer (or the holder's account was closed).
      if (error instanceof AppError && error.expected)
        throw new WalletProtocolError(400, {
          error: 'credential_request_denied',
          error_description: error.message,
        });
      throw error;
    });
    await WalletOfferModel.updateOne({ _id: offer._id }, { $set: { deliveredAt: new Date() } });
    // 1.0 answers a list; drafts up to 14 (a request by format) a single credential.
    return parsed.credentialConfigurationId
      ? issuer.createCredentialResponse({
          credentialRequest: parsed,
          credentials: [{ credential }],
        })
      : issuer.createCredentialResponse({ credentialRequest: parsed, credential });
  } catch (error) {
    throw asProtocolError(error, 'invalid_credential_request');
  }
}

/** Offers past their lifetime and any token bought with them (no TTL index on the dev store). */
export async function sweepExpiredWalletOffers(): Promise<{ removed: number }> {
  const before = new Date(Date.now() - accessTokenLifetimeSeconds * 1000);
  const result = await WalletOfferModel.deleteMany({ expiresAt: { $lte: before } });
  await WalletOfferRedemptionModel.deleteMany({ expiresAt: { $lte: before } });
  return { removed: result.deletedCount };
}
