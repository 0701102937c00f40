// Enrolling students in courses, levels and specializations, within editions' capacity and
// courses' enrolment policy.
import type { Language } from '../../i18n';
import type { Types } from 'mongoose';
import { AppError, conflict, isDuplicateKeyError, notFound } from '../../platform/errors';
import { CourseModel } from '../catalog/course.model';
import { findPublishedCourseBySlug, findPublishedCoursesByIds } from '../catalog/course-lookup';
import { SpecializationModel } from '../catalog/specialization.model';
import type { LevelKey } from '../catalog/topics';
import { listCoursesByIds, type CourseCard } from '../catalog/catalog.service';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { activeEnrollments, readLearnerState } from '../progress/learner-state';
import { AccessGrantModel } from './access-grant.model';
import { EditionModel, EditionSeatModel } from './edition.model';
import { EnrollmentModel, type enrollmentSources } from './enrollment.model';

type Source = (typeof enrollmentSources)[number];

export interface EnrolledCourse {
  course: CourseCard;
  enrolledAt: string;
}

/** Why a course of a level or specialization was left out (a stable code for the API). */
export type SkipReason = 'edition_required' | 'invitation_only' | 'archived';

export interface EnrollmentResult {
  /** Courses the student was not (actively) enrolled in before. */
  enrolled: string[];
  /** Courses the student was already in: nothing changed for them. */
  alreadyEnrolled: string[];
  /** Courses of a level or specialization left out, and why (choose an edition, restricted). */
  skipped: { course: string; reason: SkipReason }[];
}

type EnrollableCourse = {
  _id: Types.ObjectId;
  slug: string;
  enrollmentPolicy?: string | null;
  archivedAt?: Date | null;
};

const courseFields = '_id slug enrollmentPolicy archivedAt';

export const editionFull = () =>
  new AppError('edition_full', 409, 'catalog:errors.editionFull', {
    fields: { edition: 'catalog:errors.editionFullField' },
  });

/**
 * A student enrolling themself. Restricted courses need an all-courses grant; courses run in
 * editions need one chosen (by its slug) that has not ended and has a seat left.
 */
export async function enrollInCourse(
  context: CompletionContext,
  studentId: string,
  courseSlug: string,
  options: { edition?: string } = {},
): Promise<EnrollmentResult> {
  const course = await findPublishedCourse(courseSlug);
  await refuseNewStudentIfArchived(course, studentId);
  if (course.enrollmentPolicy === 'restricted' && !(await hasAllCoursesGrant(studentId)))
    throw new AppError('enrollment_closed', 403, 'catalog:errors.invitationOnly');
  const edition = await chooseEdition(course._id, options.edition);
  return enrollInCourses(context, studentId, [{ course, edition }], 'course');
}

/** Staff enrolling someone (one by one or as a cohort): no policy check, editions still apply. */
export async function enrollByStaff(
  context: CompletionContext,
  studentId: string,
  courseSlug: string,
  source: 'cohort' | 'admin' | 'events',
  options: { edition?: string } = {},
): Promise<EnrollmentResult> {
  const course = await findPublishedCourse(courseSlug);
  await refuseNewStudentIfArchived(course, studentId);
  const edition = await chooseEdition(course._id, options.edition);
  return enrollInCourses(context, studentId, [{ course, edition }], source);
}

/** Enrolling in a level enrolls in each of its published courses that needs no further choice. */
export async function enrollInLevel(
  context: CompletionContext,
  studentId: string,
  specializationSlug: string,
  level: LevelKey,
  source: Source = 'level',
): Promise<EnrollmentResult> {
  const specialization = await findPublishedSpecialization(specializationSlug);
  const courseIds = specialization.levels.find((candidate) => candidate.key === level)?.courses;
  if (!courseIds) throw notFound('level');
  return enrollInMany(context, studentId, await publishedCourses(courseIds), source);
}

export async function enrollInSpecialization(
  context: CompletionContext,
  studentId: string,
  specializationSlug: string,
  source: Source = 'specialization',
): Promise<EnrollmentResult> {
  const specialization = await findPublishedSpecialization(specializationSlug);
  const courseIds = specialization.levels.flatMap((level) => level.courses);
  return enrollInMany(context, studentId, await publishedCourses(courseIds), source);
}

