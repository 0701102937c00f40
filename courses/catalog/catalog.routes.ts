// Public catalog pages: specializations → levels → courses → course page.
import { Router, type Response } from 'express';
import { notFound } from '../../platform/errors';
import { courseCalendar } from './course-calendar';
import { openPublishedCourseImage } from './course-images';
import { getInstructorPage } from './instructor-page.service';
import { drawDefaultCourseImage, isDrawnTopic } from './default-course-image';
import { sendStoredImage } from '../../platform/images';
import { listRunningEditions } from '../enrollment/edition.service';
import { handleForm } from '../../platform/http';
import { parseInput } from '../../platform/validation';
import { courseSearchInput, levelOrNotFound, slugOrNotFound } from './catalog.schemas';
import {
  getCourse,
  getLevel,
  getSpecialization,
  searchCourses,
  listSpecializations,
} from './catalog.service';
import { levelKeys, topicKeys } from './topics';
import { isEnrolled } from '../enrollment/enrollment.service';
import { nextStepFor, standingInCourses } from '../progress/progress.service';

export function catalogPages(baseUrl: string): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    // A signed-in student's home leads with their next step; a visitor's with the catalog.
    const [specializations, nextStep] = await Promise.all([
      listSpecializations(req.language!),
      req.user ? nextStepFor(req.user.id, req.language!) : null,
    ]);
    res.render('catalog/home', { specializations, nextStep });
  });

  router.get('/specializations', async (req, res) => {
    res.render('catalog/specializations', {
      specializations: await listSpecializations(req.language!),
    });
  });

  router.get('/specializations/:slug', async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    res.render('catalog/specialization', {
      specialization: await getSpecialization(slug, req.language!),
    });
  });

  router.get('/specializations/:slug/levels/:level', async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const { specialization, level } = await getLevel(
      slug,
      levelOrNotFound(req.params.level),
      req.language!,
    );
    // A signed-in student sees where they stand in the level, not only an Enroll button.
    const standing = req.user
      ? await standingInCourses(
          req.user.id,
          level.courses.map((course) => course.slug),
        )
      : new Map();
    const completed = [...standing.values()].filter((course) => course.completedAt).length;
    res.render('catalog/level', {
      specialization,
      level,
      standing: {
        enrolled: standing.size,
        completed,
        total: level.courses.length,
        // The level's share done, module by module (half of one course in three is 17%, not 0).
        percent: level.courses.length
          ? Math.round(
              [...standing.values()].reduce(
                (sum, course) => sum + (course.completedAt ? 100 : course.percent),
                0,
              ) / level.courses.length,
            )
          : 0,
      },
    });
  });

  // A filter value the page never offers (an edited URL) is named on the page, with every course.
  router.get(
    '/courses',
    handleForm(
      'catalog/courses',
      async (req, res) => {
        const search = parseInput(courseSearchInput, req.query);
        // The page lists a page of cards at a time; the JSON API lists every match.
        const found = await searchCourses({ ...search, page: search.page ?? 1 }, req.language!);
        res.render('catalog/courses', { ...found, search, topicKeys, levelKeys, errors: {} });
      },
      async (req) => ({
        ...(await searchCourses({ page: 1 }, req.language!)),
        search: {},
        topicKeys,
        levelKeys,
      }),
    ),
  );

  router.get('/courses/:slug', async (req, res) => {
    const course = await getCourse(slugOrNotFound(req.params.slug), req.language!);
    const [enrolled, editions] = await Promise.all([
      req.user ? isEnrolled(req.user.id, course.id) : false,
      listRunningEditions(course.id),
    ]);
    // Enrolled: how far they are, and a button that continues (or reviews) instead of enrolling.
    const progress =
      req.user && enrolled
        ? ((await standingInCourses(req.user.id, [course.slug])).get(course.slug) ?? null)
        : null;
    res.render('catalog/course', { course, enrolled, editions, progress });
  });

  router.get('/instructors/:id', async (req, res) => {
    res.render('catalog/instructor', await getInstructorPage(req.params.id, req.language!));
  });

  // A course's live sessions for a calendar app: all of them, or one (the link on each session).
  const sendCalendar = (res: Response, filename: string, text: string) =>
    res
      .type('text/calendar; charset=utf-8')
      .attachment(filename)
      // private: the words follow the reader's language cookie, which a shared cache would ignore.
      .set('Cache-Control', 'private, max-age=300')
      .send(text);
  router.get('/courses/:slug/sessions.ics', async (req, res) => {
    const course = await getCourse(slugOrNotFound(req.params.slug), req.language!);
    sendCalendar(res, `${course.slug}.ics`, courseCalendar(course, baseUrl));
  });
  router.get('/courses/:slug/sessions/:moduleId.ics', async (req, res) => {
    const course = await getCourse(slugOrNotFound(req.params.slug), req.language!);
    const moduleId = String(req.params.moduleId);
    if (!/^[0-9a-f]{24}$/.test(moduleId)) throw notFound('liveSession');
    sendCalendar(res, `${course.slug}-session.ics`, courseCalendar(course, baseUrl, moduleId));
  });

  return router;
}

/**
 * Course pictures and topic drawings: public documents, the same for everyone, so they are served
 * before sessions (no session read, no cookie, and a signed-in student's phone may keep them).
 * An address names one stored file, so a new upload is a new address (kept a week).
 */
export function coursePictureRoutes(): Router {
  const router = Router();
  router.get('/courses/:slug/images/:fileId', async (req, res) => {
    const image = await openPublishedCourseImage(
      slugOrNotFound(req.params.slug),
      req.params.fileId,
    );
    if (!image) throw notFound('image');
    sendStoredImage(res, image, 'public, max-age=604800');
  });
  router.get('/course-images/:topic.svg', (req, res) => {
    const topic = String(req.params.topic);
    if (!isDrawnTopic(topic)) throw notFound('image');
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400');
    res.send(drawDefaultCourseImage(topic));
  });

  return router;
}
