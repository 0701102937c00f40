// The one writer of module progress. Every source of "done" (the student's own mark, a passed
// quiz, measured attendance, an instructor's decision) goes through here, under one rule: a module
// is done from the first moment any source said so ($min keeps the earliest date, so repeats and
// retries change nothing), `completedVia` names that first source, and an instructor's decision on
// a live session wins over any attendance data, before or after it.
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { failpoint } from '../../platform/failpoints';
import { naturalId, upsertByNaturalKey } from '../../platform/natural-id';
import { ModuleProgressModel, type completionSources } from './module-progress.model';

type DoneVia = (typeof completionSources)[number];

/** A student's progress row in a module (module ids are unique across courses). */
export const moduleProgressId = (studentId: string | Types.ObjectId, moduleId: Types.ObjectId) =>
  naturalId('module-progress', studentId, moduleId);

const keyOf = (
  studentId: string | Types.ObjectId,
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
) => ({
  student: new Types.ObjectId(String(studentId)),
  course: courseId,
  module: moduleId,
});

/** The student opened the module (the player's resume point). */
export async function recordModuleOpened(
  studentId: string,
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
  now: Date,
): Promise<void> {
  await upsertByNaturalKey(
    ModuleProgressModel,
    moduleProgressId(studentId, moduleId),
    keyOf(studentId, courseId, moduleId),
    { $set: { lastOpenedAt: now }, $setOnInsert: { firstOpenedAt: now } },
  );
}

/** Done by the student's mark or a passed quiz. First completion wins. */
export async function recordModuleDone(
  studentId: string | Types.ObjectId,
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
  via: 'student' | 'quiz',
  extra: { bestScore?: number } = {},
): Promise<void> {
  const now = new Date();
  const id = moduleProgressId(studentId, moduleId);
  const key = keyOf(studentId, courseId, moduleId);
  await upsertByNaturalKey(ModuleProgressModel, id, key, {
    $min: { completedAt: now },
    $setOnInsert: { firstOpenedAt: now, lastOpenedAt: now, completedVia: via },
    ...(extra.bestScore !== undefined ? { $max: { bestScore: extra.bestScore } } : {}),
  });
  // A row opened earlier has no completedVia yet: fill it in, once.
  await ModuleProgressModel.updateOne(
    { ...key, completedVia: null },
    { $set: { completedVia: via } },
  );
}

/** A quiz attempt that did not pass: its score still counts as the best so far. */
export async function recordBestScore(
  studentId: string,
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
  score: number,
): Promise<void> {
  await upsertByNaturalKey(
    ModuleProgressModel,
    moduleProgressId(studentId, moduleId),
    keyOf(studentId, courseId, moduleId),
    { $max: { bestScore: score } },
  );
}

/**
 * An instructor's decision on a live session: present completes the module (unless it already
 * was), absent takes the completion back whatever attendance said. It wins over later data too.
 */
export async function recordAttendanceOverride(
  studentId: string,
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
  override: { present: boolean; by: string; at: Date; note: string },
): Promise<void> {
  await upsertByNaturalKey(
    ModuleProgressModel,
    moduleProgressId(studentId, moduleId),
    keyOf(studentId, courseId, moduleId),
    override.present
      ? {
          $set: { attendanceOverride: override, completedVia: 'override' satisfies DoneVia },
          $min: { completedAt: override.at },
        }
      : { $set: { attendanceOverride: override }, $unset: { completedAt: 1, completedVia: 1 } },
  );
}

/**
 * Measured attendance of a live session: each student's time is raised (never lowered) and the
 * module completed for those present, unless an instructor decided otherwise. Students without a
 * progress row get one in a batch insert (a 1,000-person webinar is mostly new rows); only rows
 * that change are updated.
 */
export async function creditAttendance(
  courseId: Types.ObjectId,
  moduleId: Types.ObjectId,
  attendance: ReadonlyArray<{
    studentId: string;
    minutes: number;
    share: number;
    present: boolean;
  }>,
): Promise<void> {
  if (!attendance.length) return;
  const existing = await ModuleProgressModel.find({
    course: courseId,
    module: moduleId,
    student: { $in: attendance.map((entry) => new Types.ObjectId(entry.studentId)) },
  })
    .select('_id student completedAt attendanceOverride attendedMinutes')
    .lean();
  const before = new Map(existing.map((row) => [String(row.student), row]));
  const now = new Date();
  const completed: string[] = [];
  const inserts: NewProgress[] = [];
  // An existing row is updated by the _id read above.
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
        _id: moduleProgressId(studentId, moduleId),
        ...keyOf(studentId, courseId, moduleId),
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
      filter: rowId ? { _id: rowId } : keyOf(studentId, courseId, moduleId),
      update,
      upsert: true,
    },
  }));
  for (let start = 0; start < operations.length; start += 500)
    await ModuleProgressModel.bulkWrite(operations.slice(start, start + 500), { ordered: false });
  await failpoint('attendance.progress-written');
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
