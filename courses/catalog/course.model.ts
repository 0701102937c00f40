import { Schema, model, Types, type InferSchemaType } from 'mongoose';
import { supportedLanguages } from '../../server/config';
import { topicKeys } from './topics';

export const moduleKinds = ['lesson', 'video', 'quiz', 'live_session', 'file'] as const;

// The published outline of a course. Authoring (drafts, versions, module content) builds on it.
const moduleOutlineSchema = new Schema(
  {
    title: { type: String, required: true },
    kind: { type: String, enum: moduleKinds, required: true },
    minutes: { type: Number, required: true, min: 0 },
    /** Live sessions only: when it starts and how long it lasts. */
    startsAt: { type: Date },
    durationMinutes: { type: Number, min: 1 },
  },
  { _id: true },
);

const courseSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    summary: { type: String, required: true },
    description: { type: String, required: true },
    language: { type: String, enum: supportedLanguages, required: true },
    hours: { type: Number, required: true, min: 0 },
    topics: { type: [String], enum: topicKeys, default: [] },
    status: { type: String, enum: ['draft', 'published'], default: 'draft', index: true },
    instructors: [{ type: Types.ObjectId, ref: 'User' }],
    modules: { type: [moduleOutlineSchema], default: [] },
  },
  { timestamps: true },
);
courseSchema.index({ status: 1, topics: 1 });
courseSchema.index({ status: 1, language: 1 });

export type Course = InferSchemaType<typeof courseSchema>;
export const CourseModel = model('Course', courseSchema);
