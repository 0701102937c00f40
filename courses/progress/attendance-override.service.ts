// Until attendance syncs from the webinar system, an instructor marks who attended a live session.
// The mark is an override: it wins over any attendance data that arrives later.
import { recordAudit } from '../../platform/audit/audit.service';
import { Types } from 'mongoose';
import { notFound, validationFailed } from '../../platform/errors';
import { loadEditableCourse, type Actor } from '../authoring/course-access';
import type { CourseModule } from '../catalog/course.model';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { activeCourse, readLearnerState } from './learner-state';
import { ModuleProgressModel } from './module-progress.model';
import { recordAttendanceOverride } from './module-progress.service';

export interface RosterEntry {
  studentId: string;
  displayName: string;
  email: string;
  attended: boolean;
  /** Minutes synced from the webinar or events system, if any. */
  attendedMinutes: number | null;
  override: { present: boolean; at: string; note: string } | null;
}

export interface SessionRoster {
  course: { slug: string; title: string };
  session: { id: string; title: string; startsAt: string; durationMinutes: number };
  students: RosterEntry[];
}

async function findLiveSession(actor: Actor, slug: string, moduleId: string) {
  const course = await loadEditableCourse(actor, slug);
  const module = (course.modules as unknown as CourseModule[]).find(
    (candidate) => String(candidate._id) === moduleId,
  );
  if (!module || module.kind !== 'live_session' || !module.liveSession)
    throw notFound('liveSession');
  return { course, module: module as CourseModule & { liveSession: object } };
}

export async function getSessionRoster(
  actor: Actor,
  slug: string,
  moduleId: string,
): Promise<SessionRoster> {
  const { course, module } = await findLiveSession(actor, slug, moduleId);
  const enrollments = await EnrollmentModel.find({ course: course._id, status: 'active' })
    .populate<{ student: { _id: unknown; displayName: string; email: string } }>(
      'student',
      'displayName email',
    )
    .lean();
  const rows = await ModuleProgressModel.find({ course: course._id, module: module._id })
    .select('student completedAt attendanceOverride attendedMinutes')
    .lean();
  const byStudent = new Map(rows.map((row) => [String(row.student), row]));
  const students = enrollments
    .filter((enrollment) => enrollment.student)
    .map((enrollment) => {
      const row = byStudent.get(String(enrollment.student._id));
      const override = row?.attendanceOverride;
      return {
        studentId: String(enrollment.student._id),
        displayName: enrollment.student.displayName,
        email: enrollment.student.email,
        attended: Boolean(row?.completedAt),
        attendedMinutes: row?.attendedMinutes ?? null,
        override: override
          ? { present: override.present, at: override.at.toISOString(), note: override.note }
          : null,
      };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  return {
    course: { slug: course.slug, title: course.title },
    session: {
      id: String(module._id),
      title: module.title,
      startsAt: module.liveSession!.startsAt.toISOString(),
      durationMinutes: module.liveSession!.durationMinutes,
    },
    students,
  };
}

export async function setAttendanceOverride(
  context: CompletionContext,
  actor: Actor,
  slug: string,
  moduleId: string,
  studentId: string,
  input: { present: boolean; note: string },
): Promise<RosterEntry> {
  const { course, module } = await findLiveSession(actor, slug, moduleId);
  const enrolled =
    Types.ObjectId.isValid(studentId) &&
    activeCourse(await readLearnerState(studentId, { course: course._id }), course._id);
  if (!enrolled) throw validationFailed({ student: 'learning:errors.notEnrolledStudent' });

  const now = new Date();
  const override = { present: input.present, by: actor.id, at: now, note: input.note };
  await recordAttendanceOverride(studentId, course._id, module._id, override);
  await recordAudit({
    actor: actor.id,
    action: 'attendance.override',
    student: studentId,
    course: course._id,
    details: { session: module.title, moduleId, present: input.present, note: input.note },
  });
  if (input.present) await checkCourseCompletion(context, studentId, String(course._id));
  const roster = await getSessionRoster(actor, slug, moduleId);
  return roster.students.find((entry) => entry.studentId === studentId)!;
}
