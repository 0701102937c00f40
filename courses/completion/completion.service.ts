// Completion of courses, levels and specializations: one service decides, records the fact once
// (unique index on student + key) and announces it as a domain event (course.completed,
// level.completed, specialization.completed). It does not know who listens: its own cascade
// (completion.subscriptions.ts) and badges do. Every check is safe to repeat.
import { countEvent } from '../../platform/counters';
import { Types } from 'mongoose';
import type { EventPublisher } from '../../platform/events';
import { findPublishedCoursesByIds } from '../catalog/course-lookup';
import { SpecializationModel } from '../catalog/specialization.model';
import { naturalId, upsertByNaturalKey } from '../../platform/natural-id';
import {
  activeCourse,
  activeEnrollments,
  readCompletions,
  readLearnerState,
  type LearnerState,
} from '../progress/learner-state';
import {
  completionKeys,
  isCourseComplete,
  isLevelComplete,
  isSpecializationComplete,
  parseCompletionKey,
} from './completion-rules';
import { announceCompletion } from './completion-announcement';
import { CompletionModel, type CompletionScope } from './completion.model';

export interface CompletionContext {
  events: EventPublisher;
}

/** Who asked for a check: the student's own progress, or a recompute (by an admin or a job). */
export interface CheckOrigin {
  via: 'progress' | 'recompute';
  by?: string;
}

export interface CompletionView {
  scope: CompletionScope;
  key: string;
  courseId: string | null;
  courseVersion: number | null;
  specializationId: string | null;
  level: string | null;
  completedAt: string;
}

type Recorded = { completion: CompletionView; isNew: boolean } | null;

const fromProgress: CheckOrigin = { via: 'progress' };

/**
 * Records the course completion when every required module of the published version is done.
 * Only an active enrolment counts: a student who left completes when they come back.
 */
export async function checkCourseCompletion(
  context: CompletionContext,
  studentId: string,
  courseId: string,
  origin: CheckOrigin = fromProgress,
): Promise<Recorded> {
  const key = completionKeys.course(courseId);
  const learner = await readLearnerState(studentId, { course: courseId });
  const existing = await findAndReannounce(context, studentId, key, learner.completions);
  if (existing) return { completion: existing, isNew: false };

  const enrolled = activeCourse(learner, courseId);
  const course = enrolled
    ? (
        await findPublishedCoursesByIds<{
          version: number;
          modules: { _id: Types.ObjectId; required: boolean }[];
        }>([courseId], 'version modules._id modules.required')
      )[0]
    : null;
  if (!course || !enrolled) return null;
  const done = enrolled.done;
  const modules = course.modules.map((module) => ({
    id: String(module._id),
    required: module.required,
  }));
  if (!isCourseComplete(modules, done)) return null;
  return record(
    context,
    { student: studentId, scope: 'course', key, course: courseId, courseVersion: course.version },
    origin,
  );
}

export async function checkLevelCompletion(
  context: CompletionContext,
  studentId: string,
  specializationId: string,
  level: string,
  origin: CheckOrigin = fromProgress,
): Promise<Recorded> {
  const key = completionKeys.level(specializationId, level);
  const completions = await readCompletions(studentId);
  const existing = await findAndReannounce(context, studentId, key, completions);
  if (existing) return { completion: existing, isNew: false };

  const levels = await publishedLevelCourses(specializationId);
  const courseIds = levels.find((candidate) => candidate.key === level)?.courseIds ?? [];
  const completed = new Set(courseIds.filter((id) => completions.has(completionKeys.course(id))));
  if (!isLevelComplete(courseIds, completed)) return null;
  return record(
    context,
    { student: studentId, scope: 'level', key, specialization: specializationId, level },
    origin,
  );
}

export async function checkSpecializationCompletion(
  context: CompletionContext,
  studentId: string,
  specializationId: string,
  origin: CheckOrigin = fromProgress,
): Promise<Recorded> {
  const key = completionKeys.specialization(specializationId);
  const completions = await readCompletions(studentId);
  const existing = await findAndReannounce(context, studentId, key, completions);
  if (existing) return { completion: existing, isNew: false };

  const levels = await publishedLevelCourses(specializationId);
  const levelKeys = new Set(
    levels
      .filter((level) => completions.has(completionKeys.level(specializationId, level.key)))
      .map((level) => level.key),
  );
  if (!isSpecializationComplete(levels, levelKeys)) return null;
  return record(
    context,
    { student: studentId, scope: 'specialization', key, specialization: specializationId },
    origin,
  );
}

/** The levels a course sits in, for the cascade from a course to its level. */
export async function findLevelsOfCourse(
  courseId: string,
): Promise<{ specializationId: string; level: string }[]> {
  const specializations = await SpecializationModel.find({ 'levels.courses': courseId })
    .select('levels.key levels.courses')
    .lean();
  return specializations.flatMap((specialization) =>
    specialization.levels
      .filter((level) => level.courses.some((id) => String(id) === courseId))
      .map((level) => ({ specializationId: String(specialization._id), level: level.key })),
  );
}

