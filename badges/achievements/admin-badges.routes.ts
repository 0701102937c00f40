// /admin/badges: the issuer profile, the badges (achievements) and the signing keys, as pages.
// The same services as /api/v1/admin/...
import { Router, type Request } from 'express';
import { nestFormFields, parseInput, slugOrNotFound } from '../../platform/validation';
import { listPlacementChoices, listPublishedCourses, topicKeys } from '../../courses';
import type { AppContext } from '../../platform/context';
import { validationFailed } from '../../platform/errors';
import { confirmedOrSentBack, handleForm, runMiddleware } from '../../platform/http';
import { requireRole } from '../../platform/middleware/auth';
import {
  getIssuerProfile,
  issuerInput,
  setIssuerSignature,
  updateIssuerProfile,
} from '../issuer/issuer.service';
import { listKeys, markKeyCompromised, rotateKey } from '../keys/key-store';
import { algorithmOrNotFound, kidOrNotFound } from '../keys/keys.routes';
import { singleFileUpload } from '../../platform/middleware/upload';
import { maxBadgeImageBytes } from './achievement-image';
import {
  achievementChanges,
  achievementInput,
  createAchievement,
  getAchievementForEditing,
  listAchievements,
  renewalInput,
  setAchievementImage,
  setAchievementRenewal,
  updateAchievement,
} from './achievement.service';

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
  return {
    ...(nestFormFields(body, ['translations']) as Record<string, unknown>),
    tags,
    alignment,
    validForMonths,
  };
}

export function adminBadgePages(context: AppContext): Router {
  const router = Router();
  const { config } = context;
  router.use('/admin/badges', requireRole('admin'));

  const pageLocals = async (req: Request) => ({
    issuer: await getIssuerProfile(config.baseUrl),
    achievements: await listAchievements(req.language!),
    keys: await listKeys(),
    specializations: await listPlacementChoices(req.language!),
    topicKeys,
    issuerErrors: {},
    values: { color: '#1f7a4d' },
    errors: {},
  });

  router.get('/admin/badges', async (req, res) => {
    res.render('badges/admin', await pageLocals(req));
  });

  router.post(
    '/admin/badges/issuer',
    handleForm(
      'badges/admin',
      async (req, res) => {
        const body = req.body as Record<string, unknown>;
        const input = parseInput(issuerInput, { ...body, description: body.issuerDescription });
        await updateIssuerProfile(req.user!.id, input);
        req.session.flash = 'badges:flash.issuerSaved';
        res.redirect('/admin/badges');
      },
      async (req) => ({ ...(await pageLocals(req)), issuerFailed: true }),
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
        req.session.flash = { key: 'badges:flash.badgeDefined', values: { name: input.name } };
        res.redirect(`/badges/achievements/${achievement.slug}`);
      },
      pageLocals,
    ),
  );

  const signatureUpload = singleFileUpload('signature', 200 * 1024);
  router.post(
    '/admin/badges/issuer/signature',
    handleForm(
      'badges/admin',
      async (req, res) => {
        await runMiddleware(signatureUpload, req, res);
        if (!req.file) throw validationFailed({ signature: 'badges:errors.choosePng' });
        await setIssuerSignature(req.user!.id, req.file.buffer);
        req.session.flash = 'badges:flash.signatureSaved';
        res.redirect('/admin/badges');
      },
      pageLocals,
    ),
  );

  const editLocals = async (req: Request) => {
    const achievement = await getAchievementForEditing(slugOrNotFound(req.params.slug));
    return {
      achievement,
      topicKeys,
      courseChoices: (await listPublishedCourses({ reader: req.language! })).map((course) => [
        String(course._id),
        course.title,
      ]),
      values: achievement,
      // The badge's own texts are in the campus's default language (what credentials carry).
      issuerLanguage: config.defaultLanguage,
      errors: {},
      imageErrors: {},
      renewalErrors: {},
    };
  };
  router.get('/admin/badges/achievements/:slug', async (req, res) => {
    res.render('badges/admin-achievement', await editLocals(req));
  });
  router.post(
    '/admin/badges/achievements/:slug',
    handleForm(
      'badges/admin-achievement',
      async (req, res) => {
        const slug = slugOrNotFound(req.params.slug);
        const body = req.body as Record<string, unknown>;
        // On the edit form an emptied validity means "no expiry from now on".
        const changes = parseInput(achievementChanges, {
          ...achievementFromForm(body),
          validForMonths: body.validForMonths,
        });
        await updateAchievement(req.user!.id, slug, changes);
        req.session.flash = 'badges:flash.badgeSaved';
        res.redirect(`/admin/badges/achievements/${slug}`);
      },
      editLocals,
    ),
  );
  router.post(
    '/admin/badges/achievements/:slug/renewal',
    handleForm(
      'badges/admin-achievement',
      async (req, res) => {
        const slug = slugOrNotFound(req.params.slug);
        await setAchievementRenewal(req.user!.id, slug, parseInput(renewalInput, req.body));
        req.session.flash = 'badges:flash.renewalSaved';
        res.redirect(`/admin/badges/achievements/${slug}#renewal-title`);
      },
      // The renewal form's errors are its own (the details form keeps the saved values).
      async (req) => {
        const locals = await editLocals(req);
        return { ...locals, renewalValues: req.body as Record<string, unknown> };
      },
    ),
  );
  const imageUpload = singleFileUpload('image', maxBadgeImageBytes);
  router.post(
    '/admin/badges/achievements/:slug/image',
    handleForm(
      'badges/admin-achievement',
      async (req, res) => {
        const slug = slugOrNotFound(req.params.slug);
        await runMiddleware(imageUpload, req, res);
        const useGenerated = (req.body as Record<string, unknown>)?.useGenerated === 'true';
        if (!useGenerated && !req.file)
          throw validationFailed({ image: 'badges:errors.choosePngOrSvg' });
        await setAchievementImage(req.user!.id, slug, useGenerated ? null : req.file!.buffer);
        req.session.flash = useGenerated
          ? 'badges:flash.generatedImage'
          : 'badges:flash.imageReplaced';
        res.redirect(`/admin/badges/achievements/${slug}`);
      },
      editLocals,
    ),
  );

  router.post('/admin/badges/keys/:algorithm/rotate', async (req, res) => {
    const algorithm = algorithmOrNotFound(req.params.algorithm);
    const key = await rotateKey(config, req.user!.id, algorithm);
    req.session.flash = { key: 'badges:flash.keyRotated', values: { algorithm, kid: key.kid } };
    res.redirect('/admin/badges#keys');
  });

  router.post('/admin/badges/keys/:kid/compromised', async (req, res) => {
    const kid = kidOrNotFound(req.params.kid);
    // Final: what the key signed is flagged for every verifier. Asked for a tick first.
    if (!confirmedOrSentBack(req, res, '/admin/badges#keys')) return;
    await markKeyCompromised(config, req.user!.id, kid);
    req.session.flash = { key: 'badges:flash.keyCompromised', values: { kid } };
    res.redirect('/admin/badges#keys');
  });

  return router;
}
