// /api/v1 catalog reads: the same service as the pages.
import { ApiRoutes } from '../../platform/api-routes';
import { listRunningEditions } from '../enrollment/edition.service';
import { parseInput } from '../../platform/validation';
import { courseSearchInput, levelOrNotFound, slugOrNotFound } from './catalog.schemas';
import {
  getCourse,
  getLevel,
  getSpecialization,
  listCourses,
  listSpecializations,
} from './catalog.service';

export function catalogApi(): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'catalog';
  api.get(
    '/specializations',
    {
      tag,
      access: 'public',
      summary: 'Published specializations',
      responses: { 200: 'Specializations with their levels' },
    },
    async (req, res) => {
      res.json({ specializations: await listSpecializations(req.language!) });
    },
  );
  api.get(
    '/specializations/:slug',
    {
      tag,
      access: 'public',
      summary: 'A specialization with its levels and courses',
      responses: { 200: 'The specialization', 404: 'Unknown specialization' },
    },
    async (req, res) => {
      res.json({
        specialization: await getSpecialization(slugOrNotFound(req.params.slug), req.language!),
      });
    },
  );
  api.get(
    '/specializations/:slug/levels/:level',
    {
      tag,
      access: 'public',
      summary: 'One level of a specialization',
      responses: { 200: 'The level and its courses', 404: 'Unknown specialization or level' },
    },
    async (req, res) => {
      const result = await getLevel(
        slugOrNotFound(req.params.slug),
        levelOrNotFound(req.params.level),
        req.language!,
      );
      res.json({ level: result.level });
    },
  );
  api.get(
    '/courses',
    {
      tag,
      access: 'public',
      summary: 'Published courses: search words (q), topic, level, language, format, sort',
      query: courseSearchInput,
      responses: { 200: 'Courses', 422: 'An unknown filter value, named' },
    },
    async (req, res) => {
      res.json({
        courses: await listCourses(parseInput(courseSearchInput, req.query), req.language!),
      });
    },
  );
  api.get(
    '/courses/:slug',
    {
      tag,
      access: 'public',
      summary: 'A course page',
      responses: { 200: 'The course', 404: 'Unknown course' },
    },
    async (req, res) => {
      const course = await getCourse(slugOrNotFound(req.params.slug), req.language!);
      res.json({ course, editions: await listRunningEditions(course.id) });
    },
  );
  return api;
}
