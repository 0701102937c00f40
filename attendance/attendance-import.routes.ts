// CSV attendance import for a live session: upload → preview (who each person will credit) →
// import. The previewed file waits in Redis for 30 minutes under its hash, so "Import" applies
// exactly what was previewed without uploading it again.
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { courseStaffOnly } from '../courses';
import { idOrNotFound, parseInput, slugOrNotFound } from '../platform/validation';
import { ApiRoutes } from '../platform/api-routes';
import type { AppContext } from '../platform/context';
import { validationFailed } from '../platform/errors';
import { handleForm, runMiddleware } from '../platform/http';
import { requireRole } from '../platform/middleware/auth';
import { singleFileUpload } from '../platform/middleware/upload';
import { applyAttendanceImport, previewAttendanceImport } from './attendance-import.service';

const maxCsvBytes = 2 * 1024 * 1024;
const previewSeconds = 30 * 60;

const importInput = z.object({
  /** IANA zone of times written without an offset (e.g. America/Montevideo). */
  timezone: z
    .string()
    .trim()
    .default('UTC')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'errors:validation.timezone'),
  previewId: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

const slugOf = (req: Request) => slugOrNotFound(req.params.slug);
const moduleOf = (req: Request) => idOrNotFound(req.params.moduleId, 'liveSession');

export function attendanceImport(context: AppContext) {
  const upload = singleFileUpload('file', maxCsvBytes);
  const key = (id: string) => `${context.config.redisPrefix}:attendance-import:${id}`;

  /** The uploaded file's text, kept for the import step; or the text kept at preview. */
  async function csvOf(
    req: Request,
    res: Response,
    previewId?: string,
  ): Promise<{ csv: string; id: string }> {
    await runMiddleware(upload, req, res);
    if (req.file) {
      const csv = req.file.buffer.toString('utf8');
      const id = createHash('sha256').update(csv).digest('hex');
      await context.redis.set(key(id), csv, { EX: previewSeconds });
      return { csv, id };
    }
    const id = previewId ?? (req.body as Record<string, string>)?.previewId;
    const csv = id && /^[0-9a-f]{64}$/.test(id) ? await context.redis.get(key(id)) : null;
    if (!csv)
      throw validationFailed({
        file: id ? 'attendance:errors.previewExpired' : 'attendance:errors.chooseCsv',
      });
    return { csv, id: id! };
  }

  const pages = Router();
  const pagePath = '/teach/courses/:slug/live-sessions/:moduleId/import';
  pages.use('/teach', requireRole('instructor', 'admin'));
  pages.param('slug', courseStaffOnly);
  pages.get(pagePath, async (req, res) => {
    res.render('attendance/import', {
      slug: slugOf(req),
      moduleId: moduleOf(req),
      preview: null,
      values: { timezone: 'UTC' },
      errors: {},
    });
  });
  pages.post(
    pagePath,
    handleForm(
      'attendance/import',
      async (req, res) => {
        const { csv, id } = await csvOf(req, res);
        const input = parseInput(importInput, req.body);
        const args = [req.user!, slugOf(req), moduleOf(req), csv, input.timezone] as const;
        if ((req.body as Record<string, string>).step !== 'import') {
          const preview = await previewAttendanceImport(...args);
          return res.render('attendance/import', {
            slug: slugOf(req),
            moduleId: moduleOf(req),
            preview,
            previewId: id,
            values: input,
            errors: {},
          });
        }
        const result = await applyAttendanceImport(context, ...args);
        await context.redis.del(key(id));
        req.session.flash = {
          key: 'attendance:flash.imported',
          values: { stored: result.stored, present: result.present, unmatched: result.unmatched },
        };
        res.redirect(`/teach/courses/${slugOf(req)}/live-sessions/${moduleOf(req)}/attendance`);
      },
      (req) => ({ slug: slugOf(req), moduleId: moduleOf(req), preview: null }),
    ),
  );

  const api = new ApiRoutes().guardParam('slug', courseStaffOnly);
  api.post(
    '/authoring/courses/:slug/live-sessions/:moduleId/attendance-imports',
    {
      tag: 'attendance',
      access: ['instructor', 'admin'],
      summary:
        'Import attendance from a CSV (multipart "file": name or email, join, leave; commas or semicolons). With preview=true nothing is stored: the answer says who each person credits and a previewId to import it.',
      upload: { field: 'file', description: 'CSV, at most 2 MB and 20,000 rows' },
      query: z.object({ preview: z.enum(['true', 'false']).optional() }),
      responses: {
        200: '{ preview, previewId } or { imported }',
        413: 'File too large',
        422: 'Bad columns, rows or time zone (nothing stored)',
      },
    },
    async (req, res) => {
      const { csv, id } = await csvOf(req, res);
      const input = parseInput(importInput, req.body);
      const args = [req.user!, slugOf(req), moduleOf(req), csv, input.timezone] as const;
      if (req.query.preview === 'true')
        return res.json({ preview: await previewAttendanceImport(...args), previewId: id });
      res.json({ imported: await applyAttendanceImport(context, ...args) });
    },
  );
  return { pages, api };
}
