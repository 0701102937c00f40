import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const grantKinds = ['all-courses'] as const;

// A grant opens courses beyond the open ones: `all-courses` lets a cohort (a mentoring programme's
// participants, say) enroll in restricted courses too. One per (student, kind).
const accessGrantSchema = new Schema({
  student: { type: Types.ObjectId, ref: 'User', required: true },
  kind: { type: String, enum: grantKinds, required: true },
  /** The cohort's name, as the admin typed it when importing. */
  cohort: { type: String, required: true },
  grantedBy: { type: Types.ObjectId, ref: 'User', required: true },
  grantedAt: { type: Date, required: true },
});
accessGrantSchema.index({ student: 1, kind: 1 }, { unique: true });

export type AccessGrant = InferSchemaType<typeof accessGrantSchema>;
export const AccessGrantModel = model('AccessGrant', accessGrantSchema);
