// /admin/cohorts (pages) and /api/v1/admin/cohorts: preview, then apply, a cohort CSV.
import { Router } from 'express';
import { translateMessage, type Translate } from '../i18n';
import { ApiRoutes } from '../platform/api-routes';
import type { AppContext } from '../platform/context';
import { handleForm } from '../platform/http';
import { requireRole } from '../platform/middleware/auth';
import { parseInput } from '../platform/validation';
import {
  applyCohort,
  cohortInput,
  listCohortChoices,
  previewCohort,
  type CohortPreview,
} from './cohorts.service';

/** Each line's outcome in the reader's words (the service says it as a Message). */
function wordOutcomes(t: Translate, preview: CohortPreview) {
  return {
    ...preview,
    lines: preview.lines.map((line) => ({
      ...line,
      outcome: line.outcome ? translateMessage(t, line.outcome) : undefined,
    })),
  };
}

const blankForm = { values: { target: 'course' }, errors: {}, preview: null, applied: false };

export function cohortPages(context: AppContext): Router {
  const router = Router();
  router.use('/admin/cohorts', requireRole('admin'));
  router.get('/admin/cohorts', async (req, res) =>
    res.render('admin/cohorts', { ...blankForm, choices: await listCohortChoices(req.language!) }),
  );
  router.post(
    '/admin/cohorts',
    handleForm(
      'admin/cohorts',
      async (req, res) => {
        const input = parseInput(cohortInput, req.body);
        const apply = req.body?.action === 'apply';
        const preview = apply
          ? await applyCohort(context, req.user!, input)
          : await previewCohort(input);
        res.render('admin/cohorts', {
          values: input,
          errors: {},
          preview: wordOutcomes(req.t!, preview),
          applied: apply,
          choices: await listCohortChoices(req.language!),
        });
      },
      async (req) => ({
        preview: null,
        applied: false,
        choices: await listCohortChoices(req.language!),
      }),
    ),
  );
  return router;
}

export function cohortApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'admin';
  api.post(
    '/admin/cohorts/preview',
    {
      tag,
      access: ['admin'],
      summary: 'What a cohort CSV would do, line by line (nothing is written)',
      body: cohortInput,
      responses: { 200: '{ lines, counts }', 422: 'Invalid field (csv, target, course...)' },
    },
    async (req, res) => {
      res.json(await previewCohort(parseInput(cohortInput, req.body)));
    },
  );
  api.post(
    '/admin/cohorts',
    {
      tag,
      access: ['admin'],
      summary: 'Enroll a cohort (or grant it all courses); idempotent; audited',
      body: cohortInput,
      responses: { 200: '{ lines (with outcome), counts }', 422: 'Invalid field' },
    },
    async (req, res) => {
      const applied = await applyCohort(context, req.user!, parseInput(cohortInput, req.body));
      res.json(wordOutcomes(req.t!, applied));
    },
  );
  return api;
}
