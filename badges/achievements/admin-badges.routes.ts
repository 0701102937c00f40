// /admin/badges: the issuer profile, the badges (achievements) and the signing keys, as pages.
// The same services as /api/v1/admin/...
import { Router, type Request } from 'express';
import { topics } from '../../courses/catalog/topics';
import { listPlacementChoices } from '../../courses/authoring/authoring.service';
import type { AppContext } from '../../server/context';
import { handleForm } from '../../server/http';
import { requireRole } from '../../server/middleware/auth';
import { parseInput } from '../../server/validation';
import { getIssuerProfile, issuerInput, updateIssuerProfile } from '../issuer/issuer.service';
import { listKeys, markKeyCompromised, rotateKey } from '../keys/key-store';
import { algorithmOrNotFound, kidOrNotFound } from '../keys/keys.routes';
import { achievementInput, createAchievement, listAchievements } from './achievement.service';

/** The form sends tags as one comma-separated field and topics as a multi-select. */
function achievementFromForm(body: Record<string, unknown>) {
  const tags =
    typeof body.tags === 'string'
      ? body.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : [];
  const alignment = body.alignment === undefined ? [] : ([] as unknown[]).concat(body.alignment);
  const validForMonths = body.validForMonths === '' ? undefined : body.validForMonths;
  return { ...body, tags, alignment, validForMonths };
}

export function adminBadgePages(context: AppContext): Router {
  const router = Router();
  const { config } = context;
  router.use('/admin/badges', requireRole('admin'));

  const pageLocals = async (_req?: Request) => ({
    issuer: await getIssuerProfile(config.baseUrl),
    achievements: await listAchievements(),
    keys: await listKeys(),
    specializations: await listPlacementChoices(),
    topicOptions: Object.entries(topics),
    issuerErrors: {},
    values: { color: '#1f7a4d' },
    errors: {},
  });

  router.get('/admin/badges', async (_req, res) => {
    res.render('badges/admin', await pageLocals());
  });

  router.post(
    '/admin/badges/issuer',
    handleForm(
      'badges/admin',
      async (req, res) => {
        const body = req.body as Record<string, unknown>;
        const input = parseInput(issuerInput, { ...body, description: body.issuerDescription });
        await updateIssuerProfile(req.user!.id, input);
        req.session.flash = 'Issuer profile saved.';
        res.redirect('/admin/badges');
      },
      async () => ({ ...(await pageLocals()), issuerFailed: true }),
    ),
  );

  router.post(
    '/admin/badges/achievements',
    handleForm(
      'badges/admin',
      async (req, res) => {
        const input = parseInput(
          achievementInput,
          achievementFromForm(req.body as Record<string, unknown>),
        );
        const achievement = await createAchievement(context, req.user!.id, input);
        req.session.flash = `Badge “${input.name}” defined. Students who already completed it receive it now.`;
        res.redirect(`/badges/achievements/${achievement.slug}`);
      },
      pageLocals,
    ),
  );

  router.post('/admin/badges/keys/:algorithm/rotate', async (req, res) => {
    const algorithm = algorithmOrNotFound(req.params.algorithm);
    const key = await rotateKey(config, req.user!.id, algorithm);
    req.session.flash = `New ${algorithm} key ${key.kid} signs from now on; the old one stays published.`;
    res.redirect('/admin/badges#keys');
  });

  router.post('/admin/badges/keys/:kid/compromised', async (req, res) => {
    const kid = kidOrNotFound(req.params.kid);
    await markKeyCompromised(config, req.user!.id, kid);
    req.session.flash = `Key ${kid} is marked compromised and unpublished; what it signed now fails verification.`;
    res.redirect('/admin/badges#keys');
  });

  return router;
}
