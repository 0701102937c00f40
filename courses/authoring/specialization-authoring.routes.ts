// The specialization pages of the teaching area (admins only): list and create, edit the texts of a
// specialization and of each level side by side with their translations, publish.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/context';
import { confirmedOrSentBack, handleForm } from '../../platform/http';
import { requireRole } from '../../platform/middleware/auth';
import { nestFormFields, parseInput } from '../../platform/validation';
import { slugOrNotFound } from '../catalog/catalog.schemas';
import {
  createSpecializationInput,
  levelTextsInput,
  specializationTextsInput,
} from './authoring.schemas';
import {
  createSpecialization,
  getEditableSpecialization,
  listSpecializationsForStaff,
  publishSpecialization,
  unpublishSpecialization,
  saveLevelTexts,
  saveSpecializationTexts,
  specializationLanguage,
} from './specialization-authoring.service';

const formBody = (req: Request) => nestFormFields(req.body, ['translations']);

export function specializationAuthoringPages(context: AppContext): Router {
  const router = Router();
  router.use('/teach/specializations', requireRole('admin'));
  const slugOf = (req: Request) => slugOrNotFound(req.params.slug);

  const listLocals = async (req: Request) => ({
    specializations: await listSpecializationsForStaff(req.user!, req.language!),
    ownLanguage: specializationLanguage,
    values: {},
    errors: {},
  });
  /** The editing page; `failedForm` says which of its forms a failure re-renders. */
  const editorLocals = (failedForm: string | null) => async (req: Request) => ({
    specialization: await getEditableSpecialization(req.user!, slugOf(req), req.language!),
    failedForm,
    ownLanguage: specializationLanguage,
    values: {},
    errors: {},
  });

  router.get('/teach/specializations', async (req, res) => {
    res.render('authoring/specializations', await listLocals(req));
  });
  router.post(
    '/teach/specializations',
    handleForm(
      'authoring/specializations',
      async (req, res) => {
        const { slug } = await createSpecialization(
          req.user!,
          parseInput(createSpecializationInput, formBody(req)),
        );
        req.session.flash = 'authoring:flash.specializationCreated';
        res.redirect(`/teach/specializations/${slug}`);
      },
      listLocals,
    ),
  );

  router.get('/teach/specializations/:slug', async (req, res) => {
    res.render('authoring/specialization', await editorLocals(null)(req));
  });
  router.post(
    '/teach/specializations/:slug',
    handleForm(
      'authoring/specialization',
      async (req, res) => {
        await saveSpecializationTexts(
          req.user!,
          slugOf(req),
          parseInput(specializationTextsInput, formBody(req)),
        );
        req.session.flash = 'authoring:flash.specializationSaved';
        res.redirect(`/teach/specializations/${slugOf(req)}`);
      },
      editorLocals('texts'),
    ),
  );
  router.post('/teach/specializations/:slug/levels/:level', (req, res, next) =>
    handleForm(
      'authoring/specialization',
      async () => {
        const level = String(req.params.level);
        await saveLevelTexts(
          req.user!,
          slugOf(req),
          level,
          parseInput(levelTextsInput, formBody(req)),
        );
        req.session.flash = {
          key: 'authoring:flash.levelSaved',
          values: { level: req.t!(`common:levels.${level}` as 'common:levels.basic') },
        };
        res.redirect(`/teach/specializations/${slugOf(req)}#level-${level}`);
      },
      editorLocals(`level-${req.params.level}`),
    )(req, res, next),
  );
  router.post(
    '/teach/specializations/:slug/publish',
    handleForm(
      'authoring/specialization',
      async (req, res) => {
        await publishSpecialization(context, req.user!, slugOf(req));
        req.session.flash = 'authoring:flash.specializationPublished';
        res.redirect(`/teach/specializations/${slugOf(req)}`);
      },
      editorLocals('publish'),
    ),
  );
  router.post(
    '/teach/specializations/:slug/unpublish',
    handleForm(
      'authoring/specialization',
      async (req, res) => {
        // Students lose sight of it at once: the form asks for a tick first (the API does not).
        if (!confirmedOrSentBack(req, res, `/teach/specializations/${slugOf(req)}#publish-title`))
          return;
        await unpublishSpecialization(req.user!, slugOf(req));
        req.session.flash = 'authoring:flash.specializationUnpublished';
        res.redirect(`/teach/specializations/${slugOf(req)}`);
      },
      editorLocals('publish'),
    ),
  );
  return router;
}
