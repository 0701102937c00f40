// Cohorts: an admin pastes or uploads a CSV of emails and enrolls everyone in a course, a level or a
// specialization, or grants them access to all courses (a mentoring programme). A preview shows what
// will happen to each line before anything is written; applying twice changes nothing the second
// time (enrolments and grants are unique per student).
import { readCsvRows } from '../platform/csv';
import { z } from 'zod';
import { findUsersByEmails } from '../accounts';
import {
  type Actor,
  type CompletionContext,
  enrollByStaff,
  enrollInLevel,
  enrollInSpecialization,
  type EnrollmentResult,
  findSpecializationLevels,
  findStudentsAlreadyIn,
  grantAllCoursesAccess,
  isArchivedCourse,
  isPublishedCourse,
  levelKeys,
  listPublishedCourses,
  listPublishedSpecializations,
  listRunningEditions,
  type StaffEnrollmentTarget,
} from '../courses';
import { inReaderLanguage, type Language, type Message, type MessageKey } from '../i18n';
import { recordAudit } from '../platform/audit/audit.service';
import { AppError, validationFailed } from '../platform/errors';
import { emailField } from '../platform/validation';

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/, 'errors:validation.slug');
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const cohortInput = z
  .object({
    cohort: z.string().trim().min(2, 'errors:validation.cohortName').max(120),
    csv: z
      .string({ error: 'errors:validation.pasteCsv' })
      .min(3, 'errors:validation.pasteCsv')
      .max(1_000_000, 'errors:validation.csvTooLarge'),
    target: z.enum(['course', 'level', 'specialization', 'all-courses'], {
      error: 'errors:validation.cohortTarget',
    }),
    course: z.preprocess(emptyToUndefined, slug.optional()),
    edition: z.preprocess(emptyToUndefined, slug.optional()),
    specialization: z.preprocess(emptyToUndefined, slug.optional()),
    level: z.preprocess(emptyToUndefined, z.enum(levelKeys).optional()),
  })
  .superRefine((input, context) => {
    const need = (field: 'course' | 'specialization' | 'level', message: MessageKey) => {
      if (!input[field]) context.addIssue({ code: 'custom', path: [field], message });
    };
    if (input.target === 'course') need('course', 'admin:cohorts.whichCourse');
    if (input.target === 'level') {
      need('specialization', 'admin:cohorts.whichSpecialization');
      need('level', 'admin:cohorts.whichLevel');
    }
    if (input.target === 'specialization')
      need('specialization', 'admin:cohorts.whichSpecialization');
  });
export type CohortInput = z.infer<typeof cohortInput>;

/** What the form offers to enroll a cohort in: [address, title in the reader's language]. */
export interface CohortChoices {
  courses: [string, string][];
  /** Running editions, titled "course — edition" (an edition's address is its course's own). */
  editions: [string, string][];
  specializations: [string, string][];
}

export async function listCohortChoices(reader: Language): Promise<CohortChoices> {
  const [courses, editions, specializations] = await Promise.all([
    listPublishedCourses({ reader }),
    listRunningEditions(),
    listPublishedSpecializations(),
  ]);
  const byTitle = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1], reader);
  const courseTitle = new Map(courses.map((course) => [String(course._id), course.title]));
  return {
    courses: courses.map((course): [string, string] => [course.slug, course.title]).sort(byTitle),
    editions: editions.flatMap((edition): [string, string][] =>
      courseTitle.has(edition.courseId)
        ? [[edition.slug, `${courseTitle.get(edition.courseId)} — ${edition.title}`]]
        : [],
    ),
    specializations: specializations
      .map((specialization): [string, string] => [
        specialization.slug,
        inReaderLanguage(specialization, ['title'], reader).title,
      ])
      .sort(byTitle),
  };
}

/** already: the student has what the cohort gives (enrolled, or granted); nothing changes. */
export type CohortLineStatus = 'ready' | 'already' | 'no-account' | 'invalid' | 'duplicate';

export interface CohortLine {
  line: number;
  email: string;
  status: CohortLineStatus;
  student: { id: string; displayName: string } | null;
  /** After applying: what happened for this student. */
  outcome?: Message;
}

export interface CohortPreview {
  lines: CohortLine[];
  counts: Record<CohortLineStatus, number>;
}

/**
 * Reads the emails: a header row with an `email` column (other columns ignored), or one email
 * per line. Each line says whether it will be enrolled, and if not, why.
 */
