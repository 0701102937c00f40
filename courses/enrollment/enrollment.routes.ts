// Enrolment pages: enroll/unenroll buttons post here (the dashboard is in progress/learning.routes.ts).
import { Router } from 'express';
import { AppError } from '../../server/errors';
import type { AppContext } from '../../server/context';
import { requireUser } from '../../server/middleware/auth';
import { levelOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import {
  enrollInCourse,
  enrollInLevel,
  enrollInSpecialization,
  unenrollFromCourse,
  type EnrollmentResult,
} from './enrollment.service';

function describe(result: EnrollmentResult, what: string): string {
  const skipped = result.skipped.length
    ? ` Not included: ${result.skipped.map((s) => `${s.course} (${s.reason})`).join('; ')}`
    : '';
  if (!result.enrolled.length) return `You were already enrolled in ${what}.${skipped}`;
  const count = result.enrolled.length;
  return `You are enrolled in ${what}${count > 1 ? ` (${count} courses)` : ''}.${skipped}`;
}

export function enrollmentPages(context: AppContext): Router {
  const router = Router();

  router.post('/courses/:slug/enroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const edition = typeof req.body?.edition === 'string' ? req.body.edition : undefined;
    try {
      req.session.flash = describe(
        await enrollInCourse(context, req.user!.id, slug, { edition }),
        'this course',
      );
    } catch (error) {
      // Full edition, no edition chosen, invitation only: say so on the course page.
      if (!(error instanceof AppError) || !error.expected || error.status === 404) throw error;
      req.session.flash = error.fields?.edition ?? error.message;
    }
    res.redirect(`/courses/${slug}`);
  });

  router.post('/courses/:slug/unenroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    await unenrollFromCourse(req.user!.id, slug);
    req.session.flash = 'You left this course. Your progress is kept if you enroll again.';
    res.redirect(`/courses/${slug}`);
  });

  router.post('/specializations/:slug/levels/:level/enroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const level = levelOrNotFound(req.params.level);
    req.session.flash = describe(
      await enrollInLevel(context, req.user!.id, slug, level),
      `the ${level} level`,
    );
    res.redirect('/dashboard');
  });

  router.post('/specializations/:slug/enroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    req.session.flash = describe(
      await enrollInSpecialization(context, req.user!.id, slug),
      'the specialization',
    );
    res.redirect('/dashboard');
  });

  return router;
}
