// Renewing a badge: the holder's page (/badges/:publicId/renew) and the API, over one service.
import { Router } from 'express';
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { handleForm } from '../../platform/http';
import { requireUser } from '../../platform/middleware/auth';
import { awardIdParam } from './admin-awards.api';
import { findRenewal, renewAward } from './award-renewal.service';

export function renewalPages(context: AppContext): Router {
  const router = Router();
  router.get('/badges/:publicId/renew', requireUser, async (req, res) => {
    res.render('badges/renew', { renewal: await findRenewal(req.user!.id, awardIdParam(req)) });
  });
  router.post(
    '/badges/:publicId/renew',
    requireUser,
    handleForm(
      'badges/renew',
      async (req, res) => {
        const renewed = await renewAward(context, req.user!.id, awardIdParam(req));
        req.session.flash = 'badges:flash.renewed';
        res.redirect(`/badges/assertions/${renewed.publicId}`);
      },
      async (req) => ({ renewal: await findRenewal(req.user!.id, awardIdParam(req)) }),
    ),
  );
  return router;
}

export function renewalApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  api.get(
    '/me/awards/:publicId/renewal',
    {
      tag: 'badges',
      access: 'user',
      summary: "Where my badge stands for renewal: window, refresher courses and what's done",
      responses: { 200: '{ renewal }', 404: 'Not my badge' },
    },
    async (req, res) => {
      res.json({ renewal: await findRenewal(req.user!.id, awardIdParam(req)) });
    },
  );
  api.post(
    '/me/awards/:publicId/renewal',
    {
      tag: 'badges',
      access: 'user',
      summary: 'Renew my badge (a new credential linking this one); repeated: the same renewal',
      responses: {
        201: '{ publicId }: the new award',
        200: '{ publicId }: renewed already',
        404: 'Not my badge',
        409: 'Not renewable now (window, refresher courses, revoked or suspended)',
      },
    },
    async (req, res) => {
      const renewed = await renewAward(context, req.user!.id, awardIdParam(req));
      res.status(renewed.renewedNow ? 201 : 200).json({ publicId: renewed.publicId });
    },
  );
  return api;
}
