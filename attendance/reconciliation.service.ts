// The reconciliation queue: participants no rule could match, shown to the course's instructors
// (and admins) with suggestions. Linking one to a student, or ignoring it, is applied to the
// session at once and remembered: for the course's later sessions too when the participant is
// known by an account (a Zoom user id, an email), for this session only when by a name.
import { Types } from 'mongoose';
import { recordAudit } from '../platform/audit/audit.service';
import { findUsersByIds } from '../accounts';
import { hasActiveEnrollment, listActiveStudentIds, type Actor } from '../courses';
import { notFound, validationFailed } from '../platform/errors';
import {
  recomputeSessionAttendance,
  type AttendanceContext,
  type RecomputeSummary,
} from './attendance-sync.service';
import { findEditableLiveSession, type LiveSession } from './live-session';
import { isNameKey, ParticipantLinkModel } from './participant-link.model';
import { SessionSyncModel } from './session-sync.model';
import { UnmatchedParticipantModel } from './unmatched-participant.model';

export interface ReconciliationQueue {
  course: { slug: string; title: string };
  session: { id: string; title: string; startsAt: string; thresholdPercent: number };
  entries: Array<{
    participantKey: string;
    name: string;
    email: string | null;
    minutes: number;
    sharePercent: number;
    suggestions: Array<{ id: string; displayName: string }>;
  }>;
  /** Every enrolled student, for a link the suggestions did not offer. */
  students: Array<{ id: string; displayName: string; email: string }>;
}

export async function getReconciliationQueue(
  actor: Actor,
  slug: string,
  moduleId: string,
): Promise<ReconciliationQueue> {
  const { course, session } = await findEditableLiveSession(actor, slug, moduleId);
  const [entries, students] = await Promise.all([
    UnmatchedParticipantModel.find({ session: session.moduleId }).sort({ minutes: -1 }).lean(),
    listActiveStudentIds(course._id).then(findUsersByIds),
  ]);
  // Suggestions are usually enrolled students; any other (since withdrawn) is read by id too.
  const known = new Map(students.map((student) => [String(student._id), student]));
  const others = entries
    .flatMap((entry) => entry.suggestions)
    .filter((id) => !known.has(String(id)));
  for (const user of await findUsersByIds([...new Set(others.map(String))]))
    known.set(String(user._id), user);
  return {
    course: { slug: course.slug, title: course.title },
    session: {
      id: String(session.moduleId),
      title: session.title,
      startsAt: session.window.start.toISOString(),
      thresholdPercent: session.thresholdPercent,
    },
    entries: entries.map((entry) => ({
      participantKey: entry.participantKey,
      name: entry.name,
      email: entry.email ?? null,
      minutes: entry.minutes,
      sharePercent: Math.round(entry.share * 100),
      // A suggested account that no longer exists is left out, as a populate would.
      suggestions: entry.suggestions.flatMap((id) => {
        const student = known.get(String(id));
        return student ? [{ id: String(id), displayName: student.displayName }] : [];
      }),
    })),
    students: students
      .map((student) => ({
        id: String(student._id),
        displayName: student.displayName,
        email: student.email,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}

/**
 * Links a queued participant to an enrolled student, or (studentId null) ignores it. Remembered
 * for the course, or for this session alone when the participant is known only by a name; the
 * session is recomputed at once. Audited.
 */
export async function resolveParticipant(
  context: AttendanceContext,
  actor: Actor,
  slug: string,
  moduleId: string,
  participantKey: string,
  studentId: string | null,
): Promise<RecomputeSummary> {
  const { course, session } = await findEditableLiveSession(actor, slug, moduleId);
  const queued = await UnmatchedParticipantModel.exists({
    session: session.moduleId,
    participantKey,
  });
  if (!queued) throw notFound('participant');
  if (studentId) {
    const enrolled =
      Types.ObjectId.isValid(studentId) && (await hasActiveEnrollment(studentId, course._id));
    if (!enrolled) throw validationFailed({ student: 'attendance:errors.chooseEnrolled' });
  }
  // A name is not an identity: its link holds for this session only. An account's (a Zoom user
  // id, an email) holds for the course's later sessions too.
  await ParticipantLinkModel.updateOne(
    {
      course: course._id,
      participantKey,
      session: isNameKey(participantKey) ? session.moduleId : { $exists: false },
    },
    {
      $set: { by: actor.id, at: new Date(), ...(studentId ? { student: studentId } : {}) },
      ...(studentId ? {} : { $unset: { student: 1 } }),
    },
    { upsert: true },
  );
  await recordAudit({
    actor: actor.id,
    action: 'attendance.linked',
    course: course._id,
    ...(studentId ? { student: studentId } : {}),
    details: { session: session.title, moduleId, participantKey, ignored: !studentId },
  });
  return applyNow(context, session);
}

async function applyNow(context: AttendanceContext, session: LiveSession) {
  const summary = await recomputeSessionAttendance(context, session);
  await SessionSyncModel.updateOne(
    { session: session.moduleId },
    {
      $set: {
        participants: summary.participants,
        present: summary.present,
        unmatched: summary.unmatched,
      },
    },
  );
  return summary;
}
