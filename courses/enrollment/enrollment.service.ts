// Enrolling students in courses, levels and specializations.
import type { Types } from 'mongoose';
import { isDuplicateKeyError, notFound } from '../../server/errors';
import { CourseModel } from '../catalog/course.model';
import { SpecializationModel } from '../catalog/specialization.model';
import type { LevelKey } from '../catalog/topics';
import { listCoursesByIds, type CourseCard } from '../catalog/catalog.service';
import { checkCourseCompletion, type CompletionContext } from '../completion/completion.service';
import { EnrollmentModel, type enrollmentSources } from './enrollment.model';

type Source = (typeof enrollmentSources)[number];

export interface EnrolledCourse {
  course: CourseCard;
  enrolledAt: string;
}

export interface EnrollmentResult {
  /** Courses the student was not (actively) enrolled in before. */
  enrolled: string[];
  /** Courses the student was already in: nothing changed for them. */
  alreadyEnrolled: string[];
}

export async function enrollInCourse(
  context: CompletionContext,
  studentId: string,
  courseSlug: string,
): Promise<EnrollmentResult> {
  const course = await findPublishedCourse(courseSlug);
  return enrollInCourses(context, studentId, [course], 'course');
}

/** Enrolling in a level enrolls in each of its published courses. */
export async function enrollInLevel(
  context: CompletionContext,
  studentId: string,
  specializationSlug: string,
  level: LevelKey,
): Promise<EnrollmentResult> {
  const specialization = await findPublishedSpecialization(specializationSlug);
  const courseIds = specialization.levels.find((candidate) => candidate.key === level)?.courses;
  if (!courseIds) throw notFound('Level');
  return enrollInCourses(context, studentId, await publishedCourses(courseIds), 'level');
}

export async function enrollInSpecialization(
  context: CompletionContext,
  studentId: string,
  specializationSlug: string,
): Promise<EnrollmentResult> {
  const specialization = await findPublishedSpecialization(specializationSlug);
  const courseIds = specialization.levels.flatMap((level) => level.courses);
  return enrollInCourses(context, studentId, await publishedCourses(courseIds), 'specialization');
}

/** Withdraws from a course; progress is kept for a later return. */
export async function unenrollFromCourse(studentId: string, courseSlug: string): Promise<void> {
  const course = await CourseModel.findOne({ slug: courseSlug }).select('_id').lean();
  if (!course) throw notFound('Course');
  await EnrollmentModel.updateOne(
    { student: studentId, course: course._id, status: 'active' },
    { $set: { status: 'withdrawn', withdrawnAt: new Date() } },
  );
}

export async function isEnrolled(studentId: string, courseId: string): Promise<boolean> {
  return Boolean(
    await EnrollmentModel.exists({ student: studentId, course: courseId, status: 'active' }),
  );
}

/** The student's active courses, most recent enrolment first. */
export async function listEnrolledCourses(studentId: string): Promise<EnrolledCourse[]> {
  const enrollments = await EnrollmentModel.find({ student: studentId, status: 'active' })
    .sort({ enrolledAt: -1 })
    .lean();
  const cards = await listCoursesByIds(enrollments.map((enrollment) => enrollment.course));
  return enrollments.flatMap((enrollment) => {
    const course = cards.get(String(enrollment.course));
    return course ? [{ course, enrolledAt: enrollment.enrolledAt.toISOString() }] : [];
  });
}

async function enrollInCourses(
  context: CompletionContext,
  studentId: string,
  courses: { _id: Types.ObjectId; slug: string }[],
  source: Source,
): Promise<EnrollmentResult> {
  const result: EnrollmentResult = { enrolled: [], alreadyEnrolled: [] };
  for (const course of courses) {
    const changed = await activateEnrollment(studentId, course._id, source);
    (changed ? result.enrolled : result.alreadyEnrolled).push(course.slug);
    // A returning student may already have done everything the current version asks.
    if (changed) await checkCourseCompletion(context, studentId, String(course._id));
  }
  return result;
}

/**
 * Makes the enrolment active; returns whether anything changed. The filter matches only a
 * missing or withdrawn enrolment, so an active one makes the upsert collide on the unique
 * (student, course) index: that collision is the "already enrolled" answer, race-free.
 */
async function activateEnrollment(
  studentId: string,
  courseId: Types.ObjectId,
  source: Source,
): Promise<boolean> {
  try {
    await EnrollmentModel.updateOne(
      { student: studentId, course: courseId, status: { $ne: 'active' } },
      {
        $set: { status: 'active', withdrawnAt: null },
        $setOnInsert: { source, enrolledAt: new Date() },
      },
      { upsert: true },
    );
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

async function findPublishedCourse(slug: string) {
  const course = await CourseModel.findOne({ slug, status: 'published' }).select('_id slug').lean();
  if (!course) throw notFound('Course');
  return course;
}

async function findPublishedSpecialization(slug: string) {
  const specialization = await SpecializationModel.findOne({ slug, status: 'published' }).lean();
  if (!specialization) throw notFound('Specialization');
  return specialization;
}

async function publishedCourses(ids: Types.ObjectId[]) {
  const courses = await CourseModel.find({ _id: { $in: ids }, status: 'published' })
    .select('_id slug')
    .lean();
  // Keep the level's order.
  const bySlug = new Map(courses.map((course) => [String(course._id), course]));
  return ids.flatMap((id) => bySlug.get(String(id)) ?? []);
}
