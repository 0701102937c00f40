// Attendance recorded for a live session (attendance.recorded) becomes module progress here, the
// one writer of progress: each student's measured time is raised (never lowered) and the module
// completed for those present, unless an instructor decided otherwise (attendance-override).
// Then their course completions are checked. Both steps are safe to repeat.
import { Types } from 'mongoose';
import type { DomainEvents } from '../../platform/events';
import { isDuplicateKeyError } from '../../platform/errors';
import { failpoint } from '../../platform/failpoints';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { noteInLearnerRecord } from './learner-record.service';
import { ModuleProgressModel } from './module-progress.model';
import { moduleProgressId } from './progress.service';

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

/**
 * Raises each student's measured time and completes the module for those present. Students
 * without a progress row get one in a batch insert (a 1,000-person webinar is mostly new rows);
 * only rows that change are updated.
 */
export async function creditAttendance({
  courseId,
  moduleId,
  attendance,
}: RecordedAttendance): Promise<void> {
  if (!attendance.length) return;
  const course = new Types.ObjectId(courseId);
  const module = new Types.ObjectId(moduleId);
  const existing = await ModuleProgressModel.find({
    course,
    module,
    student: { $in: attendance.map((entry) => new Types.ObjectId(entry.studentId)) },
  })
    .select('_id student completedAt attendanceOverride attendedMinutes')
    .lean();
  const before = new Map(existing.map((row) => [String(row.student), row]));
  const now = new Date();
  const completed: string[] = [];
  const inserts: NewProgress[] = [];
  // An existing row is updated by its _id (one lookup on FerretDB; a key filter scans).
  const updates: Array<{ studentId: string; rowId?: Types.ObjectId; update: object }> = [];
  for (const { studentId, minutes, share, present } of attendance) {
    const previous = before.get(studentId);
    const completes =
      present &&
      !previous?.attendanceOverride && // an instructor's decision always wins
      !previous?.completedAt;
    if (completes || previous?.completedAt) completed.push(studentId);
    const completion = completes ? { completedAt: now, completedVia: 'attendance' } : {};
    if (!previous) {
      inserts.push({
        _id: moduleProgressId(studentId, module),
        student: new Types.ObjectId(studentId),
        course,
        module,
        attendedMinutes: minutes,
        attendedShare: share,
        ...completion,
      });
    } else if (completes || minutes > (previous.attendedMinutes ?? -1)) {
      updates.push({
        studentId,
        rowId: previous._id,
        update: {
          $max: { attendedMinutes: minutes, attendedShare: share },
          ...(completes
            ? { $min: { completedAt: now }, $set: { completedVia: 'attendance' } }
            : {}),
        },
      });
    }
  }
  // A row created meanwhile (the student opened the module) turns its insert into an update.
  for (const lost of await insertNew(inserts))
    updates.push({
      studentId: String(lost.student),
      update: {
        $max: { attendedMinutes: lost.attendedMinutes, attendedShare: lost.attendedShare },
        ...(lost.completedAt ? { $min: { completedAt: lost.completedAt } } : {}),
      },
    });
  const operations = updates.map(({ studentId, rowId, update }) => ({
    updateOne: {
      filter: rowId ? { _id: rowId } : { student: new Types.ObjectId(studentId), course, module },
      update,
      upsert: true,
    },
  }));
  for (let start = 0; start < operations.length; start += 500)
    await ModuleProgressModel.bulkWrite(operations.slice(start, start + 500), { ordered: false });
  await noteInLearnerRecord.moduleDoneByMany(course, module, completed);
  await failpoint('attendance.progress-written');
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

type NewProgress = {
  _id: Types.ObjectId;
  student: Types.ObjectId;
  course: Types.ObjectId;
  module: Types.ObjectId;
  attendedMinutes: number;
  attendedShare: number;
  completedAt?: Date;
};

/** Inserts new progress rows; returns those that already existed by then. */
async function insertNew(documents: NewProgress[]): Promise<NewProgress[]> {
  const lost: NewProgress[] = [];
  for (let start = 0; start < documents.length; start += 500) {
    const batch = documents.slice(start, start + 500);
    try {
      await ModuleProgressModel.insertMany(batch, { ordered: false });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const failed =
        (error as { writeErrors?: Array<{ index?: number; err?: { index?: number } }> })
          .writeErrors ?? [];
      for (const writeError of failed) {
        const index = writeError.index ?? writeError.err?.index;
        if (index !== undefined && batch[index]) lost.push(batch[index]!);
      }
    }
  }
  return lost;
}
