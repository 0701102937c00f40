// What reports read of courses' records, as plain values streamed for recounts: completions,
// active periods and live-session attendance. Courses keep writing these tables alone.
import type { Types } from 'mongoose';
import { CompletionModel } from '../completion/completion.model';
import { ActivePeriodModel } from '../progress/active-period.model';
import { ModuleProgressModel } from '../progress/module-progress.model';

/** Every course completion (course id and date), streamed. */
export function streamCourseCompletions(): AsyncIterable<{
  course: Types.ObjectId;
  completedAt: Date;
}> {
  return CompletionModel.find({ scope: 'course' })
    .select('course completedAt')
    .lean()
    .cursor() as AsyncIterable<{ course: Types.ObjectId; completedAt: Date }>;
}

/** Every (period, student) a student was active in, streamed (one row each). */
export function streamActivePeriods(): AsyncIterable<{ period: string }> {
  return ActivePeriodModel.find().select('period').lean().cursor() as AsyncIterable<{
    period: string;
  }>;
}

export interface SessionPresence {
  module: Types.ObjectId;
  completedAt: Date | null;
  attendedMinutes: number | null;
}

/**
 * The progress rows of students who came to these live sessions (attended some minutes or got
 * the module done): one read for every session together, by the (course, module) index.
 */
export async function listSessionPresence(
  courseIds: readonly (Types.ObjectId | string)[],
  moduleIds: readonly (Types.ObjectId | string)[],
): Promise<SessionPresence[]> {
  if (!courseIds.length || !moduleIds.length) return [];
  const rows = await ModuleProgressModel.find({
    course: { $in: courseIds },
    module: { $in: moduleIds },
    $or: [{ completedAt: { $exists: true } }, { attendedMinutes: { $gt: 0 } }],
  })
    .select('module completedAt attendedMinutes')
    .lean();
  return rows.map((row) => ({
    module: row.module,
    completedAt: row.completedAt ?? null,
    attendedMinutes: row.attendedMinutes ?? null,
  }));
}
