import { Schema, model, Types, type InferSchemaType } from 'mongoose';
import { translationsSchema } from '../../i18n';
import { levelKeys } from './topics';

const levelSchema = new Schema(
  {
    key: { type: String, enum: levelKeys, required: true },
    title: { type: String, required: true },
    summary: { type: String, required: true },
    translations: { type: translationsSchema(['title', 'summary']) },
    /** Courses of the level, in the order students should take them. */
    courses: [{ type: Types.ObjectId, ref: 'Course' }],
  },
  { _id: false },
);

const specializationSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    summary: { type: String, required: true },
    description: { type: String, required: true },
    /** The texts above are in the campus's default language; these are the others. */
    translations: { type: translationsSchema(['title', 'summary', 'description']) },
    status: { type: String, enum: ['draft', 'published'], default: 'draft', index: true },
    levels: { type: [levelSchema], default: [] },
  },
  { timestamps: true },
);
// "Which specialization and level is this course in?" (course pages, completion later).
specializationSchema.index({ 'levels.courses': 1 });

export type Specialization = InferSchemaType<typeof specializationSchema>;
export const SpecializationModel = model('Specialization', specializationSchema);
