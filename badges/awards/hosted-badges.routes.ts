// The public, stable URLs of Open Badges 2.0 (hosted verification): issuer, badge classes and
// their images, assertions and the revocation list. Machines get JSON-LD (the spec's default);
// people get a page when their client prefers HTML. A private award exists here for its holder
// and admins only; to anyone else it answers as an unknown id, or, once revoked, a bare 410.
import { Router, type Request, type Response } from 'express';
import type { Config } from '../../platform/config';
import { languages } from '../../i18n';
import { getAchievementData, getAchievementImage } from '../achievements/achievement.service';
import {
  badgeUrls,
  buildOb2BadgeClass,
  buildOb2RevocationList,
  ob2Context,
} from '../open-badges/ob2';
import { listAwardHistory } from './award-renewal.service';
import {
  findPublicAward,
  isHolderOrAdmin,
  listRevokedAwards,
  viewPublicAward,
  type Viewer,
} from './award.service';
import { findPublishedKeyPem } from '../keys/key-store';
import { buildOb2CryptographicKey, keyUrl } from '../open-badges/ob2-signed';
import { notFound } from '../../platform/errors';
import { buildOb3RevocationList, issuedIds, ob3Urls } from '../open-badges/ob3';
import {
  credentialJwt,
  hostedAssertion,
  issuerProfileDocument,
  signedAssertion,
  signedCredential,
} from './credential-documents';

/**
 * JSON-LD unless the client ranks text/html above both JSON types (a browser does); no Accept
 * header and `*` / `*` take the first, JSON-LD. The answer depends on Accept: say so to caches.
 */
function wantsJson(req: Request, res: Response): boolean {
  res.vary('Accept');
  return req.accepts(['application/ld+json', 'application/json', 'text/html']) !== 'text/html';
}

const viewerOf = (req: Request): Viewer => req.user;

function sendJsonLd(res: Response, document: object, status = 200) {
  res.status(status).type('application/ld+json').set('Access-Control-Allow-Origin', '*');
  res.send(JSON.stringify(document));
}

/** The holder's or an admin's view of a private award must not be kept by a shared cache. */
function keepPrivate(res: Response, award: { private: boolean }) {
  if (award.private) res.set('Cache-Control', 'private, no-store');
}

export function hostedBadgeRoutes(config: Config): Router {
  const router = Router();
  const urls = badgeUrls(config.baseUrl);
  const credentialUrls = ob3Urls(urls, config.baseUrl);

  router.get('/badges/issuer', async (_req, res) => {
    sendJsonLd(res, await issuerProfileDocument(config.baseUrl));
  });

  router.get('/badges/keys/:kid', async (req, res) => {
    const kid = String(req.params.kid);
    const pem = /^[a-z0-9-]{1,80}$/.test(kid) ? await findPublishedKeyPem(kid) : null;
    if (!pem) throw notFound('key');
    sendJsonLd(res, buildOb2CryptographicKey(urls, keyUrl(config.baseUrl, kid), pem));
  });

  router.get('/badges/assertions/:publicId/signed', async (req, res) => {
    const award = await findPublicAward(String(req.params.publicId), viewerOf(req));
    const jws = await signedAssertion(config, award);
    keepPrivate(res, award);
    res.type('text/plain').set('Access-Control-Allow-Origin', '*').send(jws);
  });

  router.get('/badges/revocations', async (_req, res) => {
    const revoked = await listRevokedAwards();
    sendJsonLd(
      res,
      buildOb2RevocationList(
        urls,
        revoked.map((award) => ({
          ids: issuedIds(credentialUrls, award.publicId),
          reason: award.reason,
        })),
      ),
    );
  });

  router.get('/badges/credentials/:publicId', async (req, res) => {
    const award = await findPublicAward(String(req.params.publicId), viewerOf(req));
    const credential = await signedCredential(config, award);
    keepPrivate(res, award);
    sendJsonLd(res, credential);
  });

  router.get('/badges/credentials/:publicId/jwt', async (req, res) => {
    const award = await findPublicAward(String(req.params.publicId), viewerOf(req));
    const jwt = await credentialJwt(config, award);
    keepPrivate(res, award);
    res.type('application/jwt').set('Access-Control-Allow-Origin', '*').send(jwt);
  });

  router.get('/badges/revocations/ob3', async (_req, res) => {
    const revoked = await listRevokedAwards();
    res.set('Access-Control-Allow-Origin', '*').json(
      buildOb3RevocationList(
        credentialUrls,
        revoked.map((award) => award.publicId),
      ),
    );
  });

  router.get('/badges/achievements/:slug', async (req, res) => {
    const slug = String(req.params.slug);
    if (wantsJson(req, res))
      return sendJsonLd(
        res,
        buildOb2BadgeClass(await getAchievementData(slug, config.baseUrl), urls),
      );
    const achievement = await getAchievementData(slug, config.baseUrl, req.language!);
    res.render('badges/achievement', {
      achievement,
      imageUrl: `/badges/achievements/${achievement.slug}/image?lang=${req.language}`,
    });
  });

  router.get('/badges/assertions/:publicId', async (req, res) => {
    const publicId = String(req.params.publicId);
    const json = wantsJson(req, res);
    const view = await viewPublicAward(publicId, viewerOf(req));
    if (!view.shown) {
      if (!view.revoked) throw notFound('badge');
      // A private badge, revoked: a verifier must still see it revoked, and learn nothing else.
      if (json)
        return sendJsonLd(
          res,
          {
            '@context': ob2Context,
            type: 'Assertion',
            id: urls.assertion(publicId),
            revoked: true,
          },
          410,
        );
      return res.status(410).render('badges/award-revoked');
    }
    const { award } = view;
    const revoked = Boolean(award.revokedAt);
    keepPrivate(res, award);
    if (json) {
      // OB 2.0 hosted verification: a revoked assertion answers 410 Gone (with revoked: true).
      return sendJsonLd(res, hostedAssertion(award, config.baseUrl), revoked ? 410 : 200);
    }
    const achievement = await getAchievementData(
      award.achievementSlug,
      config.baseUrl,
      req.language!,
    );
    res.status(revoked ? 410 : 200).render('badges/award', {
      award,
      achievement,
      assertionUrl: urls.assertion(award.publicId),
      imageUrl: `/badges/achievements/${achievement.slug}/image?lang=${req.language}`,
      baseUrl: config.baseUrl,
      history: await listAwardHistory(award.publicId, {
        withPrivate: isHolderOrAdmin(award, viewerOf(req)),
      }),
    });
  });

  return router;
}

/**
 * Badge images: public documents that credentials point at, the same for everyone, so served
 * before sessions (no session read, no cookie; a signed-in holder's browser may keep them).
 */
export function badgeImageRoutes(): Router {
  const router = Router();
  // `?lang=es`: the campus's pages show the generated image with the name in their reader's
  // language; without it (as credentials link it), the issuer's words.
  router.get('/badges/achievements/:slug/image', async (req, res) => {
    const reader = languages.find((language) => language === req.query.lang);
    const image = await getAchievementImage(String(req.params.slug), reader);
    res
      .type(image.contentType)
      .set('Cache-Control', 'public, max-age=300')
      .set('Access-Control-Allow-Origin', '*')
      .set('X-Content-Type-Options', 'nosniff')
      // Opened as a page, an uploaded SVG runs nothing and loads nothing.
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .send(image.data);
  });

  // Where earlier assertions pointed.
  router.get('/badges/achievements/:slug/image.svg', (req, res) => {
    res.redirect(301, `/badges/achievements/${encodeURIComponent(String(req.params.slug))}/image`);
  });
  return router;
}
