// /api/v1 catalog reads: the same service as the pages.
import { Router } from 'express';
import { notFound } from '../../server/errors';
import { parseInput } from '../../server/validation';
import { courseFilterInput, levelParam } from './catalog.schemas';
import { slugOrNotFound } from './catalog.routes';
import {
  getCourse,
  getLevel,
  getSpecialization,
  listCourses,
  listSpecializations,
} from './catalog.service';

export function catalogApi(): Router {
  const router = Router();
  router.get('/specializations', async (_req, res) =>
    res.json({ specializations: await listSpecializations() }),
  );
  router.get('/specializations/:slug', async (req, res) => {
    res.json({ specialization: await getSpecialization(slugOrNotFound(req.params.slug)) });
  });
  router.get('/specializations/:slug/levels/:level', async (req, res) => {
    const level = levelParam.safeParse(req.params.level);
    if (!level.success) throw notFound('Level');
    const result = await getLevel(slugOrNotFound(req.params.slug), level.data);
    res.json({ level: result.level });
  });
  router.get('/courses', async (req, res) => {
    res.json({ courses: await listCourses(parseInput(courseFilterInput, req.query)) });
  });
  router.get('/courses/:slug', async (req, res) =>
    res.json({ course: await getCourse(slugOrNotFound(req.params.slug)) }),
  );
  return router;
}
