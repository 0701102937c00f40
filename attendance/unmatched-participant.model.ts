import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// The reconciliation queue: participants of a session nobody could match to a student, with the
// time they attended and students whose names are similar (suggestions, never credited). Rebuilt
// by each sync; an instructor's link or "ignore" removes the entry for good.
const unmatchedParticipantSchema = new Schema({
  session: { type: Types.ObjectId, required: true },
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  participantKey: { type: String, required: true },
  name: { type: String, default: '' },
  email: { type: String },
  minutes: { type: Number, required: true },
  share: { type: Number, required: true },
  suggestions: [{ type: Types.ObjectId, ref: 'User' }],
  updatedAt: { type: Date, required: true },
});
unmatchedParticipantSchema.index({ session: 1, participantKey: 1 }, { unique: true });

export type UnmatchedParticipant = InferSchemaType<typeof unmatchedParticipantSchema>;
export const UnmatchedParticipantModel = model('UnmatchedParticipant', unmatchedParticipantSchema);
