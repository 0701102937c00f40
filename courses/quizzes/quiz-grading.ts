// Grading and shuffling, as pure functions (unit-tested without a database).
import { createHash } from 'node:crypto';
import type { FieldErrors } from '../../platform/errors';

export interface GradableQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'short';
  options: { id: string; correct: boolean }[];
  acceptedAnswers: string[];
}

export type SubmittedAnswers = Record<string, string | string[]>;

export interface Grade {
  score: number;
  passed: boolean;
  results: Record<string, boolean>;
}

/** Short answers compare trimmed, case-insensitively, with runs of spaces as one. */
const normalizeAnswer = (answer: string) => answer.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Answers must belong to this quiz: an unknown question or option id (answers meant for another
 * quiz, or forged) is an error for that field, not a wrong answer.
 */
export function findAnswerProblems(
  questions: GradableQuestion[],
  answers: SubmittedAnswers,
): FieldErrors {
  const problems: FieldErrors = {};
  const byId = new Map(questions.map((question) => [question.id, question]));
  for (const [questionId, answer] of Object.entries(answers)) {
    const question = byId.get(questionId);
    const field = `answers.${questionId}`;
    if (!question) {
      problems[field] = 'learning:errors.notAQuestion';
      continue;
    }
    const given = Array.isArray(answer) ? answer : [answer];
    if (question.kind === 'short') {
      if (given.length !== 1 || given[0]!.length > 200)
        problems[field] = 'learning:errors.shortAnswer';
      continue;
    }
    if (question.kind === 'single' && given.length > 1)
      problems[field] = 'learning:errors.chooseOne';
    const optionIds = new Set(question.options.map((option) => option.id));
    if (given.some((id) => !optionIds.has(id))) problems[field] = 'learning:errors.foreignOption';
  }
  return problems;
}

/** One point per question; multiple choice counts only when exactly the correct set is chosen. */
export function gradeAnswers(
  questions: GradableQuestion[],
  answers: SubmittedAnswers,
  passScore: number,
): Grade {
  const results: Record<string, boolean> = {};
  for (const question of questions) {
    const answer = answers[question.id];
    const given = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
    if (question.kind === 'short') {
      const accepted = new Set(question.acceptedAnswers.map(normalizeAnswer));
      results[question.id] = given.length === 1 && accepted.has(normalizeAnswer(given[0]!));
    } else {
      const correct = question.options.filter((option) => option.correct).map((o) => o.id);
      const chosen = new Set(given);
      results[question.id] =
        chosen.size === correct.length && correct.every((id) => chosen.has(id));
    }
  }
  const right = Object.values(results).filter(Boolean).length;
  const score = questions.length ? Math.round((100 * right) / questions.length) : 0;
  return { score, passed: score >= passScore, results };
}

/**
 * A stable shuffle per (student, quiz, attempt): a reload shows the same order, the next attempt a
 * new one, and students side by side see different orders.
 */
export function shuffleFor<T extends { id: string }>(items: T[], seed: string): T[] {
  const rank = (item: T) =>
    createHash('sha256').update(`${seed}:${item.id}`).digest().readUInt32BE(0);
  return [...items].sort((a, b) => rank(a) - rank(b));
}

/** The questions with no answer at all (nothing chosen, or only spaces typed). */
export function findUnanswered(questions: GradableQuestion[], answers: SubmittedAnswers): string[] {
  return questions
    .filter((question) => {
      const answer = answers[question.id];
      const given = (Array.isArray(answer) ? answer : [answer ?? '']).filter(
        (value) => value.trim() !== '',
      );
      return given.length === 0;
    })
    .map((question) => question.id);
}
