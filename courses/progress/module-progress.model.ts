import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const completionSources = ['student', 'quiz', 'attendance', 'override'] as const;

// One row per (student, course, module), keyed by the module's stable id, so progress outlives
// course versions. `completedAt` is absent until the module is done and is only ever moved
// earlier ($min), so repeats and retries keep the first date.
const moduleProgressSchema = new Schema({
  student: { type: Types.ObjectId, ref: 'User', required: true },
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  module: { type: Types.ObjectId, required: true },
  firstOpenedAt: { type: Date },
  lastOpenedAt: { type: Date },
  completedAt: { type: Date },
  completedVia: { type: String, enum: completionSources },
  /** Quizzes: the best score so far, in percent. */
  bestScore: { type: Number },
  /** Live sessions: synced attendance, only ever raised (a re-sync never lowers it). */
  attendedMinutes: { type: Number },
  attendedShare: { type: Number },
  /** Live sessions: an instructor's decision; it wins over any attendance data. */
  attendanceOverride: {
    type: new Schema(
      {
        present: { type: Boolean, required: true },
        by: { type: Types.ObjectId, ref: 'User', required: true },
        at: { type: Date, required: true },
        note: { type: String, default: '' },
      },
      { _id: false },
    ),
  },
});
moduleProgressSchema.index({ student: 1, course: 1, module: 1 }, { unique: true });
moduleProgressSchema.index({ course: 1, module: 1 });

export type ModuleProgress = InferSchemaType<typeof moduleProgressSchema>;
export const ModuleProgressModel = model('ModuleProgress', moduleProgressSchema);
