// A student's learning state, read from the collections that hold it (enrolments, module
// progress, completions; quiz attempts per quiz), each through an index that leads with `student`. No
// copy of it is kept: there is one writer per fact and nothing to repair after a crash. (A
// per-student document read by `_id` stood in for these queries while the dev store used no index
// but `_id`; see docs/adr/0001-dev-store-indexes.md.)
import { Types } from 'mongoose';
import { CompletionModel } from '../completion/completion.model';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { QuizAttemptModel } from '../quizzes/quiz-attempt.model';
import { ModuleProgressModel } from './module-progress.model';

export interface LearnerCourse {
  enrollment: Types.ObjectId;
  active: boolean;
  enrolledAt: Date;
  lastModule: Types.ObjectId | null;
  /** Modules completed, of any version of the course. */
  done: ReadonlySet<string>;
}

export interface QuizSummary {
  /** Attempts used (the number of the last one). */
  used: number;
  best: number;
  passed: boolean;
}

export interface LearnerState {
  /** By course id: the courses the student ever enrolled in (of the scope read). */
  courses: ReadonlyMap<string, LearnerCourse>;
  /** By completion key (course:<id>, level:<specialization>:<level>, specialization:<id>). */
  completions: ReadonlyMap<string, { completedAt: Date; courseVersion: number | null }>;
}

/** What to read: one course's enrolment and progress only. */
export interface LearnerScope {
  course?: string | Types.ObjectId;
}

const objectId = (id: string | Types.ObjectId) =>
  typeof id === 'string' ? new Types.ObjectId(id) : id;

/** Three indexed reads, at once. */
export async function readLearnerState(
  studentId: string | Types.ObjectId,
  scope: LearnerScope = {},
): Promise<LearnerState> {
  const student = objectId(studentId);
  const ofCourse = scope.course ? { course: objectId(scope.course) } : {};
  const [enrollments, progress, completions] = await Promise.all([
    EnrollmentModel.find({ student, ...ofCourse })
      .select('course status enrolledAt lastModule')
      .lean(),
    ModuleProgressModel.find({ student, ...ofCourse, completedAt: { $exists: true } })
      .select('course module')
      .lean(),
    readCompletions(student),
  ]);

  const done = new Map<string, Set<string>>();
  for (const row of progress) {
    const course = String(row.course);
    if (!done.has(course)) done.set(course, new Set());
    done.get(course)!.add(String(row.module));
  }
  return {
    courses: new Map(
      enrollments.map((row) => [
        String(row.course),
        {
          enrollment: row._id,
          active: row.status === 'active',
          enrolledAt: row.enrolledAt,
          lastModule: row.lastModule ?? null,
          done: done.get(String(row.course)) ?? new Set(),
        },
      ]),
    ),
    completions,
  };
}

/** The student's completions, by key. */
export async function readCompletions(
  studentId: string | Types.ObjectId,
): Promise<LearnerState['completions']> {
  const rows = await CompletionModel.find({ student: objectId(studentId) })
    .select('key completedAt courseVersion')
    .lean();
  return new Map(
    rows.map((row) => [
      row.key,
      { completedAt: row.completedAt, courseVersion: row.courseVersion ?? null },
    ]),
  );
}

/** One quiz's attempts, or null before the first. */
export async function readQuizSummary(
  studentId: string | Types.ObjectId,
  moduleId: Types.ObjectId,
): Promise<QuizSummary | null> {
  const attempts = await QuizAttemptModel.find({ student: objectId(studentId), module: moduleId })
    .select('module number score passed')
    .lean();
  return summarizeAttempts(attempts).get(String(moduleId)) ?? null;
}

function summarizeAttempts(
  attempts: { module: Types.ObjectId; number: number; score: number; passed: boolean }[],
): Map<string, QuizSummary> {
  const summaries = new Map<string, QuizSummary>();
  for (const row of attempts) {
    const module = String(row.module);
    const summary = summaries.get(module) ?? { used: 0, best: 0, passed: false };
    summaries.set(module, {
      used: Math.max(summary.used, row.number),
      best: Math.max(summary.best, row.score),
      passed: summary.passed || row.passed,
    });
  }
  return summaries;
}

/** The course's entry if the student is actively enrolled in it. */
export function activeCourse(state: LearnerState, courseId: string | Types.ObjectId) {
  const entry = state.courses.get(String(courseId));
  return entry?.active ? entry : null;
}

/** The active enrolments, most recent first. */
export function activeEnrollments(state: LearnerState) {
  return [...state.courses]
    .flatMap(([course, entry]) =>
      entry.active
        ? [{ course: new Types.ObjectId(course), enrolledAt: entry.enrolledAt, entry }]
        : [],
    )
    .sort((a, b) => b.enrolledAt.getTime() - a.enrolledAt.getTime());
}
