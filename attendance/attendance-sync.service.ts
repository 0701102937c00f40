// A live session's attendance: rows from a source are stored verbatim (deduplicated), then the
// session is recomputed from every row it has: participants matched to students, time measured,
// progress raised (never lowered), the module completed for those present (unless an instructor
// decided otherwise), and the rest queued for reconciliation.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import {
  EnrollmentModel,
  ModuleProgressModel,
  moduleProgressId,
  noteInLearnerRecord,
} from '../courses';
import type { CompletionContext } from '../courses/completion/completion.service';
import { recomputeCourseCompletionsJob } from '../courses/completion/recompute-course-completions.job';
import { isDuplicateKeyError } from '../platform/errors';
import { failpoint } from '../platform/failpoints';
import {
  isPresent,
  matchParticipant,
  measureAttendance,
  normalizeEmail,
  normalizeName,
  type Directory,
  type Interval,
} from './attendance-rules';
import { AttendanceRowModel, type AttendanceSource } from './attendance-row.model';
import type { LiveSession } from './live-session';
import { isNameKey, ParticipantLinkModel } from './participant-link.model';
import { SessionRegistrantModel } from './session-registrant.model';
import { SessionSyncModel } from './session-sync.model';
import { UnmatchedParticipantModel } from './unmatched-participant.model';

/** A source's row, parsed; `raw` is kept as the source sent it. */
export interface IncomingRow {
  raw: object;
  name: string;
  email: string | null;
  registrantId: string | null;
  /** A source's own stable id for the person (Zoom's participant_user_id), if any. */
  sourceUserId: string | null;
  joinAt: Date;
  leaveAt: Date;
  waitingRoom: boolean;
}

/** The key remembered links use: the source's user id, else the email, else the name. */
export function participantKeyOf(source: AttendanceSource, row: IncomingRow): string {
  if (row.sourceUserId) return `${source}:${row.sourceUserId}`;
  const email = normalizeEmail(row.email);
  if (email) return `email:${email}`;
  return `name:${normalizeName(row.name)}`;
}

/** Stores rows once each; returns how many were new. */
export async function storeRows(
  session: LiveSession,
  source: AttendanceSource,
  instance: string,
  rows: IncomingRow[],
): Promise<number> {
  const now = new Date();
  const documents = rows.map((row) => ({
    session: session.moduleId,
    course: session.courseId,
    source,
    instance,
    rowKey: createHash('sha256')
      .update(`${source}\n${instance}\n${JSON.stringify(row.raw)}`)
      .digest('hex'),
    raw: row.raw,
    participantKey: participantKeyOf(source, row),
    name: row.name,
    email: normalizeEmail(row.email) ?? undefined,
    registrantId: row.registrantId ?? undefined,
    joinAt: row.joinAt,
    leaveAt: row.leaveAt,
    waitingRoom: row.waitingRoom,
    storedAt: now,
  }));
  // Within one batch the same row may also appear twice (a repeated page).
  const unique = [...new Map(documents.map((doc) => [doc.rowKey, doc])).values()];
  let inserted = 0;
  for (let start = 0; start < unique.length; start += 500) {
    const batch = unique.slice(start, start + 500);
    try {
      inserted += (await AttendanceRowModel.insertMany(batch, { ordered: false })).length;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Mongoose reports the rows it did insert on the error; the duplicates were already stored.
      const partial = error as { insertedDocs?: unknown[]; result?: { insertedCount?: number } };
      inserted += partial.insertedDocs?.length ?? partial.result?.insertedCount ?? 0;
    }
  }
  return inserted;
}

