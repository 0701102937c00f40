// Quizzes: questions shown without their answers, graded on the server, within the attempts limit.
import { Types } from 'mongoose';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { AppError, conflict, isDuplicateKeyError, validationFailed } from '../../platform/errors';
import { naturalId } from '../../platform/natural-id';
import type { CourseModule } from '../catalog/course.model';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { readQuizSummary, type QuizSummary } from '../progress/learner-state';
import { recordBestScore, recordModuleDone } from '../progress/module-progress.service';
import { findEnrolledModule } from '../progress/progress.service';
import type { Language } from '../../i18n';
import { QuizAttemptModel } from './quiz-attempt.model';
import { acceptedInAnyLanguage, questionInReaderLanguage } from './question-language';
import {
  findAnswerProblems,
  findUnanswered,
  gradeAnswers,
  shuffleFor,
  type GradableQuestion,
} from './quiz-grading';

export interface QuizQuestionView {
  id: string;
  kind: 'single' | 'multiple' | 'short';
  prompt: string;
  options: { id: string; text: string }[];
  /** The language the prompt and options are shown in, when known (the page sets it as `lang`). */
  language: Language | null;
}

/** Who reads the quiz, and the language its course is written in (its questions' original). */
export interface QuizReading {
  reader: Language;
  courseLanguage: string | null | undefined;
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
  /** The instructor's choice of what a student learns of each question (course.model quizFeedbacks). */
  feedback: 'answers-at-end' | 'per-question' | 'score-only';
}

type Quiz = NonNullable<CourseModule['quiz']>;

export async function getQuizForStudent(
  studentId: string,
  module: CourseModule,
  reading: QuizReading,
): Promise<QuizView> {
  const summary = await readQuizSummary(studentId, module._id);
  const last = summary ? await findAttempt(studentId, module._id, summary.used) : null;
  return buildQuizView(studentId, module, reading, summary ?? null, last);
}

const quizAttemptId = (studentId: string, moduleId: Types.ObjectId, number: number) =>
  naturalId('quiz-attempt', studentId, moduleId, String(number));

/** Attempt N, by its unique key (only the last attempt is shown whole). */
async function findAttempt(studentId: string, moduleId: Types.ObjectId, number: number) {
  return QuizAttemptModel.findOne({ student: studentId, module: moduleId, number }).lean();
}

export const quizAttemptInput = z.object({
  /** questionId → option id, option ids (multiple choice) or the typed answer (short answer). */
  answers: z.record(
    z.string(),
    z.union([z.string().max(200), z.array(z.string().max(40)).max(10)]),
    { error: 'errors:validation.answersObject' },
  ),
  /**
   * Submit although some questions have no answer (they count as wrong). Without it such an
   * attempt is refused, the questions named, and not counted: a slip never costs an attempt.
   */
  allowUnanswered: z.boolean().optional(),
});

export async function submitQuizAttempt(
  context: CompletionContext,
  studentId: string,
  slug: string,
  moduleId: string,
  submitted: unknown,
  reader: Language,
  options: { allowUnanswered?: boolean } = {},
): Promise<{ attempt: AttemptView; quiz: QuizView; courseCompleted: boolean }> {
  const { course, module } = await findEnrolledModule(studentId, slug, moduleId);
  const { answers } = parseInput(quizAttemptInput, { answers: submitted });
  if (module.kind !== 'quiz' || !module.quiz)
    throw validationFailed({ module: 'learning:errors.notAQuiz' });
  const questions = gradableQuestions(module.quiz);
  const problems = findAnswerProblems(questions, answers);
  if (Object.keys(problems).length) throw validationFailed(problems);
  // Nothing answered is never an attempt; some unanswered, only when the student says so.
  const unanswered = findUnanswered(questions, answers);
  const allUnanswered = unanswered.length === questions.length;
  if (unanswered.length && (allUnanswered || !options.allowUnanswered))
    throw validationFailed(
      Object.fromEntries(unanswered.map((id) => [`answers.${id}`, 'learning:errors.unanswered'])),
      allUnanswered
        ? 'learning:errors.nothingAnswered'
        : { key: 'learning:errors.someUnanswered', values: { count: unanswered.length } },
    );

  const summary = await readQuizSummary(studentId, module._id);
  const used = summary?.used ?? 0;
  // Passed, with the answers shown (see buildQuizView): another attempt would only copy them.
  if (summary?.passed && answersShownOnPass(module.quiz))
    throw new AppError('quiz_passed', 409, 'learning:errors.quizPassed');
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
    // Another submission took this attempt number: the next one counts it.
    throw conflict('learning:errors.attemptTwice');
  }
  // A pass completes the module; a later failed retake never undoes it (best score is kept).
  let courseCompleted = false;
  if (grade.passed) {
    await recordModuleDone(studentId, course._id, module._id, 'quiz', { bestScore: grade.score });
    courseCompleted = Boolean(await checkCourseCompletion(context, studentId, String(course._id)));
  } else {
    await recordBestScore(studentId, course._id, module._id, grade.score);
  }
  const quiz = await getQuizForStudent(studentId, module, {
    reader,
    courseLanguage: course.language,
  });
  return { attempt: quiz.lastAttempt!, quiz, courseCompleted };
}

