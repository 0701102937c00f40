// A live session's attendance: rows from a source are stored verbatim (deduplicated), then the
// session is recomputed from every row it has: participants matched to students, time measured,
// progress raised (never lowered), the module completed for those present (unless an instructor
// decided otherwise), and the rest queued for reconciliation.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { findUsersByIds } from '../accounts';
import { findSessionProgress, listActiveStudentIds } from '../courses';
import { isDuplicateKeyError } from '../platform/errors';
import type { EventPublisher } from '../platform/events';
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
  const [registrants, links, students] = await Promise.all([
    SessionRegistrantModel.find({ session: session.moduleId }).lean(),
    // The course's links by account, and this session's links by name (see ParticipantLink).
    ParticipantLinkModel.find({
      course: session.courseId,
      $or: [{ session: session.moduleId }, { session: { $exists: false } }],
    }).lean(),
    listActiveStudentIds(session.courseId).then(findUsersByIds),
  ]);
  return {
    registrants: new Map(registrants.map((r) => [r.registrantId, String(r.student)])),
    links: new Map(
      links
        // A name link from before links were scoped never credits anyone in another session.
        .filter((link) => link.session || !isNameKey(link.participantKey))
        .map((link) => [link.participantKey, link.student ? String(link.student) : null]),
    ),
    byEmail: new Map(students.map((s) => [normalizeEmail(s.email)!, String(s._id)])),
    names: new Map(students.map((s) => [String(s._id), s.displayName])),
  };
}

export interface RecomputeSummary {
  participants: number;
  present: number;
  unmatched: number;
  newlyPresent: number;
}

/** Where the recorded attendance is said (attendance.recorded): courses credits it as progress. */
export interface AttendanceContext {
  events: EventPublisher;
}

/** Recomputes the session from all its stored rows (every source) and applies the result. */
export async function recomputeSessionAttendance(
  context: AttendanceContext,
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
 * Says what was measured (attendance.recorded): courses raises each student's progress and
 * completes the module for those present whose instructor has not decided otherwise, then checks
 * their course completions. The event id names this measure, so a sync that finds the same
 * attendance again queues no second check. Returns how many become present now.
 */
async function applyToProgress(
  context: AttendanceContext,
  session: LiveSession,
  intervalsByStudent: Map<string, Interval[]>,
): Promise<number> {
  if (intervalsByStudent.size === 0) return 0;
  const attendance = [...intervalsByStudent].map(([studentId, intervals]) => {
    const measure = measureAttendance(intervals, session.window);
    return {
      studentId,
      minutes: measure.minutes,
      share: measure.share,
      present: isPresent(measure, session.thresholdPercent),
    };
  });
  const before = await findSessionProgress(
    String(session.moduleId),
    attendance.map((entry) => entry.studentId),
  );
  const newlyPresent = attendance.filter(
    ({ studentId, present }) =>
      present && !before.get(studentId)?.done && !before.get(studentId)?.overridden,
  ).length;
  const fact = createHash('sha256')
    .update(
      attendance
        .map((entry) => `${entry.studentId}:${entry.minutes}:${entry.present}`)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 32);
  await context.events.publish('attendance.recorded', `${session.moduleId}:${fact}`, {
    moduleId: String(session.moduleId),
    courseId: String(session.courseId),
    studentIds: attendance.map((entry) => entry.studentId),
    attendance,
  });
  return newlyPresent;
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
