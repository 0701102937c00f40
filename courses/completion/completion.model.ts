import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const completionScopes = ['course', 'level', 'specialization'] as const;
export type CompletionScope = (typeof completionScopes)[number];

// A completion is a fact with a date: recorded once per (student, key) by a unique index, never
// recomputed away. `key` names what was completed: course:<id>, level:<specialization>:<level>,
// specialization:<id>. `announcedAt` is set once the domain event is queued, so a recompute can
// re-announce a completion whose event was lost (Redis down at the wrong moment).
const completionSchema = new Schema({
  student: { type: Types.ObjectId, ref: 'User', required: true },
  scope: { type: String, enum: completionScopes, required: true },
  key: { type: String, required: true },
  course: { type: Types.ObjectId, ref: 'Course' },
  /** The course version the student completed. */
  courseVersion: { type: Number },
  specialization: { type: Types.ObjectId, ref: 'Specialization' },
  level: { type: String },
  completedAt: { type: Date, required: true },
  /** Who caused the recording: the student's own progress, or a recompute (and by whom). */
  recordedVia: { type: String, enum: ['progress', 'recompute'], required: true },
  recordedBy: { type: Types.ObjectId, ref: 'User' },
  announcedAt: { type: Date },
});
completionSchema.index({ student: 1, key: 1 }, { unique: true });
completionSchema.index({ scope: 1, completedAt: 1 });
completionSchema.index({ specialization: 1, level: 1 });
// Reports: completions of a course in a period.
completionSchema.index({ course: 1, completedAt: 1 });

export type Completion = InferSchemaType<typeof completionSchema>;
export const CompletionModel = model('Completion', completionSchema);
