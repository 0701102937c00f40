// Learning pages: the course player (/learn), quiz forms, the dashboard with progress, and an
// admin's view of any student's record.
import { Router, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import type { AppContext } from '../../platform/context';
import { formattersFor, type Language, type MessageKey } from '../../i18n';
import { AppError, wordError } from '../../platform/errors';
import { requireRole, requireUser } from '../../platform/middleware/auth';
import { openStudentDownload } from '../authoring/module-files';
import { sendDownload } from '../authoring/send-download';
import { idOrNotFound, slugOrNotFound } from '../catalog/catalog.schemas';
import { questionInReaderLanguage } from '../quizzes/question-language';
import { getQuizForStudent, submitQuizAttempt, type QuizView } from '../quizzes/quiz.service';
import type { SubmittedAnswers } from '../quizzes/quiz-grading';
import { afterCourse } from './after-course';
import { markModuleDone, openModule, type PlayerView } from './progress.service';
import { findStudents, getStudentRecord, recomputeStudentRecord } from './student-record.service';

/** Quiz form fields are named q_<questionId>; checkboxes repeat the name. */
function answersFromForm(body: Record<string, unknown>): SubmittedAnswers {
  const answers: SubmittedAnswers = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (!name.startsWith('q_')) continue;
    if (typeof value === 'string' || Array.isArray(value))
      answers[name.slice(2)] = value as string | string[];
  }
  return answers;
}

export async function renderPlayer(
  res: Response,
  studentId: string | null,
  view: PlayerView,
  extra: Record<string, unknown> = {},
) {
  const quiz =
    view.currentModule.kind === 'quiz' && studentId
      ? await getQuizForStudent(studentId, view.currentModule, {
          reader: res.locals.lang as Language,
          courseLanguage: view.course.language,
        })
      : null;
  const { currentModule: stored, ...player } = view;
  // Only an instructor's preview shows a quiz's questions with their answers marked, in the
  // page's language as a student reading in it would see them (switching language previews a
  // translation).
  const previewQuestions =
    view.preview && stored.quiz
      ? stored.quiz.questions.map((question) => {
          const texts = questionInReaderLanguage(
            question,
            view.course.language,
            res.locals.lang as Language,
          );
          return {
            kind: question.kind,
            prompt: texts.prompt,
            options: question.options.map(({ correct }, index) => ({
              text: texts.options[index]!,
              correct,
            })),
            acceptedAnswers: texts.acceptedAnswers,
            language: texts.contentLanguage,
          };
        })
      : null;
  // A completed course points on: the next course of its level, or the level done.
  const after =
    view.completion && !view.preview && studentId
      ? await afterCourse(
          studentId,
          new Types.ObjectId(view.course.id),
          res.locals.lang as Language,
        )
      : null;
  res.render('learning/player', {
    player,
    quiz,
    quizErrors: {},
    previewQuestions,
    after,
    ...extra,
  });
}

