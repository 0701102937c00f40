// Public catalog pages: specializations → levels → courses → course page.
import { Router } from 'express';
import { listRunningEditions } from '../enrollment/edition.service';
import { parseInput } from '../../platform/validation';
import { courseFilterInput, levelOrNotFound, slugOrNotFound } from './catalog.schemas';
import {
  getCourse,
  getLevel,
  getSpecialization,
  listCourses,
  listSpecializations,
} from './catalog.service';
import { topicKeys } from './topics';
import { isEnrolled } from '../enrollment/enrollment.service';

export function catalogPages(): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.render('catalog/home', { specializations: await listSpecializations() });
  });

  router.get('/specializations', async (_req, res) => {
    res.render('catalog/specializations', { specializations: await listSpecializations() });
  });

  router.get('/specializations/:slug', async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    res.render('catalog/specialization', { specialization: await getSpecialization(slug) });
  });

  router.get('/specializations/:slug/levels/:level', async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    res.render('catalog/level', await getLevel(slug, levelOrNotFound(req.params.level)));
  });

  router.get('/courses', async (req, res) => {
    const filter = parseInput(courseFilterInput, req.query);
    res.render('catalog/courses', { courses: await listCourses(filter), filter, topicKeys });
  });

  router.get('/courses/:slug', async (req, res) => {
    const course = await getCourse(slugOrNotFound(req.params.slug));
    const [enrolled, editions] = await Promise.all([
      req.user ? isEnrolled(req.user.id, course.id) : false,
      listRunningEditions(course.id),
    ]);
    res.render('catalog/course', { course, enrolled, editions });
  });

  return router;
}
