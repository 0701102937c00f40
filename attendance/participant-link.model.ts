import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// An instructor's decision about a participant nobody could match: this participant key (a Zoom
// user id, an email or a name) is this student, or (student absent) is to be ignored. A decision
// about an account (a Zoom user id, an email) holds for every later sync of the course's
// sessions; one about a display name ("iPhone de Carla") holds for its session only (`session`
// set), since anyone may join another session under that name.
const participantLinkSchema = new Schema({
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  participantKey: { type: String, required: true },
  /** The live session a name link was made for; absent on links that carry across sessions. */
  session: { type: Types.ObjectId },
  student: { type: Types.ObjectId, ref: 'User' },
  by: { type: Types.ObjectId, ref: 'User', required: true },
  at: { type: Date, required: true },
});
participantLinkSchema.index({ course: 1, participantKey: 1, session: 1 }, { unique: true });

/** Keys made from a display name only: a link for one applies to its session alone. */
export const isNameKey = (participantKey: string) => participantKey.startsWith('name:');

export type ParticipantLink = InferSchemaType<typeof participantLinkSchema>;
export const ParticipantLinkModel = model('ParticipantLink', participantLinkSchema);
