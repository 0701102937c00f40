import { Schema, model, Types, type InferSchemaType } from 'mongoose';
import { courseContentSchema } from './course.model';

/** A snapshot of each published version: what a student who completed version N actually took. */
const courseVersionSchema = new Schema({
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  version: { type: Number, required: true },
  content: { type: courseContentSchema, required: true },
  publishedAt: { type: Date, required: true },
  publishedBy: { type: Types.ObjectId, ref: 'User' },
});
courseVersionSchema.index({ course: 1, version: 1 }, { unique: true });

export type CourseVersion = InferSchemaType<typeof courseVersionSchema>;
export const CourseVersionModel = model('CourseVersion', courseVersionSchema);