/** Withdraws from a course; progress is kept for a later return, an edition seat is freed. */
export async function unenrollFromCourse(
  context: CompletionContext,
  studentId: string,
  courseSlug: string,
): Promise<void> {
  const course = await CourseModel.findOne({ slug: courseSlug }).select('_id').lean();
  if (!course) throw notFound('course');
  const withdrawnAt = new Date();
  const withdrawn = await EnrollmentModel.findOneAndUpdate(
    { student: studentId, course: course._id, status: 'active' },
    { $set: { status: 'withdrawn', withdrawnAt }, $unset: { edition: 1 } },
  ).lean();
  if (!withdrawn) return;
  if (withdrawn.edition) await releaseSeat(withdrawn.edition, studentId);
  await announceEnrollmentChange(context, studentId, course._id, 'withdrawn', withdrawnAt, false);
}

export async function isEnrolled(studentId: string, courseId: string): Promise<boolean> {
  return Boolean(
    await EnrollmentModel.exists({ student: studentId, course: courseId, status: 'active' }),
  );
}

/** The student's active courses, most recent enrolment first. */
export async function listEnrolledCourses(
  studentId: string,
  reader: Language,
): Promise<EnrolledCourse[]> {
  const enrollments = activeEnrollments(await readLearnerState(studentId));
  const cards = await listCoursesByIds(
    enrollments.map((enrollment) => enrollment.course),
    reader,
  );
  return enrollments.flatMap((enrollment) => {
    const course = cards.get(String(enrollment.course));
    return course ? [{ course, enrolledAt: enrollment.enrolledAt.toISOString() }] : [];
  });
}

/** What a staff enrolment (a cohort) gives: a course, a level's or a specialization's courses, or a grant. */
export type StaffEnrollmentTarget =
  | { kind: 'course'; course: string }
  | { kind: 'level'; specialization: string; level: LevelKey }
  | { kind: 'specialization'; specialization: string }
  | { kind: 'all-courses' };

/**
 * Of these students, those who already have what the target gives, so a preview can say that
 * nothing will change for them: an active enrolment in the course, or in every course of the level
 * or specialization a staff enrolment would add (archived ones and those that need an edition
 * chosen are left out, as enrolling leaves them out), or the all-courses grant.
 */
export async function findStudentsAlreadyIn(
  target: StaffEnrollmentTarget,
  studentIds: readonly string[],
): Promise<Set<string>> {
  if (!studentIds.length) return new Set();
  if (target.kind === 'all-courses') {
    const grants = await AccessGrantModel.find({
      student: { $in: studentIds },
      kind: 'all-courses',
    })
      .select('student')
      .lean();
    return new Set(grants.map((grant) => String(grant.student)));
  }
  const courseIds =
    target.kind === 'course'
      ? [(await findPublishedCourse(target.course))._id]
      : await coursesAddedByStaff(target);
  if (!courseIds.length) return new Set();
  const enrollments = await EnrollmentModel.find({
    student: { $in: studentIds },
    course: { $in: courseIds },
    status: 'active',
  })
    .select('student')
    .lean();
  const coursesOf = new Map<string, number>();
  for (const { student } of enrollments)
    coursesOf.set(String(student), (coursesOf.get(String(student)) ?? 0) + 1);
  return new Set(
    [...coursesOf].filter(([, count]) => count === courseIds.length).map(([id]) => id),
  );
}

async function coursesAddedByStaff(
  target: Extract<StaffEnrollmentTarget, { kind: 'level' | 'specialization' }>,
): Promise<Types.ObjectId[]> {
  const specialization = await findPublishedSpecialization(target.specialization);
  const levels = specialization.levels.filter(
    (level) => target.kind === 'specialization' || level.key === target.level,
  );
  const courses = (await publishedCourses(levels.flatMap((level) => level.courses))).filter(
    (course) => !course.archivedAt,
  );
  const withEditions = await coursesWithRunningEditions(courses);
  return courses.filter((course) => !withEditions.has(String(course._id))).map(({ _id }) => _id);
}