export async function previewCohort(input: CohortInput): Promise<CohortPreview> {
  await checkTargetExists(input);
  const rows = readCsv(input.csv);
  const seen = new Set<string>();
  const parsed = rows.map(({ line, value }) => {
    const email = emailField.safeParse(value);
    if (!email.success) return { line, email: value, status: 'invalid' as const };
    if (seen.has(email.data)) return { line, email: email.data, status: 'duplicate' as const };
    seen.add(email.data);
    return { line, email: email.data, status: 'ready' as const };
  });
  const users = await findUsersByEmails([...seen]);
  const byEmail = new Map(users.map((user) => [user.email, user]));
  const already = await findStudentsAlreadyIn(
    staffTarget(input),
    users.map((user) => String(user._id)),
  );
  const lines: CohortLine[] = parsed.map((row) => {
    const user = row.status === 'ready' ? byEmail.get(row.email) : undefined;
    const status: CohortLineStatus =
      row.status !== 'ready' ? row.status : !user ? 'no-account' : 'ready';
    return {
      ...row,
      status: status === 'ready' && already.has(String(user!._id)) ? 'already' : status,
      student: user ? { id: String(user._id), displayName: user.displayName } : null,
    };
  });
  const counts = { ready: 0, already: 0, 'no-account': 0, invalid: 0, duplicate: 0 };
  for (const line of lines) counts[line.status] += 1;
  return { lines, counts };
}

export async function applyCohort(
  context: CompletionContext,
  actor: Actor,
  input: CohortInput,
): Promise<CohortPreview> {
  const preview = await previewCohort(input);
  for (const line of preview.lines) {
    if (line.status !== 'ready' || !line.student) continue;
    try {
      line.outcome = await enrollOne(context, actor, input, line.student.id);
    } catch (error) {
      // One full edition or unknown course must not stop the rest; the line says what went wrong.
      if (!(error instanceof AppError) || !error.expected) throw error;
      line.outcome = { key: 'admin:cohorts.notEnrolled', values: { reason: error.text } };
    }
  }
  await recordAudit({
    actor: actor.id,
    action: 'cohort.imported',
    details: {
      cohort: input.cohort,
      target: input.target,
      course: input.course ?? null,
      specialization: input.specialization ?? null,
      level: input.level ?? null,
      counts: preview.counts,
    },
  });
  return preview;
}

function staffTarget(input: CohortInput): StaffEnrollmentTarget {
  switch (input.target) {
    case 'course':
      return { kind: 'course', course: input.course! };
    case 'level':
      return { kind: 'level', specialization: input.specialization!, level: input.level! };
    case 'specialization':
      return { kind: 'specialization', specialization: input.specialization! };
    case 'all-courses':
      return { kind: 'all-courses' };
  }
}

async function enrollOne(
  context: CompletionContext,
  actor: Actor,
  input: CohortInput,
  studentId: string,
): Promise<Message> {
  const describe = (result: EnrollmentResult): Message =>
    result.enrolled.length
      ? { key: 'admin:cohorts.enrolledIn', values: { count: result.enrolled.length } }
      : 'admin:cohorts.alreadyEnrolled';
  switch (input.target) {
    case 'course':
      return describe(
        await enrollByStaff(context, studentId, input.course!, 'cohort', {
          edition: input.edition,
        }),
      );
    case 'level':
      return describe(
        await enrollInLevel(context, studentId, input.specialization!, input.level!, 'cohort'),
      );
    case 'specialization':
      return describe(
        await enrollInSpecialization(context, studentId, input.specialization!, 'cohort'),
      );
    case 'all-courses': {
      const granted = await grantAllCoursesAccess({
        studentId,
        cohort: input.cohort,
        grantedBy: actor.id,
      });
      return granted ? 'admin:cohorts.granted' : 'admin:cohorts.alreadyGranted';
    }
  }
}

/**
 * The course, level or specialization named exists (and the course is published): otherwise the
 * preview is refused with the field named, before any line is read as "will be enrolled".
 */
async function checkTargetExists(input: CohortInput) {
  if (input.target === 'course' && !(await isPublishedCourse(input.course!)))
    throw validationFailed({
      course: { key: 'admin:cohorts.unknownCourse', values: { slug: input.course! } },
    });
  if (input.target === 'course' && (await isArchivedCourse(input.course!)))
    throw validationFailed({ course: 'catalog:errors.archived' });
  if (input.target === 'level' || input.target === 'specialization') {
    const specialization = await findSpecializationLevels(input.specialization!);
    if (!specialization)
      throw validationFailed({
        specialization: {
          key: 'admin:cohorts.unknownSpecialization',
          values: { slug: input.specialization! },
        },
      });
    if (!specialization.published)
      throw validationFailed({
        specialization: {
          key: 'admin:cohorts.unpublishedSpecialization',
          values: { slug: input.specialization! },
        },
      });
    if (input.target === 'level' && !specialization.levels.includes(input.level!))
      throw validationFailed({ level: 'admin:cohorts.unknownLevel' });
  }
}

function readCsv(csv: string): { line: number; value: string }[] {
  const records = readCsvRows(csv, 'csv', 'admin:cohorts.notCsv');
  if (!records.length) throw validationFailed({ csv: 'admin:cohorts.noLines' });
  const header = records[0]!.map((cell) => cell.toLowerCase());
  const emailColumn = header.findIndex((cell) => cell === 'email' || cell === 'e-mail');
  const column = emailColumn >= 0 ? emailColumn : 0;
  const firstLine = emailColumn >= 0 ? 2 : 1;
  return records
    .slice(emailColumn >= 0 ? 1 : 0)
    .map((record, index) => ({ line: index + firstLine, value: record[column] ?? '' }));
}