export function learningPages(context: AppContext): Router {
  const router = Router();

  /** Not enrolled: back to the course page, which offers to enroll. */
  const sendToCoursePage = (req: Request, res: Response, error: unknown) => {
    if (error instanceof AppError && error.code === 'not_enrolled') {
      req.session.flash = error.text;
      res.redirect(`/courses/${slugOrNotFound(req.params.slug)}`);
      return true;
    }
    return false;
  };

  router.get('/learn/:slug', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    try {
      const view = await openModule(req.user!.id, slug, undefined, req.language!);
      res.redirect(`/learn/${slug}/modules/${view.current.id}`);
    } catch (error) {
      if (!sendToCoursePage(req, res, error)) throw error;
    }
  });

  router.get('/learn/:slug/modules/:moduleId', requireUser, async (req, res) => {
    try {
      const view = await openModule(
        req.user!.id,
        slugOrNotFound(req.params.slug),
        idOrNotFound(req.params.moduleId),
        req.language!,
      );
      await renderPlayer(res, req.user!.id, view);
    } catch (error) {
      if (!sendToCoursePage(req, res, error)) throw error;
    }
  });

  router.get('/learn/:slug/modules/:moduleId/file', requireUser, async (req, res) => {
    sendDownload(
      res,
      await openStudentDownload(
        req.user!.id,
        slugOrNotFound(req.params.slug),
        idOrNotFound(req.params.moduleId),
      ),
    );
  });

  router.post('/learn/:slug/modules/:moduleId/done', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const moduleId = idOrNotFound(req.params.moduleId);
    // Checked first: a malformed request changes nothing.
    const next = typeof req.body?.next === 'string' ? idOrNotFound(req.body.next) : moduleId;
    const result = await markModuleDone(context, req.user!.id, slug, moduleId, req.language!);
    req.session.flash = result.courseCompleted
      ? 'learning:flash.courseCompleted'
      : { key: 'learning:flash.markedDone', values: { title: result.moduleTitle } };
    res.redirect(`/learn/${slug}/modules/${next}`);
  });

  router.post('/learn/:slug/modules/:moduleId/quiz', requireUser, async (req, res) => {
    const slug = slugOrNotFound(req.params.slug);
    const moduleId = idOrNotFound(req.params.moduleId);
    try {
      const { attempt, quiz, courseCompleted } = await submitQuizAttempt(
        context,
        req.user!.id,
        slug,
        moduleId,
        answersFromForm(req.body as Record<string, unknown>),
        req.language!,
        { allowUnanswered: (req.body as Record<string, unknown>).allowUnanswered === 'yes' },
      );
      const score = formattersFor(req.language!).percent(attempt.score / 100);
      req.session.flash = {
        key: quizFlashKey(attempt.passed, courseCompleted, quiz),
        values: {
          score,
          needed: formattersFor(req.language!).percent(quiz.passScore / 100),
          left: quiz.attemptsLeft ?? 0,
        },
      };
      // A failed attempt is said plainly, not in the colours of a success.
      if (!attempt.passed) req.session.flashTone = 'warning';
      res.redirect(`/learn/${slug}/modules/${moduleId}`);
    } catch (error) {
      if (!(error instanceof AppError) || !error.expected) throw error;
      if (sendToCoursePage(req, res, error)) return;
      const view = await openModule(req.user!.id, slug, moduleId, req.language!);
      res.status(error.status);
      const worded = wordError(req.language!, error);
      await renderPlayer(res, req.user!.id, view, {
        quizError: worded.message,
        quizErrors: worded.fields,
        // What they had chosen stays chosen: a refused form never loses their answers.
        quizAnswers: answersFromForm(req.body as Record<string, unknown>),
        // Some questions unanswered: the form offers to submit anyway, said in words.
        offerSubmitAnyway:
          typeof error.text === 'object' && error.text.key === 'learning:errors.someUnanswered',
      });
    }
  });

  router.get('/dashboard', requireUser, async (req, res) => {
    res.render('learning/dashboard', {
      record: await getStudentRecord(req.user!, req.user!.id, req.language!),
    });
  });

  router.get('/admin/students', requireRole('admin'), async (req, res) => {
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 254) : '';
    res.render('learning/students', {
      query,
      students: await findStudents(req.user!, query),
    });
  });

  router.get('/admin/students/:studentId', requireRole('admin'), async (req, res) => {
    const record = await getStudentRecord(
      req.user!,
      idOrNotFound(req.params.studentId, 'student'),
      req.language!,
    );
    res.render('learning/student-record', { record });
  });

  router.post('/admin/students/:studentId/recompute', requireRole('admin'), async (req, res) => {
    const studentId = idOrNotFound(req.params.studentId, 'student');
    const { added } = await recomputeStudentRecord(context, req.user!, studentId);
    req.session.flash = added.length
      ? { key: 'learning:flash.recomputed', values: { count: added.length } }
      : 'learning:flash.recomputedNothing';
    res.redirect(`/admin/students/${studentId}`);
  });

  return router;
}

/**
 * What a submitted attempt's banner says: passed (and whether the course with it); failed on the
 * last attempt (with the correct answers below, where the instructor shows them); or failed with
 * tries left, pointing at the questions marked wrong only where the instructor marks them.
 */
function quizFlashKey(
  passed: boolean,
  courseCompleted: boolean,
  quiz: Pick<QuizView, 'attemptsLeft' | 'correctAnswers' | 'feedback'>,
): MessageKey {
  if (passed)
    return courseCompleted ? 'learning:flash.quizPassedCourse' : 'learning:flash.quizPassed';
  if (quiz.attemptsLeft === 0)
    return quiz.correctAnswers
      ? 'learning:flash.quizFailedLastAnswers'
      : 'learning:flash.quizFailedLast';
  const unlimited = quiz.attemptsLeft === null;
  if (quiz.feedback === 'per-question')
    return unlimited
      ? 'learning:flash.quizFailedMarkedUnlimited'
      : 'learning:flash.quizFailedMarked';
  return unlimited ? 'learning:flash.quizFailedUnlimited' : 'learning:flash.quizFailed';
}