/** Which of these courses run in editions now (a student must choose one to enroll). */
async function coursesWithRunningEditions(
  courses: readonly { _id: Types.ObjectId }[],
): Promise<Set<string>> {
  const ids = await EditionModel.distinct('course', {
    course: { $in: courses.map((course) => course._id) },
    endsAt: { $gt: new Date() },
  });
  return new Set(ids.map(String));
}

async function hasAllCoursesGrant(studentId: string): Promise<boolean> {
  return Boolean(await AccessGrantModel.exists({ student: studentId, kind: 'all-courses' }));
}

type Seat = { _id: Types.ObjectId; capacity: number } | null;

/** The edition to take a seat in: required when the course has editions still running. */
async function chooseEdition(courseId: Types.ObjectId, slug: string | undefined): Promise<Seat> {
  const running = await EditionModel.find({ course: courseId, endsAt: { $gt: new Date() } })
    .select('slug capacity')
    .lean();
  if (!slug) {
    if (!running.length) return null;
    throw new AppError('validation_failed', 422, 'catalog:errors.chooseEdition', {
      fields: { edition: 'catalog:errors.chooseEdition' },
    });
  }
  const edition = running.find((candidate) => candidate.slug === slug);
  if (!edition) {
    const message = (await EditionModel.exists({ course: courseId, slug }))
      ? 'catalog:errors.editionEnded'
      : 'catalog:errors.noSuchEdition';
    throw new AppError('validation_failed', 422, message, { fields: { edition: message } });
  }
  return { _id: edition._id, capacity: edition.capacity };
}

async function enrollInMany(
  context: CompletionContext,
  studentId: string,
  courses: EnrollableCourse[],
  source: Source,
): Promise<EnrollmentResult> {
  const granted = await hasAllCoursesGrant(studentId);
  const withEditions = await coursesWithRunningEditions(courses);
  const enrollable: { course: EnrollableCourse; edition: Seat }[] = [];
  const skipped: EnrollmentResult['skipped'] = [];
  for (const course of courses) {
    // A level holds no archived course (archiving and placing refuse it); should one slip in, it
    // still takes no new student.
    if (course.archivedAt && !(await wasEverEnrolled(studentId, course._id)))
      skipped.push({ course: course.slug, reason: 'archived' });
    else if (withEditions.has(String(course._id)))
      skipped.push({ course: course.slug, reason: 'edition_required' });
    else if (course.enrollmentPolicy === 'restricted' && !granted && source !== 'cohort')
      skipped.push({ course: course.slug, reason: 'invitation_only' });
    else enrollable.push({ course, edition: null });
  }
  const result = await enrollInCourses(context, studentId, enrollable, source);
  return { ...result, skipped };
}

async function enrollInCourses(
  context: CompletionContext,
  studentId: string,
  items: { course: EnrollableCourse; edition: Seat }[],
  source: Source,
): Promise<EnrollmentResult> {
  const result: EnrollmentResult = { enrolled: [], alreadyEnrolled: [], skipped: [] };
  for (const { course, edition } of items) {
    const activated = await activateWithSeat(studentId, course._id, source, edition);
    (activated ? result.enrolled : result.alreadyEnrolled).push(course.slug);
    if (!activated) continue;
    await announceEnrollmentChange(
      context,
      studentId,
      course._id,
      'enrolled',
      activated.at,
      activated.first,
    );
    // A returning student may already have done everything the current version asks.
    await checkCourseCompletion(context, studentId, String(course._id));
  }
  return result;
}

/** Says the change (reports count first enrolments from it). The id names this change. */
async function announceEnrollmentChange(
  context: CompletionContext,
  studentId: string,
  courseId: Types.ObjectId,
  change: 'enrolled' | 'withdrawn',
  at: Date,
  first: boolean,
) {
  const courseIdText = String(courseId);
  await context.events.publish(
    'enrollment.changed',
    `${studentId}:${courseIdText}:${change}:${at.toISOString()}`,
    { studentId, courseId: courseIdText, change, at: at.toISOString(), first },
  );
}

/** An activation: when, and whether it was the student's first enrolment in the course. */
type Activation = { at: Date; first: boolean } | null;

