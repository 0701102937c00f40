// The badge wallet: page (/badges) and API (/api/v1/me/awards).
import { Router } from 'express';
import { z } from 'zod';
import { ApiRoutes } from '../../platform/api-routes';
import type { Config } from '../../platform/config';
import { notFound } from '../../platform/errors';
import { requireUser } from '../../platform/middleware/auth';
import { parseInput } from '../../platform/validation';
import { openCertificate } from '../certificates/certificate.service';
import { bakedBadge, bakedFormats, listWallet, setAwardPrivacy } from './wallet.service';

const privacyInput = z.object({
  private: z.preprocess((value) => value === true || value === 'true', z.boolean()),
});
const publicIdOrNotFound = (value: unknown): string => {
  if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/.test(value)) throw notFound('badge');
  return value;
};

export function walletPages(config: Config): Router {
  const router = Router();
  router.get('/badges', requireUser, async (req, res) => {
    res.render('badges/wallet', {
      badges: await listWallet(req.user!.id, config.baseUrl, req.language!),
    });
  });
  router.get('/badges/:publicId/certificate.pdf', requireUser, async (req, res) => {
    const certificate = await openCertificate(
      req.user!,
      publicIdOrNotFound(req.params.publicId),
      config.baseUrl,
    );
    res.attachment(certificate.filename).type('application/pdf').send(certificate.pdf);
  });
  router.get('/badges/:publicId/baked/:format', requireUser, async (req, res) => {
    const format = bakedFormats.find((known) => known === req.params.format);
    if (!format) throw notFound('badgeImage');
    const baked = await bakedBadge(
      req.user!,
      publicIdOrNotFound(req.params.publicId),
      format,
      config,
    );
    // An attachment: a downloaded SVG never runs as a page of this site.
    res.attachment(baked.filename).type(baked.contentType).send(baked.bytes);
  });
  router.post('/badges/:publicId/privacy', requireUser, async (req, res) => {
    const { private: isPrivate } = parseInput(privacyInput, req.body);
    await setAwardPrivacy(req.user!.id, publicIdOrNotFound(req.params.publicId), isPrivate);
    req.session.flash = isPrivate ? 'badges:flash.nowPrivate' : 'badges:flash.nowPublic';
    res.redirect('/badges');
  });
  return router;
}

export function walletApi(config: Config): ApiRoutes {
  const api = new ApiRoutes();
  api.get(
    '/me/awards',
    {
      tag: 'badges',
      access: 'user',
      summary: 'My badges with share and LinkedIn links',
      responses: { 200: '{ awards }' },
    },
    async (req, res) => {
      res.json({ awards: await listWallet(req.user!.id, config.baseUrl, req.language!) });
    },
  );
  api.put(
    '/me/awards/:publicId/privacy',
    {
      tag: 'badges',
      access: 'user',
      summary: 'Keep one of my badges private (or public again)',
      body: privacyInput,
      responses: { 204: 'Saved', 403: 'Not my badge', 404: 'Unknown badge' },
    },
    async (req, res) => {
      const { private: isPrivate } = parseInput(privacyInput, req.body);
      await setAwardPrivacy(req.user!.id, publicIdOrNotFound(req.params.publicId), isPrivate);
      res.status(204).end();
    },
  );
  return api;
}
