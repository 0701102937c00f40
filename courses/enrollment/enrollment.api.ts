// /api/v1/me enrolments: PUT enrolls (idempotent), DELETE withdraws.
import { z } from 'zod';
import { ApiRoutes } from '../../platform/api-routes';
import { parseInput } from '../../platform/validation';

export const enrollInput = z.object({
  /** The edition's slug, for courses run in editions. */
  edition: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/, 'errors:validation.unknownEdition')
    .optional(),
});
import type { AppContext } from '../../platform/context';
import { levelOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import {
  enrollInCourse,
  enrollInLevel,
  enrollInSpecialization,
  listEnrolledCourses,
  unenrollFromCourse,
} from './enrollment.service';

export function enrollmentApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'enrollment';
  api.get(
    '/me/enrollments',
    {
      tag,
      access: 'user',
      summary: 'My active enrolments, newest first',
      responses: { 200: '{ enrollments: [{ course, enrolledAt }] }' },
    },
    async (req, res) => {
      res.json({ enrollments: await listEnrolledCourses(req.user!.id, req.language!) });
    },
  );
  api.put(
    '/me/enrollments/:courseSlug',
    {
      tag,
      access: 'user',
      summary: 'Enroll in a course (idempotent); courses run in editions need `edition`',
      body: enrollInput,
      responses: {
        403: 'Enrolment by invitation only',
        409: 'The edition is full, or the course is archived (it takes no new students)',
        422: 'No edition chosen, or it has ended',
        200: '{ enrolled: [slug], alreadyEnrolled: [] } or the reverse when already enrolled',
        404: 'Unknown or unpublished course',
      },
    },
    async (req, res) => {
      const { edition } = parseInput(enrollInput, req.body);
      res.json(
        await enrollInCourse(context, req.user!.id, slugOrNotFound(req.params.courseSlug), {
          edition,
        }),
      );
    },
  );
  api.delete(
    '/me/enrollments/:courseSlug',
    {
      tag,
      access: 'user',
      summary: 'Leave a course (progress is kept for a later return)',
      responses: { 204: 'Left', 404: 'Unknown course' },
    },
    async (req, res) => {
      await unenrollFromCourse(context, req.user!.id, slugOrNotFound(req.params.courseSlug));
      res.status(204).end();
    },
  );
  api.put(
    '/me/specializations/:slug/levels/:level/enrollment',
    {
      tag,
      access: 'user',
      summary: 'Enroll in every course of a level (idempotent)',
      responses: { 200: '{ enrolled, alreadyEnrolled }', 404: 'Unknown specialization or level' },
    },
    async (req, res) => {
      const level = levelOrNotFound(req.params.level);
      res.json(await enrollInLevel(context, req.user!.id, slugOrNotFound(req.params.slug), level));
    },
  );
  api.put(
    '/me/specializations/:slug/enrollment',
    {
      tag,
      access: 'user',
      summary: 'Enroll in every course of a specialization (idempotent)',
      responses: { 200: '{ enrolled, alreadyEnrolled }', 404: 'Unknown specialization' },
    },
    async (req, res) => {
      res.json(
        await enrollInSpecialization(context, req.user!.id, slugOrNotFound(req.params.slug)),
      );
    },
  );
  return api;
}