export async function loadDirectory(session: LiveSession): Promise<Directory> {
  const [registrants, links, enrollments] = await Promise.all([
    SessionRegistrantModel.find({ session: session.moduleId }).lean(),
    // The course's links by account, and this session's links by name (see ParticipantLink).
    ParticipantLinkModel.find({
      course: session.courseId,
      $or: [{ session: session.moduleId }, { session: { $exists: false } }],
    }).lean(),
    EnrollmentModel.find({ course: session.courseId, status: 'active' })
      .populate<{ student: { _id: Types.ObjectId; email: string; displayName: string } }>(
        'student',
        'email displayName',
      )
      .lean(),
  ]);
  const students = enrollments.filter((enrollment) => enrollment.student);
  return {
    registrants: new Map(registrants.map((r) => [r.registrantId, String(r.student)])),
    links: new Map(
      links
        // A name link from before links were scoped never credits anyone in another session.
        .filter((link) => link.session || !isNameKey(link.participantKey))
        .map((link) => [link.participantKey, link.student ? String(link.student) : null]),
    ),
    byEmail: new Map(
      students.map((e) => [normalizeEmail(e.student.email)!, String(e.student._id)]),
    ),
    names: new Map(students.map((e) => [String(e.student._id), e.student.displayName])),
  };
}

export interface RecomputeSummary {
  participants: number;
  present: number;
  unmatched: number;
  newlyPresent: number;
}

/** Recomputes the session from all its stored rows (every source) and applies the result. */
export async function recomputeSessionAttendance(
  context: CompletionContext,
  session: LiveSession,
): Promise<RecomputeSummary> {
  const [rows, directory] = await Promise.all([
    AttendanceRowModel.find({ session: session.moduleId, waitingRoom: false })
      .select('participantKey name email registrantId joinAt leaveAt')
      .lean(),
    loadDirectory(session),
  ]);

  const byParticipant = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byParticipant.get(row.participantKey) ?? [];
    list.push(row);
    byParticipant.set(row.participantKey, list);
  }
  const intervalsByStudent = new Map<string, Interval[]>();
  const unmatched: Array<{
    key: string;
    name: string;
    email: string | null;
    intervals: Interval[];
    suggestions: string[];
  }> = [];
  for (const [key, participantRows] of byParticipant) {
    const first = participantRows[0]!;
    const match = matchParticipant(
      {
        key,
        name: first.name ?? '',
        email: participantRows.find((row) => row.email)?.email ?? null,
        registrantId: participantRows.find((row) => row.registrantId)?.registrantId ?? null,
      },
      directory,
    );
    const intervals = participantRows.map((row) => ({ start: row.joinAt, end: row.leaveAt }));
    if (match.kind === 'student') {
      intervalsByStudent.set(match.studentId, [
        ...(intervalsByStudent.get(match.studentId) ?? []),
        ...intervals,
      ]);
    } else if (match.kind === 'unmatched') {
      unmatched.push({
        key,
        name: first.name ?? '',
        email: first.email ?? null,
        intervals,
        suggestions: match.suggestions,
      });
    }
  }

  const newlyPresent = await applyToProgress(context, session, intervalsByStudent);
  await replaceUnmatchedQueue(session, unmatched);
  const present = [...intervalsByStudent.values()].filter((intervals) =>
    isPresent(measureAttendance(intervals, session.window), session.thresholdPercent),
  ).length;
  return {
    participants: byParticipant.size,
    present,
    unmatched: unmatched.length,
    newlyPresent,
  };
}

/**
 * Raises each student's measured time (never lowers it) and completes the module for those
 * present whose instructor has not decided otherwise; their course completion is checked by a
 * job. Students without a progress row get one in a batch insert (a 1,000-person webinar is
 * mostly new rows); only rows that change are updated. Returns how many became present now.
 */
