// /api/v1/me enrolments: PUT enrolls (idempotent), DELETE withdraws.
import { Router } from 'express';
import { requireUser } from '../../server/middleware/auth';
import { levelOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import {
  enrollInCourse,
  enrollInLevel,
  enrollInSpecialization,
  listEnrolledCourses,
  unenrollFromCourse,
} from './enrollment.service';

export function enrollmentApi(): Router {
  const router = Router();
  router.use('/me', requireUser);

  router.get('/me/enrollments', async (req, res) => {
    res.json({ enrollments: await listEnrolledCourses(req.user!.id) });
  });
  router.put('/me/enrollments/:courseSlug', async (req, res) => {
    res.json(await enrollInCourse(req.user!.id, slugOrNotFound(req.params.courseSlug)));
  });
  router.delete('/me/enrollments/:courseSlug', async (req, res) => {
    await unenrollFromCourse(req.user!.id, slugOrNotFound(req.params.courseSlug));
    res.status(204).end();
  });
  router.put('/me/specializations/:slug/levels/:level/enrollment', async (req, res) => {
    const level = levelOrNotFound(req.params.level);
    res.json(await enrollInLevel(req.user!.id, slugOrNotFound(req.params.slug), level));
  });
  router.put('/me/specializations/:slug/enrollment', async (req, res) => {
    res.json(await enrollInSpecialization(req.user!.id, slugOrNotFound(req.params.slug)));
  });
  return router;
}
