import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const importLineOutcomes = [
  /** Not done yet (the job goes through the lines in order). */
  'pending',
  'issued',
  /** Waiting for the email's owner to have a confirmed account. */
  'held',
  /** The person holds this badge already (or an earlier import granted it). */
  'already-held',
  /** The line had a problem in the preview: not applied. */
  'skipped',
] as const;

// One applied CSV of awards: its lines and what became of each, with the progress the page shows
// while the job goes through them (written by that one job, in order).
const awardImportSchema = new Schema({
  createdBy: { type: Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, required: true },
  status: { type: String, enum: ['queued', 'running', 'done'], required: true },
  total: { type: Number, required: true },
  processed: { type: Number, default: 0 },
  finishedAt: { type: Date },
  lines: [
    {
      _id: false,
      line: { type: Number, required: true },
      email: { type: String, required: true },
      achievement: { type: String, required: true },
      awardedOn: { type: Date },
      evidenceNote: { type: String },
      problems: { type: [String], default: [] },
      outcome: { type: String, enum: importLineOutcomes, required: true },
      awardPublicId: { type: String },
    },
  ],
});
awardImportSchema.index({ createdAt: -1 });

export type AwardImport = InferSchemaType<typeof awardImportSchema>;
export const AwardImportModel = model('AwardImport', awardImportSchema);