async function applyToProgress(
  context: CompletionContext,
  session: LiveSession,
  intervalsByStudent: Map<string, Interval[]>,
): Promise<number> {
  if (intervalsByStudent.size === 0) return 0;
  const studentIds = [...intervalsByStudent.keys()].map((id) => new Types.ObjectId(id));
  const existing = await ModuleProgressModel.find({
    course: session.courseId,
    module: session.moduleId,
    student: { $in: studentIds },
  })
    .select('_id student completedAt attendanceOverride attendedMinutes')
    .lean();
  const before = new Map(existing.map((row) => [String(row.student), row]));
  const now = new Date();
  const completing: string[] = [];
  // Everyone whose module is done once this sync is written: their course completions are
  // (re)checked every time, so a crash after the progress rows and before the job was queued
  // is repaired by the next sync, not lost (the check is idempotent).
  const completed: string[] = [];
  const inserts: object[] = [];
  // An existing row is updated by its _id (one lookup on FerretDB; a key filter scans).
  const updates: Array<{ studentId: string; rowId?: Types.ObjectId; update: object }> = [];
  for (const [studentId, intervals] of intervalsByStudent) {
    const measure = measureAttendance(intervals, session.window);
    const previous = before.get(studentId);
    const completes =
      isPresent(measure, session.thresholdPercent) &&
      !previous?.attendanceOverride && // an instructor's decision always wins
      !previous?.completedAt;
    if (completes) completing.push(studentId);
    if (completes || previous?.completedAt) completed.push(studentId);
    const completion = completes ? { completedAt: now, completedVia: 'attendance' } : {};
    if (!previous) {
      inserts.push({
        _id: moduleProgressId(studentId, session.moduleId),
        student: new Types.ObjectId(studentId),
        course: session.courseId,
        module: session.moduleId,
        attendedMinutes: measure.minutes,
        attendedShare: measure.share,
        ...completion,
      });
    } else if (completes || measure.minutes > (previous.attendedMinutes ?? -1)) {
      updates.push({
        studentId,
        rowId: previous._id,
        update: {
          $max: { attendedMinutes: measure.minutes, attendedShare: measure.share },
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
      filter: rowId
        ? { _id: rowId }
        : {
            student: new Types.ObjectId(studentId),
            course: session.courseId,
            module: session.moduleId,
          },
      update,
      upsert: true,
    },
  }));
  for (let start = 0; start < operations.length; start += 500)
    await ModuleProgressModel.bulkWrite(operations.slice(start, start + 500), { ordered: false });
  await noteInLearnerRecord.moduleDoneByMany(session.courseId, session.moduleId, completed);
  await failpoint('attendance.progress-written');
  if (completed.length)
    await context.jobs.enqueue(
      recomputeCourseCompletionsJob,
      { courseId: String(session.courseId), studentIds: completed },
      `recompute-course-completions:${session.courseId}:attendance:${createHash('sha256').update(completed.sort().join(',')).digest('hex').slice(0, 32)}`,
    );
  return completing.length;
}

type NewProgress = {
  student: Types.ObjectId;
  attendedMinutes: number;
  attendedShare: number;
  completedAt?: Date;
};

/** Inserts new progress rows; returns those that already existed by then. */
async function insertNew(documents: object[]): Promise<NewProgress[]> {
  const lost: NewProgress[] = [];
  for (let start = 0; start < documents.length; start += 500) {
    const batch = documents.slice(start, start + 500) as NewProgress[];
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

async function replaceUnmatchedQueue(
  session: LiveSession,
  unmatched: Array<{
    key: string;
    name: string;
    email: string | null;
    intervals: Interval[];
    suggestions: string[];
  }>,
) {
  const now = new Date();
  if (unmatched.length)
    await UnmatchedParticipantModel.bulkWrite(
      unmatched.map((participant) => {
        const measure = measureAttendance(participant.intervals, session.window);
        return {
          updateOne: {
            filter: { session: session.moduleId, participantKey: participant.key },
            update: {
              $set: {
                course: session.courseId,
                name: participant.name,
                email: participant.email ?? undefined,
                minutes: measure.minutes,
                share: measure.share,
                suggestions: participant.suggestions.map((id) => new Types.ObjectId(id)),
                updatedAt: now,
              },
            },
            upsert: true,
          },
        };
      }),
      { ordered: false },
    );
  // Participants matched since (a link, a new enrolment) leave the queue.
  await UnmatchedParticipantModel.deleteMany({
    session: session.moduleId,
    participantKey: { $nin: unmatched.map((participant) => participant.key) },
  });
}

/** Records a sync's outcome on the session's sync state. */
export async function markSynced(session: LiveSession, summary: RecomputeSummary) {
  await SessionSyncModel.updateOne(
    { session: session.moduleId },
    {
      $set: {
        course: session.courseId,
        state: 'synced',
        attempts: 0,
        syncedAt: new Date(),
        participants: summary.participants,
        present: summary.present,
        unmatched: summary.unmatched,
      },
      // The cycle ends: the next one's retry job ids are new (see SessionSync.cycle).
      $inc: { cycle: 1 },
      $unset: { lastError: 1, nextAttemptAt: 1 },
    },
    { upsert: true },
  );
}
