// Quizzes: questions shown without their answers, graded on the server, within the attempts limit.
import { Types } from 'mongoose';
import { z } from 'zod';
import { parseInput } from '../../server/validation';
import { AppError, conflict, isDuplicateKeyError, validationFailed } from '../../server/errors';
import { naturalId, upsertByNaturalKey } from '../../server/natural-id';
import type { CourseModule } from '../catalog/course.model';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { ModuleProgressModel } from '../progress/module-progress.model';
import { noteInLearnerRecord, readLearnerRecord } from '../progress/learner-record.service';
import {
  findEnrolledModule,
  moduleProgressId,
  recordModuleDone,
} from '../progress/progress.service';
import { QuizAttemptModel } from './quiz-attempt.model';
import {
  findAnswerProblems,
  gradeAnswers,
  shuffleFor,
  type GradableQuestion,
} from './quiz-grading';

export interface QuizQuestionView {
  id: string;
  kind: 'single' | 'multiple' | 'short';
  prompt: string;
  options: { id: string; text: string }[];
}

export interface AttemptView {
  number: number;
  score: number;
  passed: boolean;
  submittedAt: string;
  /** questionId → answered right. */
  results: Record<string, boolean>;
}

export interface QuizView {
  moduleId: string;
  passScore: number;
  /** null: unlimited. */
  maxAttempts: number | null;
  attemptsUsed: number;
  attemptsLeft: number | null;
  bestScore: number | null;
  passed: boolean;
  canAttempt: boolean;
  /** In the order this student sees them for their next attempt. */
  questions: QuizQuestionView[];
  lastAttempt: AttemptView | null;
  /** Correct answers are shown once they can no longer help a guess: after a pass or the last try. */
  correctAnswers: Record<string, string[]> | null;
}

type Quiz = NonNullable<CourseModule['quiz']>;

export async function getQuizForStudent(
  studentId: string,
  module: CourseModule,
): Promise<QuizView> {
  const used = (await readLearnerRecord(studentId)).quizAttempts.get(String(module._id)) ?? 0;
  return buildQuizView(studentId, module, await findAttempts(studentId, module._id, used));
}

const quizAttemptId = (studentId: string, moduleId: Types.ObjectId, number: number) =>
  naturalId('quiz-attempt', studentId, moduleId, String(number));

/** Attempts 1..used by their natural ids; any made before natural ids, by their key. */
async function findAttempts(studentId: string, moduleId: Types.ObjectId, used: number) {
  const numbers = Array.from({ length: used }, (_, index) => index + 1);
  const found = await Promise.all(
    numbers.map((number) =>
      QuizAttemptModel.findById(quizAttemptId(studentId, moduleId, number)).lean(),
    ),
  );
  if (found.every(Boolean)) return found.map((attempt) => attempt!);
  return QuizAttemptModel.find({ student: studentId, module: moduleId }).sort({ number: 1 }).lean();
}

export const quizAttemptInput = z.object({
  /** questionId → option id, option ids (multiple choice) or the typed answer (short answer). */
  answers: z.record(
    z.string(),
    z.union([z.string().max(200), z.array(z.string().max(40)).max(10)]),
    { error: 'errors:validation.answersObject' },
  ),
});

