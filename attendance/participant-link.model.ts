import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// An instructor's decision about a participant nobody could match: this participant key (a Zoom
// user id, an email or a name) is this student, or (student absent) is to be ignored. Kept per
// course and used by every later sync of the course's sessions.
const participantLinkSchema = new Schema({
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  participantKey: { type: String, required: true },
  student: { type: Types.ObjectId, ref: 'User' },
  by: { type: Types.ObjectId, ref: 'User', required: true },
  at: { type: Date, required: true },
});
participantLinkSchema.index({ course: 1, participantKey: 1 }, { unique: true });

export type ParticipantLink = InferSchemaType<typeof participantLinkSchema>;
export const ParticipantLinkModel = model('ParticipantLink', participantLinkSchema);
