// /api/v1 learning: the course player, marking modules done, quiz attempts, progress records.
import { z } from 'zod';
import type { Language } from '../../i18n';
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/validation';
import { openStudentDownload } from '../authoring/module-files';
import { sendDownload } from '../authoring/send-download';
import { idOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import { getQuizForStudent, quizAttemptInput, submitQuizAttempt } from '../quizzes/quiz.service';
import { markModuleDone, openModule, type PlayerView } from './progress.service';
import { findStudents, getStudentRecord, recomputeStudentRecord } from './student-record.service';

const studentSearchInput = z.object({
  q: z.string().max(254, 'errors:validation.tooLong').default(''),
});

async function playerJson(studentId: string, view: PlayerView, reader: Language) {
  const { currentModule, ...player } = view;
  const quiz =
    currentModule.kind === 'quiz'
      ? await getQuizForStudent(studentId, currentModule, {
          reader,
          courseLanguage: view.course.language,
        })
      : null;
  return { player, quiz };
}

export function learningApi(context: AppContext): ApiRoutes {
  const api = new ApiRoutes();
  const tag = 'learning';
  const enrolled = { 403: 'Not enrolled in this course', 404: 'Unknown course or module' };

  api.get(
    '/me/courses/:slug/player',
    {
      tag,
      access: 'user',
      summary: 'Resume a course where I left off',
      responses: { 200: '{ player, quiz }', ...enrolled },
    },
    async (req, res) => {
      const view = await openModule(
        req.user!.id,
        slugOrNotFound(req.params.slug),
        undefined,
        req.language!,
      );
      res.json(await playerJson(req.user!.id, view, req.language!));
    },
  );
  api.get(
    '/me/courses/:slug/modules/:moduleId',
    {
      tag,
      access: 'user',
      summary: 'Open a module (recorded as where to resume)',
      responses: { 200: '{ player, quiz }', ...enrolled },
    },
    async (req, res) => {
      const view = await openModule(
        req.user!.id,
        slugOrNotFound(req.params.slug),
        idOrNotFound(req.params.moduleId),
        req.language!,
      );
      res.json(await playerJson(req.user!.id, view, req.language!));
    },
  );
  api.get(
    '/me/courses/:slug/modules/:moduleId/file',
    {
      tag,
      access: 'user',
      summary: 'Download the file of a file module',
      responses: { 200: 'The file, as an attachment', ...enrolled },
    },
    async (req, res) => {
      sendDownload(
        res,
        await openStudentDownload(
          req.user!.id,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
        ),
      );
    },
  );
  api.post(
    '/me/courses/:slug/modules/:moduleId/done',
    {
      tag,
      access: 'user',
      summary: 'Mark a lesson, video or file as done (idempotent)',
      responses: {
        200: '{ progress, courseCompleted, moduleTitle }',
        422: 'Quizzes and live sessions complete otherwise',
        ...enrolled,
      },
    },
    async (req, res) => {
      res.json(
        await markModuleDone(
          context,
          req.user!.id,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          req.language!,
        ),
      );
    },
  );
  api.post(
    '/me/courses/:slug/modules/:moduleId/quiz-attempts',
    {
      tag,
      access: 'user',
      summary: 'Submit an attempt at a quiz; graded on the server',
      body: quizAttemptInput,
      responses: {
        201: '{ attempt, quiz, courseCompleted }',
        409: 'No attempts left, or passed with the answers shown (quiz_passed)',
        422: 'An answer is not for this quiz, or questions are unanswered without allowUnanswered: true (each field is named; no attempt is used)',
        ...enrolled,
      },
    },
    async (req, res) => {
      res.status(201).json(
        await submitQuizAttempt(
          context,
          req.user!.id,
          slugOrNotFound(req.params.slug),
          idOrNotFound(req.params.moduleId),
          // Read by the service once it knows the caller may submit (403 before 422).
          (req.body as { answers?: unknown } | undefined)?.answers,
          req.language!,
          {
            allowUnanswered: (req.body as { allowUnanswered?: unknown })?.allowUnanswered === true,
          },
        ),
      );
    },
  );
  api.get(
    '/me/progress',
    {
      tag,
      access: 'user',
      summary: 'My courses, levels and specializations with progress and completions',
      responses: { 200: '{ record }' },
    },
    async (req, res) => {
      res.json({ record: await getStudentRecord(req.user!, req.user!.id, req.language!) });
    },
  );
  api.get(
    '/admin/students',
    {
      tag: 'admin',
      access: ['admin'],
      summary: 'Find students by a word of their name or the start of their email',
      query: studentSearchInput,
      responses: { 200: '{ students: [{ id, displayName, email }] }' },
    },
    async (req, res) => {
      const { q } = parseInput(studentSearchInput, req.query);
      res.json({ students: await findStudents(req.user!, q) });
    },
  );
  api.get(
    '/students/:studentId/progress',
    {
      tag,
      access: 'user',
      summary:
        'A student’s record (the student themself or an admin; with the audit trail for admins)',
      responses: { 200: '{ record }', 403: 'Another student’s record', 404: 'Unknown student' },
    },
    async (req, res) => {
      res.json({
        record: await getStudentRecord(
          req.user!,
          idOrNotFound(req.params.studentId, 'student'),
          req.language!,
        ),
      });
    },
  );
  api.post(
    '/students/:studentId/completion/recompute',
    {
      tag,
      access: ['admin'],
      summary: 'Re-check a student’s completions (idempotent; recorded in the audit trail)',
      responses: { 200: '{ added }', 404: 'Unknown student' },
    },
    async (req, res) => {
      res.json(
        await recomputeStudentRecord(
          context,
          req.user!,
          idOrNotFound(req.params.studentId, 'student'),
        ),
      );
    },
  );
  return api;
}
