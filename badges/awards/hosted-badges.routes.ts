// The public, stable URLs of Open Badges 2.0 (hosted verification): issuer, badge classes and
// their images, assertions and the revocation list. People get a page, machines get JSON-LD.
import { Router, type Request, type Response } from 'express';
import type { Config } from '../../server/config';
import { getAchievementData } from '../achievements/achievement.service';
import { generateBadgeSvg } from '../achievements/badge-image';
import { getIssuerProfile } from '../issuer/issuer.service';
import {
  badgeUrls,
  buildOb2Assertion,
  buildOb2BadgeClass,
  buildOb2Issuer,
  buildOb2RevocationList,
} from '../open-badges/ob2';
import { findPublicAward, listRevokedAwards } from './award.service';

const wantsJson = (req: Request) =>
  req.accepts(['text/html', 'application/ld+json', 'application/json']) !== 'text/html';

function sendJsonLd(res: Response, document: object, status = 200) {
  res.status(status).type('application/ld+json').set('Access-Control-Allow-Origin', '*');
  res.send(JSON.stringify(document));
}

export function hostedBadgeRoutes(config: Config): Router {
  const router = Router();
  const urls = badgeUrls(config.baseUrl);

  router.get('/badges/issuer', async (_req, res) => {
    sendJsonLd(res, buildOb2Issuer(await getIssuerProfile(config.baseUrl), urls));
  });

  router.get('/badges/revocations', async (_req, res) => {
    sendJsonLd(res, buildOb2RevocationList(urls, await listRevokedAwards()));
  });

  router.get('/badges/achievements/:slug', async (req, res) => {
    const achievement = await getAchievementData(String(req.params.slug), config.baseUrl);
    if (wantsJson(req)) return sendJsonLd(res, buildOb2BadgeClass(achievement, urls));
    res.render('badges/achievement', {
      achievement,
      imageUrl: urls.achievementImage(achievement.slug),
    });
  });

  router.get('/badges/achievements/:slug/image.svg', async (req, res) => {
    const achievement = await getAchievementData(String(req.params.slug), config.baseUrl);
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600');
    res.send(generateBadgeSvg(achievement.name, achievement.color, achievement.levelTitle));
  });

  router.get('/badges/assertions/:publicId', async (req, res) => {
    const award = await findPublicAward(String(req.params.publicId));
    const revoked = Boolean(award.revokedAt);
    if (wantsJson(req)) {
      // OB 2.0 hosted verification: a revoked assertion answers 410 Gone (with revoked: true).
      return sendJsonLd(
        res,
        buildOb2Assertion(award, award.achievementSlug, urls),
        revoked ? 410 : 200,
      );
    }
    const achievement = await getAchievementData(award.achievementSlug, config.baseUrl);
    res.status(revoked ? 410 : award.private ? 404 : 200).render('badges/award', {
      award,
      achievement,
      assertionUrl: urls.assertion(award.publicId),
      imageUrl: urls.achievementImage(achievement.slug),
      baseUrl: config.baseUrl,
    });
  });

  return router;
}
