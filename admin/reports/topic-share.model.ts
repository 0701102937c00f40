import { Schema, model, type InferSchemaType } from 'mongoose';

// "Share of students per topic", pre-aggregated by refresh-topic-shares.job.ts: counting
// distinct students over half a million enrolments is a scan, too slow to run per page view.
const topicShareSchema = new Schema({
  /** "all" or a year ("2026"): when the enrolments were made. */
  scope: { type: String, required: true },
  /** "all" or the language of the courses. */
  language: { type: String, required: true },
  /** A topic key, or "*" for students enrolled in any course (the share's denominator). */
  topic: { type: String, required: true },
  students: { type: Number, required: true },
  computedAt: { type: Date, required: true },
});
topicShareSchema.index({ scope: 1, language: 1, topic: 1 }, { unique: true });

export type TopicShare = InferSchemaType<typeof topicShareSchema>;
export const TopicShareModel = model('TopicShare', topicShareSchema);
