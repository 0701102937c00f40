// Bulk issuance: /admin/badges/imports (paste or upload, preview, apply, watch the progress) and
// /api/v1/admin/award-imports, over one service.
import { Router, type Request } from 'express';
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { handleForm, runMiddleware } from '../../platform/http';
import { requireRole } from '../../platform/middleware/auth';
import { singleFileUpload } from '../../platform/middleware/upload';
import { parseInput } from '../../platform/validation';
import {
  awardImportInput,
  findAwardImport,
  listAwardImports,
  maxImportLines,
  previewAwardImport,
  startAwardImport,
} from './award-import.service';
import { listAchievements } from '../achievements/achievement.service';

const csvUpload = singleFileUpload('file', 1_000_000);

/** The CSV of the form: the uploaded file's text, or what was pasted. */
async function csvOfForm(req: Request, res: Parameters<typeof runMiddleware>[2]) {
  await runMiddleware(csvUpload, req, res);
  const body = (req.body ?? {}) as Record<string, unknown>;
  return parseInput(awardImportInput, {
    csv: req.file ? req.file.buffer.toString('utf8') : body.csv,
  }).csv;
}

export function awardImportPages(context: AppContext): Router {
  const router = Router();
  router.use('/admin/badges/imports', requireRole('admin'));
  const formLocals = async (req: Request) => ({
    maxLines: maxImportLines,
    imports: await listAwardImports(),
    // The addresses the CSV's badge column takes, beside the names people know them by.
    badges: await listAchievements(req.language!),
    preview: null,
  });
  router.get('/admin/badges/imports', async (req, res) => {
    res.render('badges/award-import', { ...(await formLocals(req)), values: {}, errors: {} });
  });
  router.post(
    '/admin/badges/imports',
    handleForm(
      'badges/award-import',
      async (req, res) => {
        const csv = await csvOfForm(req, res);
        if ((req.body as Record<string, unknown>).action === 'apply') {
          const importId = await startAwardImport(context, req.user!.id, csv);
          return res.redirect(`/admin/badges/imports/${importId}`);
        }
        res.render('badges/award-import', {
          ...(await formLocals(req)),
          values: { csv },
          errors: {},
          preview: await previewAwardImport(csv),
        });
      },
      formLocals,
    ),
  );
  router.get('/admin/badges/imports/:importId', async (req, res) => {
    const run = await findAwardImport(String(req.params.importId));
    res.render('badges/award-import-run', { run });
  });
  return router;
}

export function awardImportApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'admin';
  const access = ['admin'] as const;
  api.post(
    '/admin/award-imports/preview',
    {
      tag,
      access,
      summary: `What a CSV of awards (email, badge, date, evidence note; up to ${maxImportLines} lines) would do, line by line; nothing is written`,
      body: awardImportInput,
      responses: { 200: '{ lines, counts }', 422: 'Not a CSV, empty or too many lines' },
    },
    async (req, res) => {
      res.json(await previewAwardImport(parseInput(awardImportInput, req.body).csv));
    },
  );
  api.post(
    '/admin/award-imports',
    {
      tag,
      access,
      summary:
        'Apply a CSV of awards: stored and issued by a job (lines with a problem skipped); idempotent per badge and email',
      body: awardImportInput,
      responses: {
        202: '{ id, status }: follow it at /api/v1/admin/award-imports/{id}',
        422: 'Not a CSV, or no line can be applied',
      },
    },
    async (req, res) => {
      const id = await startAwardImport(
        context,
        req.user!.id,
        parseInput(awardImportInput, req.body).csv,
      );
      res.status(202).location(`/api/v1/admin/award-imports/${id}`).json({ id, status: 'queued' });
    },
  );
  api.get(
    '/admin/award-imports/:importId',
    {
      tag,
      access,
      summary: "An import's progress and what became of each line",
      responses: { 200: '{ status, total, processed, counts, lines }', 404: 'Unknown import' },
    },
    async (req, res) => {
      res.json(await findAwardImport(String(req.params.importId)));
    },
  );
  return api;
}