/** Whether a pass shows the correct answers (every feedback but the score alone). */
function answersShownOnPass(quiz: Pick<Quiz, 'feedback'>): boolean {
  return (quiz.feedback ?? 'answers-at-end') !== 'score-only';
}

function gradableQuestions(quiz: Quiz): GradableQuestion[] {
  return quiz.questions.map((question) => ({
    id: String(question._id),
    kind: question.kind as GradableQuestion['kind'],
    options: question.options.map((option) => ({
      id: String(option._id),
      correct: option.correct,
    })),
    acceptedAnswers: acceptedInAnyLanguage(question),
  }));
}

function buildQuizView(
  studentId: string,
  module: CourseModule,
  { reader, courseLanguage }: QuizReading,
  summary: QuizSummary | null,
  last: {
    number: number;
    score: number;
    passed: boolean;
    submittedAt: Date;
    results: unknown;
  } | null,
): QuizView {
  const quiz = module.quiz!;
  const used = summary?.used ?? 0;
  const limit = quiz.maxAttempts > 0 ? quiz.maxAttempts : null;
  const attemptsLeft = limit === null ? null : Math.max(0, limit - used);
  const passed = summary?.passed ?? false;
  // A pass that shows the answers closes the quiz; with only a score, one may retake to do better.
  const canAttempt = attemptsLeft !== 0 && !(passed && answersShownOnPass(quiz));
  // The order of the next attempt; once closed, the order of the last one (its review reads so).
  const seed = `${studentId}:${String(module._id)}:${canAttempt ? used + 1 : used}`;

  const read = new Map(
    quiz.questions.map((question) => [
      question,
      questionInReaderLanguage(question, courseLanguage, reader),
    ]),
  );
  const questions = quiz.questions.map((question) => {
    const texts = read.get(question)!;
    return {
      id: String(question._id),
      kind: question.kind as QuizQuestionView['kind'],
      prompt: texts.prompt,
      options: question.options.map((option, index) => ({
        id: String(option._id),
        text: texts.options[index]!,
      })),
      language: texts.contentLanguage,
    };
  });
  const ordered = quiz.shuffle
    ? shuffleFor(questions, seed).map((question) => ({
        ...question,
        options: shuffleFor(question.options, `${seed}:${question.id}`),
      }))
    : questions;

  const feedback = quiz.feedback ?? 'answers-at-end';
  const reveal = answersShownOnPass(quiz) && (passed || attemptsLeft === 0);
  return {
    moduleId: String(module._id),
    passScore: quiz.passScore,
    maxAttempts: limit,
    attemptsUsed: used,
    attemptsLeft,
    bestScore: summary && used ? summary.best : null,
    passed,
    canAttempt,
    questions: ordered,
    lastAttempt: last
      ? {
          number: last.number,
          score: last.score,
          passed: last.passed,
          submittedAt: last.submittedAt.toISOString(),
          // Score only: which questions were right stays with the campus.
          results: feedback === 'score-only' ? {} : (last.results as Record<string, boolean>),
        }
      : null,
    feedback,
    correctAnswers: reveal
      ? Object.fromEntries(
          quiz.questions.map((question) => [
            String(question._id),
            // A short answer shows as its first accepted wording: the others are spellings
            // it also accepts (without accents, in another language), not more answers.
            question.kind === 'short'
              ? read.get(question)!.acceptedAnswers.slice(0, 1)
              : question.options.flatMap((option, index) =>
                  option.correct ? [read.get(question)!.options[index]!] : [],
                ),
          ]),
        )
      : null,
  };
}