export async function submitQuizAttempt(
  context: CompletionContext,
  studentId: string,
  slug: string,
  moduleId: string,
  submitted: unknown,
): Promise<{ attempt: AttemptView; quiz: QuizView; courseCompleted: boolean }> {
  const { course, module, learner } = await findEnrolledModule(studentId, slug, moduleId);
  const { answers } = parseInput(quizAttemptInput, { answers: submitted });
  if (module.kind !== 'quiz' || !module.quiz)
    throw validationFailed({ module: 'learning:errors.notAQuiz' });
  const questions = gradableQuestions(module.quiz);
  const problems = findAnswerProblems(questions, answers);
  if (Object.keys(problems).length) throw validationFailed(problems);

  const used = learner.quizAttempts.get(String(module._id)) ?? 0;
  if (module.quiz.maxAttempts > 0 && used >= module.quiz.maxAttempts)
    throw new AppError('quiz_attempts_exhausted', 409, {
      key: 'learning:errors.attemptsExhausted',
      values: { max: module.quiz.maxAttempts },
    });

  const grade = gradeAnswers(questions, answers, module.quiz.passScore);
  try {
    await QuizAttemptModel.create({
      _id: quizAttemptId(studentId, module._id, used + 1),
      student: studentId,
      course: course._id,
      module: module._id,
      number: used + 1,
      courseVersion: course.version,
      answers,
      results: grade.results,
      score: grade.score,
      passed: grade.passed,
      submittedAt: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another submission took this attempt number, or the learner record missed one (a crash
    // between the two writes): count from the source, so the next submission gets the next number.
    const counted = await QuizAttemptModel.countDocuments({
      student: studentId,
      module: module._id,
    });
    await noteInLearnerRecord.quizAttempted(studentId, module._id, counted);
    throw conflict('learning:errors.attemptTwice');
  }
  await noteInLearnerRecord.quizAttempted(studentId, module._id, used + 1);

  // A pass completes the module; a later failed retake never undoes it (best score is kept).
  let courseCompleted = false;
  if (grade.passed) {
    await recordModuleDone(studentId, course._id, module._id, 'quiz', { bestScore: grade.score });
    courseCompleted = Boolean(await checkCourseCompletion(context, studentId, String(course._id)));
  } else {
    await recordBestScore(studentId, course._id, module._id, grade.score);
  }
  const quiz = await getQuizForStudent(studentId, module);
  return { attempt: quiz.lastAttempt!, quiz, courseCompleted };
}

function gradableQuestions(quiz: Quiz): GradableQuestion[] {
  return quiz.questions.map((question) => ({
    id: String(question._id),
    kind: question.kind as GradableQuestion['kind'],
    options: question.options.map((option) => ({
      id: String(option._id),
      correct: option.correct,
    })),
    acceptedAnswers: [...question.acceptedAnswers],
  }));
}

async function recordBestScore(
  studentId: string,
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
  score: number,
) {
  await upsertByNaturalKey(
    ModuleProgressModel,
    moduleProgressId(studentId, moduleId),
    { student: new Types.ObjectId(studentId), course: courseId, module: moduleId },
    { $max: { bestScore: score } },
  );
}

function buildQuizView(
  studentId: string,
  module: CourseModule,
  attempts: {
    number: number;
    score: number;
    passed: boolean;
    submittedAt: Date;
    results: unknown;
  }[],
): QuizView {
  const quiz = module.quiz!;
  const used = attempts.length;
  const limit = quiz.maxAttempts > 0 ? quiz.maxAttempts : null;
  const attemptsLeft = limit === null ? null : Math.max(0, limit - used);
  const passed = attempts.some((attempt) => attempt.passed);
  const last = attempts[used - 1];
  const seed = `${studentId}:${String(module._id)}:${used + 1}`;

  const questions = quiz.questions.map((question) => ({
    id: String(question._id),
    kind: question.kind as QuizQuestionView['kind'],
    prompt: question.prompt,
    options: question.options.map((option) => ({ id: String(option._id), text: option.text })),
  }));
  const ordered = quiz.shuffle
    ? shuffleFor(questions, seed).map((question) => ({
        ...question,
        options: shuffleFor(question.options, `${seed}:${question.id}`),
      }))
    : questions;

  const reveal = passed || attemptsLeft === 0;
  return {
    moduleId: String(module._id),
    passScore: quiz.passScore,
    maxAttempts: limit,
    attemptsUsed: used,
    attemptsLeft,
    bestScore: used ? Math.max(...attempts.map((attempt) => attempt.score)) : null,
    passed,
    canAttempt: attemptsLeft !== 0,
    questions: ordered,
    lastAttempt: last
      ? {
          number: last.number,
          score: last.score,
          passed: last.passed,
          submittedAt: last.submittedAt.toISOString(),
          results: last.results as Record<string, boolean>,
        }
      : null,
    correctAnswers: reveal
      ? Object.fromEntries(
          quiz.questions.map((question) => [
            String(question._id),
            question.kind === 'short'
              ? [...question.acceptedAnswers]
              : question.options.filter((option) => option.correct).map((option) => option.text),
          ]),
        )
      : null,
  };
}
