// Attendance pages and API: the admin's list of live sessions with their sync state ("sync now",
// progress while it runs), and the instructors' reconciliation queue per session.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { courseStaffOnly } from '../courses';
import { idOrNotFound, parseInput, slugOrNotFound } from '../platform/validation';
import { ApiRoutes } from '../platform/api-routes';
import type { AppContext } from '../platform/context';
import { requireRole } from '../platform/middleware/auth';
import { getReconciliationQueue, resolveParticipant } from './reconciliation.service';
import { listSessionSyncs, requestSync } from './session-sync.service';

const resolveInput = z.object({
  participantKey: z.string().min(1).max(400),
  /** The student to credit; empty or absent: ignore this participant from now on. */
  studentId: z.preprocess(
    (value) => (value === '' ? null : value),
    z
      .string()
      .regex(/^[0-9a-f]{24}$/, 'errors:validation.chooseStudent')
      .nullable()
      .default(null),
  ),
});

const moduleOf = (req: Request) => idOrNotFound(req.params.moduleId, 'liveSession');
const slugOf = (req: Request) => slugOrNotFound(req.params.slug);
const queuePath = (req: Request) =>
  `/teach/courses/${slugOf(req)}/live-sessions/${moduleOf(req)}/reconcile`;

export function attendanceAdminPages(context: AppContext): Router {
  const router = Router();
  router.use('/admin/attendance', requireRole('admin'));
  router.get('/admin/attendance', async (req, res) => {
    const sessions = await listSessionSyncs(req.language!);
    res.render('attendance/admin-sessions', {
      sessions,
      // While a sync runs the page refreshes itself, so its progress moves without a click.
      refreshing: sessions.some((session) => ['scheduled', 'syncing'].includes(session.state)),
      zoomConfigured: Boolean(context.config.zoom),
    });
  });
  router.post('/admin/attendance/:moduleId/sync', async (req, res) => {
    await requestSync(context.jobs, moduleOf(req));
    req.session.flash = 'attendance:flash.syncQueued';
    res.redirect('/admin/attendance');
  });
  return router;
}

export function reconciliationPages(context: AppContext): Router {
  const router = Router();
  router.use('/teach', requireRole('instructor', 'admin'));
  router.param('slug', courseStaffOnly);
  router.get('/teach/courses/:slug/live-sessions/:moduleId/reconcile', async (req, res) => {
    res.render('attendance/reconcile', {
      queue: await getReconciliationQueue(req.user!, slugOf(req), moduleOf(req)),
    });
  });
  router.post('/teach/courses/:slug/live-sessions/:moduleId/reconcile', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    // The form's Ignore button sends the selected student too: the button decides.
    const input = parseInput(resolveInput, {
      ...body,
      studentId: body.action === 'ignore' ? null : body.studentId,
    });
    const summary = await resolveParticipant(
      context,
      req.user!,
      slugOf(req),
      moduleOf(req),
      input.participantKey,
      input.studentId,
    );
    req.session.flash = {
      key: input.studentId ? 'attendance:flash.linked' : 'attendance:flash.ignored',
      values: { present: summary.present, unmatched: summary.unmatched },
    };
    res.redirect(queuePath(req));
  });
  return router;
}

export function attendanceApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes().guardParam('slug', courseStaffOnly);
  api.get(
    '/admin/attendance/sessions',
    {
      tag: 'attendance',
      access: ['admin'],
      summary: 'Live sessions with their attendance sync state, progress and counts',
      responses: { 200: '{ sessions }' },
    },
    async (req, res) => {
      res.json({ sessions: await listSessionSyncs(req.language!) });
    },
  );
  api.post(
    '/admin/attendance/sessions/:moduleId/sync',
    {
      tag: 'attendance',
      access: ['admin'],
      summary: 'Sync a live session now (queued once however often it is asked)',
      responses: { 202: 'Queued', 404: 'Unknown live session' },
    },
    async (req, res) => {
      await requestSync(context.jobs, moduleOf(req));
      res.status(202).json({ queued: true });
    },
  );
  const access = ['instructor', 'admin'] as const;
  api.get(
    '/authoring/courses/:slug/live-sessions/:moduleId/unmatched',
    {
      tag: 'attendance',
      access,
      summary: 'The reconciliation queue of a live session (participants nobody matched)',
      responses: { 200: '{ queue }', 403: 'Not your course', 404: 'Unknown live session' },
    },
    async (req, res) => {
      res.json({ queue: await getReconciliationQueue(req.user!, slugOf(req), moduleOf(req)) });
    },
  );
  api.post(
    '/authoring/courses/:slug/live-sessions/:moduleId/unmatched/resolve',
    {
      tag: 'attendance',
      access,
      summary: 'Link a queued participant to a student, or ignore it (studentId null); remembered',
      body: resolveInput,
      responses: { 200: '{ summary }', 404: 'Not in the queue', 422: 'Student not enrolled' },
    },
    async (req, res) => {
      const input = parseInput(resolveInput, req.body);
      const summary = await resolveParticipant(
        context,
        req.user!,
        slugOf(req),
        moduleOf(req),
        input.participantKey,
        input.studentId,
      );
      res.json({ summary });
    },
  );
  return api;
}
