// A student's learning record: enrolled courses with progress, specializations with levels, and
// completions. Students see their own; admins see anyone's and may recompute it (audited).
import { inReaderLanguage, type Language } from '../../i18n';
import { listPublishedCourseTitles, listSpecializationsByIds } from '../catalog/catalog-queries';
import { findUserSummary, findUsersByNameOrEmail } from '../../accounts';
import { listAuditEntries, recordAudit, type AuditView } from '../../platform/audit/audit.service';
import { forbidden, notFound } from '../../platform/errors';
import { isAdmin, type Actor } from '../authoring/course-access';
import { listCoursesByIds, type CourseCard } from '../catalog/catalog.service';
import {
  listCompletions,
  recomputeStudentCompletion,
  type CompletionContext,
  type CompletionView,
} from '../completion/completion.service';
import { activeEnrollments, readLearnerState } from './learner-state';
import {
  progressOfCourses,
  specializationProgress,
  type CourseProgressSummary,
  type SpecializationProgress,
} from './progress.service';
import { upcomingLiveSessions, type UpcomingSession } from './upcoming-sessions';

export interface StudentRecord {
  student: { id: string; displayName: string; email: string; disabledAt: Date | null };
  courses: { course: CourseCard; enrolledAt: string; progress: CourseProgressSummary | null }[];
  specializations: SpecializationProgress[];
  /** Live sessions of the student's courses not ended yet, soonest first. */
  upcomingSessions: UpcomingSession[];
  /** Each completion with what it is of, named in the reader's language. */
  completions: (CompletionView & {
    courseTitle: string | null;
    specializationTitle: string | null;
  })[];
  /** Admins only: who changed this record. */
  audit: AuditView[] | null;
}

export interface StudentMatch {
  id: string;
  displayName: string;
  email: string;
}

/** Admins find a student by a word of their name or the start of their email (accounts' indexes). */
export async function findStudents(actor: Actor, query: string): Promise<StudentMatch[]> {
  if (!isAdmin(actor)) throw forbidden();
  const users = await findUsersByNameOrEmail(query, 50);
  return users.map((user) => ({
    id: user.id,
    displayName: user.displayName,
    email: user.email,
  }));
}

/** Only the student themself or an admin: another student (or an instructor) gets 403. */
export async function getStudentRecord(
  actor: Actor,
  studentId: string,
  reader: Language,
): Promise<StudentRecord> {
  if (actor.id !== studentId && !isAdmin(actor)) throw forbidden();
  const student = await findUserSummary(studentId);
  if (!student) throw notFound('student');

  const learner = await readLearnerState(studentId);
  const enrollments = activeEnrollments(learner);
  const courseIds = enrollments.map((enrollment) => enrollment.course);
  const [cards, progress, upcomingSessions] = await Promise.all([
    listCoursesByIds(courseIds, reader),
    progressOfCourses(learner, courseIds),
    upcomingLiveSessions(learner, courseIds, reader),
  ]);
  const specializations = await specializationProgress(learner, courseIds, reader, progress);
  const completions = await nameCompletions(listCompletions(learner), reader);
  return {
    student: {
      id: studentId,
      displayName: student.displayName,
      email: student.email,
      disabledAt: student.disabledAt,
    },
    courses: inWorkingOrder(
      enrollments.flatMap((enrollment) => {
        const course = cards.get(String(enrollment.course));
        return course
          ? [
              {
                course,
                enrolledAt: enrollment.enrolledAt.toISOString(),
                progress: progress.get(String(enrollment.course)) ?? null,
              },
            ]
          : [];
      }),
    ),
    specializations,
    upcomingSessions,
    completions,
    audit: isAdmin(actor) ? await listAuditEntries({ student: studentId }) : null,
  };
}

/**
 * The courses as a student works through them: those under way first, then those not started,
 * then the completed ones (kept for review); enrolment order within each.
 */
function inWorkingOrder<Row extends { progress: CourseProgressSummary | null }>(rows: Row[]) {
  const rank = ({ progress }: Row) => (progress?.completedAt ? 2 : progress?.done ? 0 : 1);
  return [...rows].sort((a, b) => rank(a) - rank(b)); // stable: enrolment order within a rank
}

/** What each completion is of: the course's or specialization's title, for a record in words. */
async function nameCompletions(completions: CompletionView[], reader: Language) {
  const courseIds = completions.flatMap((completion) =>
    completion.courseId ? [completion.courseId] : [],
  );
  const specializationIds = completions.flatMap((completion) =>
    completion.specializationId ? [completion.specializationId] : [],
  );
  const [courses, specializations] = await Promise.all([
    listPublishedCourseTitles(courseIds),
    listSpecializationsByIds(specializationIds),
  ]);
  const courseTitle = new Map(
    courses.map((course) => [
      String(course._id),
      inReaderLanguage(course, ['title'], reader).title,
    ]),
  );
  const specializationTitle = new Map(
    specializations.map((each) => [
      String(each._id),
      inReaderLanguage(each, ['title'], reader).title,
    ]),
  );
  return completions.map((completion) => ({
    ...completion,
    courseTitle: completion.courseId ? (courseTitle.get(completion.courseId) ?? null) : null,
    specializationTitle: completion.specializationId
      ? (specializationTitle.get(completion.specializationId) ?? null)
      : null,
  }));
}

/** Admins: re-check a student's completions; the audit trail says who ran it and what it added. */
export async function recomputeStudentRecord(
  context: CompletionContext,
  actor: Actor,
  studentId: string,
): Promise<{ added: CompletionView[] }> {
  if (!isAdmin(actor)) throw forbidden();
  if (!(await findUserSummary(studentId))) throw notFound('student');
  const added = await recomputeStudentCompletion(context, studentId, {
    via: 'recompute',
    by: actor.id,
  });
  await recordAudit({
    actor: actor.id,
    action: 'completion.recomputed',
    student: studentId,
    details: { added: added.map((completion) => completion.key) },
  });
  return { added };
}
