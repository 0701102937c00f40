// OpenID4VCI wallet delivery: the holder's offer page (after sessions and CSRF), and what a
// wallet calls (before sessions: it has no campus session, only the offer and then its token).
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../platform/context';
import { notFound } from '../platform/errors';
import { requireUser } from '../platform/middleware/auth';
import { clientKey, redisRateLimit } from '../platform/middleware/rate-limit';
import {
  accessTokenJwks,
  authorizationServerMetadata,
  credentialIssuerMetadata,
  oid4vciPaths,
  requestLike,
  WalletProtocolError,
  type ProofReplayGuard,
} from './oid4vci-protocol';
import {
  createWalletOffer,
  credentialOfferDocument,
  issueOfferedCredential,
  offerLifetimeSeconds,
  redeemPreAuthorizedCode,
} from './oid4vci.service';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** Answers as the protocol's JSON, errors included (`{ error, error_description }`). */
const protocolHandler =
  (handler: Handler, cache = 'no-store') =>
  async (req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', cache);
    if (cache === 'no-store') res.set('Pragma', 'no-cache'); // RFC 6749 §5.1, for old caches
    // Metadata and offers are public documents a web wallet may read from its own origin.
    if (req.method === 'GET') res.set('Access-Control-Allow-Origin', '*');
    try {
      res.json(await handler(req, res));
    } catch (error) {
      if (!(error instanceof WalletProtocolError)) return next(error);
      res.status(error.status).set(error.headers).json(error.body);
    }
  };

const publicIdPattern = /^[0-9a-f-]{36}$/;

export function oid4vciRoutes(context: AppContext): Router {
  const { config } = context;
  const router = Router();
  const metadataCache = 'public, max-age=300';
  const issuerMetadata = protocolHandler(() => credentialIssuerMetadata(config), metadataCache);
  const serverMetadata = protocolHandler(
    async () => authorizationServerMetadata(config),
    metadataCache,
  );
  // Where 1.0 puts the metadata (well-known between host and path), and where drafts put it.
  router.get(`/.well-known/openid-credential-issuer${oid4vciPaths.issuer}`, issuerMetadata);
  router.get(`${oid4vciPaths.issuer}/.well-known/openid-credential-issuer`, issuerMetadata);
  router.get(`/.well-known/oauth-authorization-server${oid4vciPaths.issuer}`, serverMetadata);
  router.get(`${oid4vciPaths.issuer}/.well-known/oauth-authorization-server`, serverMetadata);
  // Where some wallets of the drafts look for the token endpoint.
  router.get(`${oid4vciPaths.issuer}/.well-known/openid-configuration`, serverMetadata);
  router.get(
    oid4vciPaths.jwks,
    protocolHandler(() => accessTokenJwks(config), metadataCache),
  );
  router.get(
    `${oid4vciPaths.offers}/:offerId`,
    protocolHandler((req) => credentialOfferDocument(config, String(req.params.offerId))),
  );
  // Each DPoP proof once, across every web process (kept past its accepted age).
  const proofs: ProofReplayGuard = {
    firstUse: async (jti) =>
      (await context.redis.set(`${config.redisPrefix}:dpop-proof:${jti}`, '1', {
        NX: true,
        EX: 600,
      })) === 'OK',
  };
  // Bodies: the app's parsers (forms and JSON, 100 kB) read them before these routes.
  router.post(
    oid4vciPaths.token,
    // Codes are 256 random bits: this only keeps a guesser from spending the store's time. Per
    // network and generous, so a campus Wi-Fi behind one address is not locked out.
    redisRateLimit(config, context.redis, {
      name: 'oid4vci-token',
      limit: 300,
      key: clientKey,
      skipSuccessfulRequests: true,
      message: 'errors:rateLimit.busy',
    }),
    protocolHandler((req) =>
      redeemPreAuthorizedCode(config, requestLike(config, req), req.body ?? {}, proofs),
    ),
  );
  router.post(
    oid4vciPaths.credential,
    protocolHandler((req) =>
      issueOfferedCredential(config, requestLike(config, req), req.body ?? {}, proofs),
    ),
  );
  return router;
}

export function walletOfferPages(context: AppContext): Router {
  const router = Router();
  // Rendered in answer to the POST, never at a URL of its own: the offer is a bearer secret for
  // ten minutes and must not sit in the browser's history or a Referer.
  router.post(
    '/badges/:publicId/wallet-offer',
    requireUser,
    // Each offer is a stored code and a signing or two later: a few per quarter hour is plenty.
    redisRateLimit(context.config, context.redis, {
      name: 'wallet-offer',
      limit: 10,
      key: (req) => req.user!.id,
      message: 'errors:rateLimit.busy',
    }),
    async (req, res) => {
      const publicId = String(req.params.publicId);
      if (!publicIdPattern.test(publicId)) throw notFound('badge');
      const offer = await createWalletOffer(context.config, req.user!.id, publicId);
      res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      res.render('openbadges-api/wallet-offer', {
        offer,
        minutes: offerLifetimeSeconds / 60,
      });
    },
  );
  return router;
}
