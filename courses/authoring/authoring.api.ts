// /api/v1/authoring: instructors and admins write and publish courses. Ownership is checked by the
// service (courses/authoring/course-access.ts) on every call.
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { singleFileUpload } from '../../platform/middleware/upload';
import { parseInput } from '../../platform/validation';
import { courseStaffOnly } from './course-access';
import { uploadModuleFile } from './module-files';
import { removeCourseImage, setCourseImage } from './course-image.service';
import { archiveCourse, restoreCourse } from './course-archive.service';
import { createEdition, editionInput, listRunningEditions } from '../enrollment/edition.service';
import { idOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import { getSessionRoster, setAttendanceOverride } from '../progress/attendance-override.service';
import {
  attendanceOverrideInput,
  courseDetailsInput,
  createCourseInput,
  enrollmentPolicyInput,
  moduleInput,
  moveModuleInput,
  placementInput,
  questionInput,
} from './authoring.schemas';
import {
  addModule,
  addQuestion,
  createCourse,
  getEditableCourse,
  listAuthoredCourses,
  moveModule,
  publishCourse,
  removeModule,
  removeQuestion,
  setEnrollmentPolicy,
  setPlacement,
  updateCourseDetails,
  updateModule,
  updateQuestion,
} from './authoring.service';

export function authoringApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes().guardParam('slug', courseStaffOnly);
  const tag = 'authoring';
  const access = ['instructor', 'admin'] as const;
  const owner = { 403: 'Not an instructor of this course', 404: 'Unknown course' };

  api.get(
    '/authoring/courses',
    { tag, access, summary: 'Courses I teach (admins: all)', responses: { 200: '{ courses }' } },
    async (req, res) => {
      res.json({ courses: await listAuthoredCourses(req.user!, req.language!) });
    },
  );
  api.post(
    '/authoring/courses',
    {
      tag,
      access,
      summary: 'Create a draft course; I become its instructor',
      body: createCourseInput,
      responses: { 201: '{ course }', 409: 'Address taken', 422: 'Invalid field' },
    },
    async (req, res) => {
      const course = await createCourse(req.user!, parseInput(createCourseInput, req.body));
      res.status(201).json({ course });
    },
  );
  api.get(
    '/authoring/courses/:slug',
    {
      tag,
      access,
      summary: 'A course as its instructors edit it (draft, version, placement)',
      responses: { 200: '{ course }', ...owner },
    },
    async (req, res) => {
      res.json({ course: await getEditableCourse(req.user!, slugOrNotFound(req.params.slug)) });
    },
  );
  api.put(
    '/authoring/courses/:slug',
    {
      tag,
      access,
      summary: 'Change the draft’s details',
      body: courseDetailsInput,
      responses: { 200: '{ course }', 409: 'Changed meanwhile', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const input = parseInput(courseDetailsInput, req.body);
      res.json({
        course: await updateCourseDetails(req.user!, slugOrNotFound(req.params.slug), input),
      });
    },
  );
  api.put(
    '/authoring/courses/:slug/placement',
    {
      tag,
      // What a level badge certifies depends on its courses: admins only.
      access: ['admin'],
      summary: 'Place the course in a level of a specialization (or nowhere); admins only',
      body: placementInput,
      responses: { 200: '{ course }', 422: 'Unknown specialization or level', ...owner },
    },
    async (req, res) => {
      const input = parseInput(placementInput, req.body);
      res.json({
        course: await setPlacement(context, req.user!, slugOrNotFound(req.params.slug), input),
      });
    },
  );
  api.post(
    '/authoring/courses/:slug/publish',
    {
      tag,
      access,
      summary: 'Publish the draft as the next version',
      responses: {
        200: '{ course }',
        422: 'The draft is not complete (the fields say why)',
        ...owner,
      },
    },
    async (req, res) => {
      res.json({
        course: await publishCourse(context, req.user!, slugOrNotFound(req.params.slug)),
      });
    },
  );
  api.post(
    '/authoring/courses/:slug/modules',
    {
      tag,
      access,
      summary: 'Add a module to the draft (lesson, video, quiz, live_session or file)',
      body: moduleInput,
      responses: { 201: '{ module }', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const input = parseInput(moduleInput, req.body);
      res
        .status(201)
        .json({ module: await addModule(req.user!, slugOrNotFound(req.params.slug), input) });
    },
  );
  api.put(
    '/authoring/courses/:slug/modules/:moduleId',
    {
      tag,
      access,
      summary: 'Change a module of the draft (its kind stays)',
      body: moduleInput,
      responses: { 200: '{ module }', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const input = parseInput(moduleInput, req.body);
      res.json({
        module: await updateModule(
          req.user!,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          input,
        ),
      });
    },
  );
  api.delete(
    '/authoring/courses/:slug/modules/:moduleId',
    {
      tag,
      access,
      summary: 'Remove a module from the draft',
      responses: { 204: 'Removed', ...owner },
    },
    async (req, res) => {
      await removeModule(
        req.user!,
        slugOrNotFound(req.params.slug),
        idOrNotFound(req.params.moduleId),
      );
      res.status(204).end();
    },
  );
  api.post(
    '/authoring/courses/:slug/modules/:moduleId/move',
    {
      tag,
      access,
      summary: 'Move a module to another place in the draft',
      body: moveModuleInput,
      responses: { 200: '{ course }', ...owner },
    },
    async (req, res) => {
      const { position } = parseInput(moveModuleInput, req.body);
      res.json({
        course: await moveModule(
          req.user!,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          position,
        ),
      });
    },
  );
  api.post(
    '/authoring/courses/:slug/modules/:moduleId/questions',
    {
      tag,
      access,
      summary: 'Add a question to a quiz',
      body: questionInput,
      responses: { 201: '{ module }', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const input = parseInput(questionInput, req.body);
      res.status(201).json({
        module: await addQuestion(
          req.user!,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          input,
        ),
      });
    },
  );
  api.put(
    '/authoring/courses/:slug/modules/:moduleId/questions/:questionId',
    {
      tag,
      access,
      summary: 'Change a quiz question',
      body: questionInput,
      responses: { 200: '{ module }', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const input = parseInput(questionInput, req.body);
      res.json({
        module: await updateQuestion(
          req.user!,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          idOrNotFound(req.params.questionId, 'question'),
          input,
        ),
      });
    },
  );
  api.delete(
    '/authoring/courses/:slug/modules/:moduleId/questions/:questionId',
    { tag, access, summary: 'Remove a quiz question', responses: { 204: 'Removed', ...owner } },
    async (req, res) => {
      await removeQuestion(
        req.user!,
        slugOrNotFound(req.params.slug),
        idOrNotFound(req.params.moduleId),
        idOrNotFound(req.params.questionId, 'question'),
      );
      res.status(204).end();
    },
  );
  api.put(
    '/authoring/courses/:slug/modules/:moduleId/file',
    {
      tag,
      access,
      summary:
        'Upload the file of a file module (multipart, field "file"; type checked by content)',
      upload: {
        field: 'file',
        description: 'PDF, PNG, JPEG, GIF, WebP, ZIP, Office document or UTF-8 text',
      },
      responses: {
        204: 'Stored in the draft',
        413: 'Larger than MAX_UPLOAD_MB',
        415: 'Type not accepted',
        ...owner,
      },
    },
    singleFileUpload('file', context.config.maxUploadBytes),
    async (req, res) => {
      await uploadModuleFile(
        req.user!,
        slugOrNotFound(req.params.slug),
        idOrNotFound(req.params.moduleId),
        req.file,
      );
      res.status(204).end();
    },
  );
  api.post(
    '/authoring/courses/:slug/archive',
    {
      tag,
      access,
      summary:
        'Archive a published course: out of the catalog, no new students; those enrolled keep it',
      responses: {
        204: 'Archived (or already was)',
        409: 'A draft, or placed in a level (an admin takes it out first)',
        ...owner,
      },
    },
    async (req, res) => {
      await archiveCourse(req.user!, slugOrNotFound(req.params.slug));
      res.status(204).end();
    },
  );
  api.post(
    '/authoring/courses/:slug/restore',
    {
      tag,
      access,
      summary: 'Put an archived course back in the catalog',
      responses: { 204: 'Restored (or was not archived)', ...owner },
    },
    async (req, res) => {
      await restoreCourse(req.user!, slugOrNotFound(req.params.slug));
      res.status(204).end();
    },
  );
  api.put(
    '/authoring/courses/:slug/image',
    {
      tag,
      access,
      summary:
        'Set the draft\'s picture (multipart, field "file"): cropped to 16:9, stored as WebP in two sizes',
      upload: { field: 'file', description: 'PNG, JPEG or WebP, up to 40 megapixels' },
      responses: {
        204: 'Stored in the draft',
        413: 'Larger than MAX_UPLOAD_MB',
        422: 'Not a picture that can be read',
        ...owner,
      },
    },
    singleFileUpload('file', context.config.maxUploadBytes),
    async (req, res) => {
      await setCourseImage(req.user!, slugOrNotFound(req.params.slug), req.file);
      res.status(204).end();
    },
  );
  api.delete(
    '/authoring/courses/:slug/image',
    {
      tag,
      access,
      summary: "Take the draft's picture back to its topic's drawing",
      responses: { 204: 'Removed from the draft', ...owner },
    },
    async (req, res) => {
      await removeCourseImage(req.user!, slugOrNotFound(req.params.slug));
      res.status(204).end();
    },
  );
  api.get(
    '/authoring/courses/:slug/editions',
    {
      tag,
      access,
      summary: 'Running editions of a course with their seats',
      responses: { 200: '{ editions }', ...owner },
    },
    async (req, res) => {
      const course = await getEditableCourse(req.user!, slugOrNotFound(req.params.slug));
      res.json({ editions: await listRunningEditions(course.id) });
    },
  );
  api.post(
    '/authoring/courses/:slug/editions',
    {
      tag,
      access,
      summary: 'Schedule an edition (dates and capacity; 0 = no limit)',
      body: editionInput,
      responses: { 201: '{ edition }', 409: 'Address taken', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const input = parseInput(editionInput, req.body);
      res
        .status(201)
        .json({ edition: await createEdition(req.user!, slugOrNotFound(req.params.slug), input) });
    },
  );
  api.put(
    '/authoring/courses/:slug/enrollment-policy',
    {
      tag,
      access,
      summary: 'Open enrolment, or restricted to staff, cohorts and all-courses grants',
      body: enrollmentPolicyInput,
      responses: { 200: '{ course }', 422: 'Invalid field', ...owner },
    },
    async (req, res) => {
      const { policy } = parseInput(enrollmentPolicyInput, req.body);
      res.json({
        course: await setEnrollmentPolicy(req.user!, slugOrNotFound(req.params.slug), policy),
      });
    },
  );
  api.get(
    '/authoring/courses/:slug/live-sessions/:moduleId/attendance',
    {
      tag,
      access,
      summary: 'Enrolled students of a live session and their attendance',
      responses: { 200: '{ roster }', ...owner },
    },
    async (req, res) => {
      res.json({
        roster: await getSessionRoster(
          req.user!,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
        ),
      });
    },
  );
  api.put(
    '/authoring/courses/:slug/live-sessions/:moduleId/attendance/:studentId',
    {
      tag,
      access,
      summary: 'Mark a student present or absent (an override that wins over synced attendance)',
      body: attendanceOverrideInput,
      responses: { 200: '{ student }', 422: 'Not enrolled', ...owner },
    },
    async (req, res) => {
      const input = parseInput(attendanceOverrideInput, req.body);
      res.json({
        student: await setAttendanceOverride(
          context,
          req.user!,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          idOrNotFound(req.params.studentId, 'student'),
          input,
        ),
      });
    },
  );
  return api;
}