/** Takes a seat first (limited editions); gives it back when the enrolment turns out to exist already or fails. */
async function activateWithSeat(
  studentId: string,
  courseId: Types.ObjectId,
  source: Source,
  edition: Seat,
): Promise<Activation> {
  if (!edition || edition.capacity === 0)
    return activateEnrollment(studentId, courseId, source, edition?._id);
  const seat = await takeSeat(edition, studentId);
  try {
    const activated = await activateEnrollment(studentId, courseId, source, edition._id);
    if (!activated && seat === 'taken') await releaseSeat(edition._id, studentId);
    return activated;
  } catch (error) {
    if (seat === 'taken') await releaseSeat(edition._id, studentId);
    throw error;
  }
}

/**
 * Inserts the lowest free seat number. A collision means someone took that number (or this
 * student already has a seat) meanwhile: look again. No free number left: the edition is full.
 */
async function takeSeat(
  edition: NonNullable<Seat>,
  studentId: string,
): Promise<'taken' | 'already-held'> {
  for (let round = 0; round < 20; round++) {
    if (await EditionSeatModel.exists({ edition: edition._id, student: studentId }))
      return 'already-held';
    const taken = await EditionSeatModel.find({ edition: edition._id }).select('number').lean();
    const used = new Set(taken.map((seat) => seat.number));
    let free = 1;
    while (used.has(free)) free += 1;
    if (free > edition.capacity) throw editionFull();
    try {
      await EditionSeatModel.create({
        edition: edition._id,
        number: free,
        student: studentId,
        takenAt: new Date(),
      });
      return 'taken';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw conflict('catalog:errors.enrollmentBusy');
}

async function releaseSeat(editionId: Types.ObjectId, studentId: string): Promise<void> {
  await EditionSeatModel.deleteOne({ edition: editionId, student: studentId });
}

/**
 * Makes the enrolment active; returns when, and whether it is the student's first in the course,
 * or null if it was active already. The filter matches only a
 * missing or withdrawn enrolment, so an active one makes the upsert collide on the unique
 * (student, course) index: that collision is the "already enrolled" answer, race-free.
 */
async function activateEnrollment(
  studentId: string,
  courseId: Types.ObjectId,
  source: Source,
  editionId?: Types.ObjectId,
): Promise<Activation> {
  try {
    const enrolledAt = new Date();
    const result = await EnrollmentModel.findOneAndUpdate(
      { student: studentId, course: courseId, status: { $ne: 'active' } },
      {
        $set: { status: 'active', withdrawnAt: null, ...(editionId ? { edition: editionId } : {}) },
        $setOnInsert: { source, enrolledAt },
      },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    // A return after leaving keeps its first enrolment date and is not a first enrolment.
    return { at: enrolledAt, first: !result.lastErrorObject?.updatedExisting };
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/**
 * An archived course keeps the students it had, those who left it too (they may come back to
 * their progress, as the leave form promises), but takes no new one.
 */
async function refuseNewStudentIfArchived(course: EnrollableCourse, studentId: string) {
  if (course.archivedAt && !(await wasEverEnrolled(studentId, course._id)))
    throw new AppError('enrollment_closed', 409, 'catalog:errors.archived');
}

async function wasEverEnrolled(studentId: string, courseId: Types.ObjectId): Promise<boolean> {
  return Boolean(await EnrollmentModel.exists({ student: studentId, course: courseId }));
}

async function findPublishedCourse(slug: string): Promise<EnrollableCourse> {
  const course = await findPublishedCourseBySlug<EnrollableCourse>(slug, courseFields);
  if (!course) throw notFound('course');
  return course;
}

async function findPublishedSpecialization(slug: string) {
  const specialization = await SpecializationModel.findOne({ slug, status: 'published' }).lean();
  if (!specialization) throw notFound('specialization');
  return specialization;
}

async function publishedCourses(ids: Types.ObjectId[]): Promise<EnrollableCourse[]> {
  const courses = await findPublishedCoursesByIds<EnrollableCourse>(ids, courseFields);
  // Keep the level's order.
  const byId = new Map(courses.map((course) => [String(course._id), course]));
  return ids.flatMap((id) => byId.get(String(id)) ?? []);
}
