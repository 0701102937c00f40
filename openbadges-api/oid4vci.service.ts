// Wallet delivery over OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow:
// a holder makes an offer on the campus (a QR code and a deep link), their phone wallet reads it,
// trades the code for an access token and fetches that one credential. How the campus speaks the
// protocol (metadata, the libraries' callbacks, errors) is oid4vci-protocol.ts; this file holds
// the campus's rules: who may offer what, for how long, and that a code is used once.
import { randomBytes } from 'node:crypto';
import {
  Oauth2Error,
  Oauth2ErrorCodes,
  SupportedAuthenticationScheme,
  preAuthorizedCodeGrantIdentifier,
  type RequestLike,
} from '@openid4vc/oauth2';
import { ValidationError } from '@openid4vc/utils';
import type { Types } from 'mongoose';
import QRCode from 'qrcode';
import { findHolderAwardForWallet, holderWalletCredential } from '../badges';
import type { Config } from '../platform/config';
import { AppError, isDuplicateKeyError } from '../platform/errors';
import { trustedHtml } from '../platform/safe-html';
import { WalletOfferModel, WalletOfferRedemptionModel } from './wallet-offer.model';

import {
  asProtocolError,
  checkDpopFreshness,
  configurationFormats,
  credentialIssuerId,
  issuerMetadataResult,
  protocolParts,
  unauthorized,
  WalletProtocolError,
  walletSigningAlgs,
  accessTokenKey,
  authorizationServerMetadata,
  oid4vciPaths,
  type ProofReplayGuard,
} from './oid4vci-protocol';

/** How long an offer's code can be traded for a token: long enough to find and open a wallet. */
export const offerLifetimeSeconds = 10 * 60;
const accessTokenLifetimeSeconds = 5 * 60;
/**
 * Credentials one offer hands out: each signing costs real CPU (RDF canonicalization, RSA), and a
 * wallet asks once per configuration, maybe once more after a network error.
 */
const deliveriesPerOffer = 4;

const offerIdPattern = /^[A-Za-z0-9_-]{43}$/;

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

const invalidGrant = (description: string) =>
  new WalletProtocolError(400, {
    error: Oauth2ErrorCodes.InvalidGrant,
    error_description: description,
  });

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
