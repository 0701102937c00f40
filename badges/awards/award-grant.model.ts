import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// An admin's import grants an achievement to an email (an event roster, say): one grant per
// (achievement, email) by the unique index, so a CSV applied twice never grants twice. A grant
// waits while no confirmed account has that email; the email.confirmed reaction issues it then.
const awardGrantSchema = new Schema({
  achievement: { type: Types.ObjectId, ref: 'Achievement', required: true },
  /** Lower-cased, as accounts keep emails. */
  email: { type: String, required: true },
  /** When it was earned (the event's date): the award's issue date. */
  awardedOn: { type: Date, required: true },
  evidenceNote: { type: String },
  importId: { type: Types.ObjectId, ref: 'AwardImport', required: true },
  grantedBy: { type: Types.ObjectId, ref: 'User', required: true },
  /** Once settled: the award it became, or that its holder held the badge already. */
  outcome: { type: String, enum: ['issued', 'already-held'] },
  awardPublicId: { type: String },
});
awardGrantSchema.index({ achievement: 1, email: 1 }, { unique: true });
// The grants waiting for an email when its owner confirms it.
awardGrantSchema.index({ email: 1 });

export type AwardGrant = InferSchemaType<typeof awardGrantSchema>;
export const AwardGrantModel = model('AwardGrant', awardGrantSchema);
