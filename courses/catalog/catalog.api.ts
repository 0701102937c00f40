// /api/v1 catalog reads: the same service as the pages.
import { Router } from 'express';
import { parseInput } from '../../server/validation';
import { courseFilterInput, levelOrNotFound, slugOrNotFound } from './catalog.schemas';
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
    const result = await getLevel(
      slugOrNotFound(req.params.slug),
      levelOrNotFound(req.params.level),
    );
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
