// /api/v1/admin: define badges, revoke awards.
import { z } from 'zod';
import { ApiRoutes } from '../../server/api-routes';
import type { AppContext } from '../../server/context';
import { notFound } from '../../server/errors';
import { parseInput } from '../../server/validation';
import { revokeAward } from '../awards/award.service';
import { achievementInput, createAchievement } from './achievement.service';

const revokeInput = z.object({
  reason: z.string().trim().min(5, 'Say why the badge is revoked.').max(500),
});

export function achievementsAdminApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'admin';
  const access = ['admin'] as const;
  api.post(
    '/admin/achievements',
    {
      tag,
      access,
      summary: 'Define the badge of a level (or of a whole specialization, without level)',
      body: achievementInput,
      responses: {
        201: '{ achievement }',
        409: 'Address taken, or the level already has a badge',
        422: 'Invalid field',
      },
    },
    async (req, res) => {
      const achievement = await createAchievement(
        context,
        req.user!.id,
        parseInput(achievementInput, req.body),
      );
      res.status(201).json({ achievement });
    },
  );
  api.post(
    '/admin/awards/:publicId/revoke',
    {
      tag,
      access,
      summary: 'Revoke an award: its assertion answers 410 and it joins the revocation list',
      body: revokeInput,
      responses: { 200: '{ award }', 404: 'Unknown award', 422: 'Reason missing' },
    },
    async (req, res) => {
      const publicId = String(req.params.publicId);
      if (!/^[0-9a-f-]{36}$/.test(publicId)) throw notFound('Badge');
      const { reason } = parseInput(revokeInput, req.body);
      res.json({ award: await revokeAward(req.user!.id, publicId, reason) });
    },
  );
  return api;
}
