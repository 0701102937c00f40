// Completion of courses, levels and specializations: one service decides, records the fact once
// (unique index on student + key) and announces it as a domain event (the cascade-completion job;
// the credentials issue hangs badge issuance there). Every check is safe to repeat.
import { countEvent } from '../../server/counters';
import { Types } from 'mongoose';
import type { JobQueues } from '../../server/queue';
import { CourseModel } from '../catalog/course.model';
import { SpecializationModel } from '../catalog/specialization.model';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { ModuleProgressModel } from '../progress/module-progress.model';
import { cascadeCompletionJob } from './cascade-completion.job';
import {
  completionKeys,
  isCourseComplete,
  isLevelComplete,
  isSpecializationComplete,
} from './completion-rules';
import { CompletionModel, type CompletionScope } from './completion.model';

export interface CompletionContext {
  jobs: JobQueues;
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
  const existing = await findAndReannounce(context, studentId, key);
  if (existing) return { completion: existing, isNew: false };

  const [course, enrolled] = await Promise.all([
    CourseModel.findOne({ _id: courseId, status: 'published' })
      .select('version modules._id modules.required')
      .lean(),
    EnrollmentModel.exists({ student: studentId, course: courseId, status: 'active' }),
  ]);
  if (!course || !enrolled) return null;
  const done = await completedModuleIds(studentId, courseId);
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
  const existing = await findAndReannounce(context, studentId, key);
  if (existing) return { completion: existing, isNew: false };

  const levels = await publishedLevelCourses(specializationId);
  const courseIds = levels.find((candidate) => candidate.key === level)?.courseIds ?? [];
  const completed = await completedCourseIds(studentId, courseIds);
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
  const existing = await findAndReannounce(context, studentId, key);
  if (existing) return { completion: existing, isNew: false };

  const levels = await publishedLevelCourses(specializationId);
  const completedLevels = await CompletionModel.find({
    student: studentId,
    scope: 'level',
    specialization: specializationId,
  })
    .select('level')
    .lean();
  const levelKeys = new Set(completedLevels.map((completion) => completion.level!));
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

  const enrollments = await EnrollmentModel.find({ student: studentId, status: 'active' })
    .select('course')
    .lean();
  for (const enrollment of enrollments)
    collect(await checkCourseCompletion(context, studentId, String(enrollment.course), origin));

  const courseIds = enrollments.map((enrollment) => enrollment.course);
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

export async function listCompletions(studentId: string): Promise<CompletionView[]> {
  const completions = await CompletionModel.find({ student: studentId })
    .sort({ completedAt: 1 })
    .lean();
  return completions.map(toView);
}

/** Sends the domain event; a jobId per completion makes a repeated announcement a no-op. */
export async function announceCompletion(
  context: CompletionContext,
  completionId: string,
): Promise<void> {
  await context.jobs.enqueue(cascadeCompletionJob, { completionId }, `completion:${completionId}`);
  await CompletionModel.updateOne({ _id: completionId }, { $set: { announcedAt: new Date() } });
}

async function findAndReannounce(
  context: CompletionContext,
  studentId: string,
  key: string,
): Promise<CompletionView | null> {
  const existing = await CompletionModel.findOne({ student: studentId, key }).lean();
  if (!existing) return null;
  if (!existing.announcedAt) await announceCompletion(context, String(existing._id));
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
  const result = await CompletionModel.updateOne(
    { student, key },
    {
      $setOnInsert: {
        ...rest,
        completedAt: new Date(),
        recordedVia: origin.via,
        ...(origin.by ? { recordedBy: origin.by } : {}),
      },
    },
    { upsert: true },
  ).catch((error: unknown) => {
    // Two checks raced: the other one recorded it. Same outcome.
    if ((error as { code?: number }).code === 11000) return { upsertedCount: 0 };
    throw error;
  });
  const completion = await CompletionModel.findOne({ student, key }).lean();
  if (!completion) return null;
  const isNew = result.upsertedCount === 1;
  if (isNew && completion.scope === 'course' && completion.course)
    await countEvent('completed', [String(completion.course)], completion.completedAt);
  if (isNew || !completion.announcedAt) await announceCompletion(context, String(completion._id));
  return { completion: toView(completion), isNew };
}

/** Ids of the modules of a course this student has completed (any version's). */
export async function completedModuleIds(
  studentId: string,
  courseId: string | Types.ObjectId,
): Promise<Set<string>> {
  const rows = await ModuleProgressModel.find({
    student: studentId,
    course: courseId,
    completedAt: { $exists: true },
  })
    .select('module')
    .lean();
  return new Set(rows.map((row) => String(row.module)));
}

async function completedCourseIds(studentId: string, courseIds: string[]): Promise<Set<string>> {
  const rows = await CompletionModel.find({
    student: studentId,
    key: { $in: courseIds.map(completionKeys.course) },
  })
    .select('course')
    .lean();
  return new Set(rows.map((row) => String(row.course)));
}

/** Each level's published courses: a draft course in a level neither counts nor blocks. */
async function publishedLevelCourses(
  specializationId: string,
): Promise<{ key: string; courseIds: string[] }[]> {
  if (!Types.ObjectId.isValid(specializationId)) return [];
  const specialization = await SpecializationModel.findById(specializationId)
    .select('levels.key levels.courses')
    .lean();
  if (!specialization) return [];
  const allIds = specialization.levels.flatMap((level) => level.courses);
  const published = await CourseModel.find({ _id: { $in: allIds }, status: 'published' })
    .select('_id')
    .lean();
  const publishedIds = new Set(published.map((course) => String(course._id)));
  return specialization.levels.map((level) => ({
    key: level.key,
    courseIds: level.courses.map(String).filter((id) => publishedIds.has(id)),
  }));
}

function toView(completion: {
  scope: string;
  key: string;
  course?: Types.ObjectId | null;
  courseVersion?: number | null;
  specialization?: Types.ObjectId | null;
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
