import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const enrollmentSources = [
  'course',
  'level',
  'specialization',
  'cohort',
  'admin',
  'events',
] as const;

// One document per (student, course), whatever the number of enroll clicks or retried
// requests: the unique index decides, and unenrolling only marks it withdrawn, so progress
// made before is still there when the student comes back.
const enrollmentSchema = new Schema(
  {
    student: { type: Types.ObjectId, ref: 'User', required: true },
    course: { type: Types.ObjectId, ref: 'Course', required: true },
    status: { type: String, enum: ['active', 'withdrawn'], required: true },
    /** How the student first came to the course (a level enrolment, a cohort, ...). */
    source: { type: String, enum: enrollmentSources, required: true },
    enrolledAt: { type: Date, required: true },
    withdrawnAt: { type: Date, default: null },
    /** The edition the student holds a seat in, for courses run in editions. */
    edition: { type: Types.ObjectId, ref: 'Edition' },
    /** Where the course player resumes. */
    lastModule: { type: Types.ObjectId },
    lastActivityAt: { type: Date },
  },
  { timestamps: true },
);
enrollmentSchema.index({ student: 1, course: 1 }, { unique: true });
enrollmentSchema.index({ course: 1, status: 1 });
// Reports: enrolments of a course in a period.
enrollmentSchema.index({ course: 1, enrolledAt: 1 });

export type Enrollment = InferSchemaType<typeof enrollmentSchema>;
export const EnrollmentModel = model('Enrollment', enrollmentSchema);
