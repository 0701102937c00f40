// /admin/badges/awards: an admin finds an award by what they have at hand (the credential id on a
// certificate, a badge link) and revokes, suspends or lifts it; or revokes a list with one reason.
// The same services as the API; a revocation, final, must be confirmed with a tick.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { handleForm } from '../../platform/http';
import { requireRole } from '../../platform/middleware/auth';
import { parseInput, slugOrNotFound } from '../../platform/validation';
import { listBadgeHolders } from './badge-holders.service';
import { getAchievementData } from '../achievements/achievement.service';
import { awardIdParam, bulkRevocationInput, reasonInput } from './admin-awards.api';
import { publicIdFromReference } from './award-references';
import { liftSuspension, suspendAward } from './award-suspension.service';
import { findPublicAward, revokeAward } from './award.service';
import {
  maxBulkRevocations,
  previewBulkRevocation,
  revokeAwardsInBulk,
} from './bulk-revocation.service';

const confirmed = z.object({
  confirm: z.literal('yes', { message: 'badges:errors.confirmRevoke' }),
});

const view = 'badges/admin-awards';

const holdersQuery = z.object({
  q: z.string().max(254).optional(),
  page: z.coerce.number().int().min(0).max(10_000).optional().default(0),
});

async function lookUp(req: Request, reference: string | undefined, baseUrl: string) {
  if (!reference) return { found: null, lookupError: null };
  const publicId = publicIdFromReference(reference, baseUrl);
  const award =
    publicId &&
    (await findPublicAward(publicId, { id: req.user!.id, roles: req.user!.roles }).catch(
      () => null,
    ));
  if (!award) return { found: null, lookupError: 'badges:adminAwards.notFound' };
  const achievement = await getAchievementData(award.achievementSlug, baseUrl);
  return { found: { award, achievementName: achievement.name }, lookupError: null };
}

export function adminAwardPages(context: AppContext): Router {
  const router = Router();
  const { baseUrl } = context.config;
  router.use('/admin/badges/awards', requireRole('admin'));

  const pageLocals = async (req: Request, reference?: string) => ({
    reference: reference ?? '',
    ...(await lookUp(req, reference, baseUrl)),
    maxBulk: maxBulkRevocations,
    outcome: null,
    bulkPreview: null,
    values: {},
    errors: {},
  });
  const afterAction = (publicId: string) => `/admin/badges/awards?award=${publicId}#award`;
  const localsFor = (req: Request) => pageLocals(req, String(req.params.publicId ?? ''));

  // A badge's holders: search, then each one's page below to revoke or suspend it with a reason.
  router.get('/admin/badges/achievements/:slug/holders', requireRole('admin'), async (req, res) => {
    const { q, page } = parseInput(holdersQuery, req.query);
    res.render('badges/admin-holders', {
      ...(await listBadgeHolders(slugOrNotFound(req.params.slug), { q, page }, req.language!)),
      q: q ?? '',
      page,
    });
  });

  router.get('/admin/badges/awards', async (req, res) => {
    const reference = typeof req.query.award === 'string' ? req.query.award : undefined;
    res.render(view, await pageLocals(req, reference));
  });

  /** The lines of a bulk revocation and what revoking would do with each, before anything is. */
  const bulkPreviewOf = async (req: Request) => {
    const { awards, reason } = parseInput(bulkRevocationInput, req.body);
    const lines = await previewBulkRevocation(baseUrl, awards, req.language!);
    return {
      lines,
      awards: awards.join('\n'),
      reason,
      count: lines.filter((line) => line.status === 'revoke').length,
    };
  };
  router.post(
    '/admin/badges/awards/bulk-revoke/preview',
    handleForm(
      view,
      async (req, res) => {
        res.render(view, {
          ...(await pageLocals(req)),
          values: req.body as Record<string, unknown>,
          bulkPreview: await bulkPreviewOf(req),
        });
      },
      (req) => pageLocals(req),
    ),
  );
  router.post(
    '/admin/badges/awards/bulk-revoke',
    handleForm(
      view,
      async (req, res) => {
        parseInput(confirmed, req.body);
        const { awards, reason } = parseInput(bulkRevocationInput, req.body);
        const outcome = await revokeAwardsInBulk(context, req.user!.id, awards, reason);
        res.render(view, { ...(await pageLocals(req)), outcome });
      },
      // Sent without its tick: the preview shows again, with the tick's error beside it.
      async (req) => ({
        ...(await pageLocals(req)),
        bulkPreview: await bulkPreviewOf(req).catch(() => null),
      }),
    ),
  );

  /** One action on one award: done, said in a flash, and the award shown again. */
  const awardAction = (
    action: string,
    flash:
      'badges:flash.awardRevoked' | 'badges:flash.awardSuspended' | 'badges:flash.suspensionLifted',
    act: (req: Request, publicId: string) => Promise<unknown>,
  ) =>
    router.post(
      `/admin/badges/awards/:publicId/${action}`,
      handleForm(
        view,
        async (req, res) => {
          const publicId = awardIdParam(req);
          await act(req, publicId);
          req.session.flash = flash;
          res.redirect(afterAction(publicId));
        },
        localsFor,
      ),
    );

  awardAction('revoke', 'badges:flash.awardRevoked', (req, publicId) => {
    parseInput(confirmed, req.body);
    const { reason } = parseInput(reasonInput, req.body);
    return revokeAward(context, req.user!.id, publicId, reason);
  });
  awardAction('suspend', 'badges:flash.awardSuspended', (req, publicId) => {
    const { reason } = parseInput(reasonInput, req.body);
    return suspendAward(context, req.user!.id, publicId, reason);
  });
  awardAction('lift-suspension', 'badges:flash.suspensionLifted', (req, publicId) =>
    liftSuspension(context, req.user!.id, publicId),
  );
  return router;
}
