import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// Attempt N of a student at a quiz exists at most once (unique index): two submissions racing for
// the last attempt cannot both be graded, and the attempts limit holds without transactions.
const quizAttemptSchema = new Schema({
  student: { type: Types.ObjectId, ref: 'User', required: true },
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  module: { type: Types.ObjectId, required: true },
  number: { type: Number, required: true, min: 1 },
  courseVersion: { type: Number, required: true },
  /** questionId → option ids (choice) or the text typed (short answer), as submitted. */
  answers: { type: Schema.Types.Mixed, required: true },
  /** questionId → answered right. */
  results: { type: Schema.Types.Mixed, required: true },
  score: { type: Number, required: true },
  passed: { type: Boolean, required: true },
  submittedAt: { type: Date, required: true },
});
quizAttemptSchema.index({ student: 1, module: 1, number: 1 }, { unique: true });
quizAttemptSchema.index({ course: 1, module: 1 });

export type QuizAttempt = InferSchemaType<typeof quizAttemptSchema>;
export const QuizAttemptModel = model('QuizAttempt', quizAttemptSchema);