/**
 * Re-checks everything a student may have completed, course by course, then level by level, then
 * each specialization. Idempotent: what is recorded stays; returns what this run added.
 */
export async function recomputeStudentCompletion(
  context: CompletionContext,
  studentId: string,
  origin: CheckOrigin,
): Promise<CompletionView[]> {
  const added: CompletionView[] = [];
  const collect = (result: Recorded) => {
    if (result?.isNew) added.push(result.completion);
  };

  const courseIds = activeEnrollments(await readLearnerState(studentId)).map(
    (enrollment) => enrollment.course,
  );
  for (const courseId of courseIds)
    collect(await checkCourseCompletion(context, studentId, String(courseId), origin));

  const specializations = await SpecializationModel.find({ 'levels.courses': { $in: courseIds } })
    .select('levels.key')
    .lean();
  for (const specialization of specializations) {
    const specializationId = String(specialization._id);
    for (const level of specialization.levels)
      collect(await checkLevelCompletion(context, studentId, specializationId, level.key, origin));
    collect(await checkSpecializationCompletion(context, studentId, specializationId, origin));
  }
  return added;
}

/** A student's completions, oldest first, from their learning state. */
export function listCompletions(learner: LearnerState): CompletionView[] {
  return [...learner.completions]
    .map(([key, entry]) =>
      toView({
        ...parseCompletionKey(key),
        key,
        courseVersion: entry.courseVersion,
        completedAt: entry.completedAt,
      }),
    )
    .sort((a, b) => a.completedAt.localeCompare(b.completedAt));
}

async function findAndReannounce(
  context: CompletionContext,
  studentId: string,
  key: string,
  completions: LearnerState['completions'],
): Promise<CompletionView | null> {
  if (!completions.has(key)) return null;
  const existing = await findCompletion(studentId, key);
  if (!existing) return null;
  if (!existing.announcedAt) await announceCompletion(context, existing);
  return toView(existing);
}

async function record(
  context: CompletionContext,
  fields: {
    student: string;
    scope: CompletionScope;
    key: string;
    course?: string;
    courseVersion?: number;
    specialization?: string;
    level?: string;
  },
  origin: CheckOrigin,
): Promise<Recorded> {
  const { student, key, ...rest } = fields;
  // Two checks racing: the other one recorded it. Same outcome.
  const { inserted: isNew } = await upsertByNaturalKey(
    CompletionModel,
    completionId(student, key),
    { student: new Types.ObjectId(student), key },
    {
      $setOnInsert: {
        ...rest,
        completedAt: new Date(),
        recordedVia: origin.via,
        ...(origin.by ? { recordedBy: origin.by } : {}),
      },
    },
  );
  const completion = await findCompletion(student, key);
  if (!completion) return null;
  if (isNew && completion.scope === 'course' && completion.course)
    await countEvent('completed', [String(completion.course)], completion.completedAt);
  if (isNew || !completion.announcedAt) await announceCompletion(context, completion);
  return { completion: toView(completion), isNew };
}

const completionId = (studentId: string, key: string) => naturalId('completion', studentId, key);

/** By its unique key. */
async function findCompletion(studentId: string, key: string) {
  return CompletionModel.findOne({ student: studentId, key }).lean();
}

/**
 * Each level's published courses: a draft course in a level neither counts nor blocks. A
 * specialization that is not published (a draft, or taken out of the catalog) has none, so no
 * level of it is completed and no badge certifies what students cannot see; publishing it
 * re-checks its students (publishSpecialization).
 */
async function publishedLevelCourses(
  specializationId: string,
): Promise<{ key: string; courseIds: string[] }[]> {
  if (!Types.ObjectId.isValid(specializationId)) return [];
  const specialization = await SpecializationModel.findById(specializationId)
    .select('status levels.key levels.courses')
    .lean();
  if (!specialization || specialization.status !== 'published') return [];
  const allIds = specialization.levels.flatMap((level) => level.courses);
  const published = await findPublishedCoursesByIds<{ _id: Types.ObjectId }>(allIds, '_id');
  const publishedIds = new Set(published.map((course) => String(course._id)));
  return specialization.levels.map((level) => ({
    key: level.key,
    courseIds: level.courses.map(String).filter((id) => publishedIds.has(id)),
  }));
}

function toView(completion: {
  scope: string;
  key: string;
  course?: Types.ObjectId | string | null;
  courseVersion?: number | null;
  specialization?: Types.ObjectId | string | null;
  level?: string | null;
  completedAt: Date;
}): CompletionView {
  return {
    scope: completion.scope as CompletionScope,
    key: completion.key,
    courseId: completion.course ? String(completion.course) : null,
    courseVersion: completion.courseVersion ?? null,
    specializationId: completion.specialization ? String(completion.specialization) : null,
    level: completion.level ?? null,
    completedAt: completion.completedAt.toISOString(),
  };
}
