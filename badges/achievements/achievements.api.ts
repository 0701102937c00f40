// /api/v1/admin: define badges (awards are acted on in awards/admin-awards.api.ts).
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { validationFailed } from '../../platform/errors';
import { parseInput, slugOrNotFound } from '../../platform/validation';
import { singleFileUpload } from '../../platform/middleware/upload';
import { maxBadgeImageBytes } from './achievement-image';
import {
  achievementChanges,
  achievementInput,
  createAchievement,
  setAchievementImage,
  updateAchievement,
} from './achievement.service';

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
  api.patch(
    '/admin/achievements/:slug',
    {
      tag,
      access,
      summary: 'Edit a badge (not its address or level); a new validity applies to later awards',
      body: achievementChanges,
      responses: { 204: 'Saved', 404: 'Unknown badge', 422: 'Invalid field' },
    },
    async (req, res) => {
      const changes = parseInput(achievementChanges, req.body);
      await updateAchievement(req.user!.id, slugOrNotFound(req.params.slug), changes);
      res.status(204).end();
    },
  );
  api.put(
    '/admin/achievements/:slug/image',
    {
      tag,
      access,
      summary:
        'Replace a badge’s image (multipart, field "image": PNG or plain SVG, at most 512 KB)',
      upload: { field: 'image', description: 'PNG (64–2048 px) or SVG without scripts or links' },
      responses: {
        204: 'Saved',
        404: 'Unknown badge',
        413: 'Too large',
        422: 'Not an acceptable image',
      },
    },
    singleFileUpload('image', maxBadgeImageBytes),
    async (req, res) => {
      if (!req.file) throw validationFailed({ image: 'badges:errors.sendImage' });
      await setAchievementImage(req.user!.id, slugOrNotFound(req.params.slug), req.file.buffer);
      res.status(204).end();
    },
  );
  api.delete(
    '/admin/achievements/:slug/image',
    {
      tag,
      access,
      summary: 'Go back to the generated image',
      responses: { 204: 'Saved', 404: 'Unknown badge' },
    },
    async (req, res) => {
      await setAchievementImage(req.user!.id, slugOrNotFound(req.params.slug), null);
      res.status(204).end();
    },
  );
  return api;
}
