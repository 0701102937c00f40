// Enrolment pages: enroll/unenroll buttons post here (the dashboard is in progress/learning.routes.ts).
import { Router } from 'express';
import type { Message, Translate } from '../../i18n';
import { AppError } from '../../platform/errors';
import { confirmedOrSentBack } from '../../platform/http';
import type { AppContext } from '../../platform/context';
import { requireUser } from '../../platform/middleware/auth';
import { levelOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import type { LevelKey } from '../catalog/topics';
import {
  enrollInCourse,
  enrollInLevel,
  enrollInSpecialization,
  unenrollFromCourse,
  type EnrollmentResult,
} from './enrollment.service';

type Target = { kind: 'course' } | { kind: 'level'; level: LevelKey } | { kind: 'specialization' };

/** What an enrolment did, as the flash message the student sees in their own language. */
function describe(t: Translate, result: EnrollmentResult, target: Target): Message {
  const level = target.kind === 'level' ? t(`common:levels.${target.level}`) : '';
  const courses = t('common:units.courses', { count: result.enrolled.length });
  const done = result.enrolled.length
    ? t(`catalog:enroll.${target.kind}`, { level, courses })
    : t(
        target.kind === 'course'
          ? 'catalog:enroll.alreadyCourse'
          : target.kind === 'level'
            ? 'catalog:enroll.alreadyLevel'
            : 'catalog:enroll.alreadySpecialization',
        { level },
      );
  if (!result.skipped.length) return { key: 'catalog:enroll.only', values: { done } };
  const skipped = result.skipped
    .map((s) =>
      t('catalog:enroll.skipped', {
        course: s.course,
        reason: t(`catalog:enroll.skipReason.${s.reason}`),
      }),
    )
    .join('; ');
  return { key: 'catalog:enroll.withSkipped', values: { done, skipped } };
}

export function enrollmentPages(context: AppContext): Router {
  const router = Router();

  router.post('/courses/:slug/enroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const edition = typeof req.body?.edition === 'string' ? req.body.edition : undefined;
    try {
      req.session.flash = describe(
        req.t!,
        await enrollInCourse(context, req.user!.id, slug, { edition }),
        { kind: 'course' },
      );
    } catch (error) {
      // Full edition, no edition chosen, invitation only: say so on the course page.
      if (!(error instanceof AppError) || !error.expected || error.status === 404) throw error;
      req.session.flash = error.text;
    }
    res.redirect(`/courses/${slug}`);
  });

  router.post('/courses/:slug/unenroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    if (!confirmedOrSentBack(req, res, `/courses/${slug}`)) return;
    await unenrollFromCourse(context, req.user!.id, slug);
    req.session.flash = 'catalog:enroll.left';
    res.redirect(`/courses/${slug}`);
  });

  router.post('/specializations/:slug/levels/:level/enroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const level = levelOrNotFound(req.params.level);
    req.session.flash = describe(req.t!, await enrollInLevel(context, req.user!.id, slug, level), {
      kind: 'level',
      level,
    });
    res.redirect('/dashboard');
  });

  router.post('/specializations/:slug/enroll', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    req.session.flash = describe(
      req.t!,
      await enrollInSpecialization(context, req.user!.id, slug),
      { kind: 'specialization' },
    );
    res.redirect('/dashboard');
  });

  return router;
}
