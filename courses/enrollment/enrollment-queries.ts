// What other components may read of enrolments, as plain values: attendance asks who is enrolled
// in a course, reports stream the enrolments they count. The enrolment table keeps one writer.
import type { Types } from 'mongoose';
import { EnrollmentModel } from './enrollment.model';

/** The ids of the students actively enrolled in a course. */
export async function listActiveStudentIds(
  courseId: Types.ObjectId | string,
): Promise<Types.ObjectId[]> {
  const enrollments = await EnrollmentModel.find({ course: courseId, status: 'active' })
    .select('student')
    .lean();
  return enrollments.map((enrollment) => enrollment.student);
}

/** Whether the student is actively enrolled in the course, read from the enrolment itself. */
export async function hasActiveEnrollment(
  studentId: Types.ObjectId | string,
  courseId: Types.ObjectId | string,
): Promise<boolean> {
  return Boolean(
    await EnrollmentModel.exists({ student: studentId, course: courseId, status: 'active' }),
  );
}

export interface EnrollmentFact {
  student: Types.ObjectId;
  course: Types.ObjectId;
  enrolledAt: Date;
}

/**
 * Every enrolment (active or withdrawn: a report counts who enrolled), optionally only in these
 * courses and in this window of enrolment, streamed one by one for recounts.
 */
export function streamEnrollments(
  where: {
    courseIds?: readonly (Types.ObjectId | string)[];
    enrolledAt?: { $gte?: Date; $lt?: Date };
  } = {},
): AsyncIterable<EnrollmentFact> {
  return EnrollmentModel.find({
    ...(where.courseIds ? { course: { $in: where.courseIds } } : {}),
    ...(where.enrolledAt ? { enrolledAt: where.enrolledAt } : {}),
  })
    .select('student course enrolledAt')
    .lean()
    .cursor() as AsyncIterable<EnrollmentFact>;
}
