// Attendance recorded for a live session (attendance.recorded) becomes module progress (written by
// module-progress.service, the one writer), then their course completions are checked. Both
// steps are safe to repeat.
import { Types } from 'mongoose';
import type { DomainEvents } from '../../platform/events';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { ModuleProgressModel } from './module-progress.model';
import { creditAttendance } from './module-progress.service';

type RecordedAttendance = DomainEvents['attendance.recorded'];

/** The module's progress of these students: done, and whether an instructor decided. */
export async function findSessionProgress(
  moduleId: string,
  studentIds: readonly string[],
): Promise<Map<string, { done: boolean; overridden: boolean }>> {
  if (!studentIds.length) return new Map();
  const rows = await ModuleProgressModel.find({
    module: new Types.ObjectId(moduleId),
    student: { $in: studentIds.map((id) => new Types.ObjectId(id)) },
  })
    .select('student completedAt attendanceOverride')
    .lean();
  return new Map(
    rows.map((row) => [
      String(row.student),
      { done: Boolean(row.completedAt), overridden: Boolean(row.attendanceOverride) },
    ]),
  );
}

/** Credits the measured attendance as module progress (see module-progress.service). */
export async function creditRecordedAttendance({
  courseId,
  moduleId,
  attendance,
}: RecordedAttendance): Promise<void> {
  await creditAttendance(new Types.ObjectId(courseId), new Types.ObjectId(moduleId), attendance);
}

/**
 * The course completions of the students whose module is done once the attendance is written,
 * checked every time: a crash after the progress rows and before this ran is repaired by the
 * next sync, not lost (the check is idempotent).
 */
export async function checkCompletionsAfterAttendance(
  context: CompletionContext,
  {
    courseId,
    moduleId,
    studentIds,
  }: Pick<RecordedAttendance, 'courseId' | 'moduleId' | 'studentIds'>,
): Promise<number> {
  const progress = await findSessionProgress(moduleId, studentIds);
  let added = 0;
  for (const studentId of studentIds) {
    if (!progress.get(studentId)?.done) continue;
    const result = await checkCourseCompletion(context, studentId, courseId);
    if (result?.isNew) added += 1;
  }
  return added;
}
