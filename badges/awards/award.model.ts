import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// One student's earned achievement. One *current* award per (student, achievement) at a time: the
// unique index on (student, achievement, currentSlot), not a check in code, decides, so retries,
// crashes and double events never make a second one. A renewal moves the award it replaces out of
// the slot (currentSlot becomes that award's own publicId), which keeps it in the history.
// `publicId` names it in public URLs (never the student's id or email).
const awardSchema = new Schema({
  publicId: { type: String, required: true, unique: true },
  student: { type: Types.ObjectId, ref: 'User', required: true },
  achievement: { type: Types.ObjectId, ref: 'Achievement', required: true },
  /** How it was earned: a completion, a renewal of an earlier award, or an admin's import. */
  origin: { type: String, enum: ['completion', 'renewal', 'import'], default: 'completion' },
  /** The completion it certifies (origin `completion`). */
  completion: { type: Types.ObjectId, ref: 'Completion' },
  /**
   * 'current' while it is the holder's award of this achievement (valid, expired, suspended or
   * revoked alike: a revoked award keeps its slot, so nothing re-issues it); its own publicId once
   * a renewal replaced it; `renewal-of:<publicId>` for the moment a renewal is being stored.
   */
  currentSlot: { type: String, required: true, default: 'current' },
  /** The publicId of the award this one renews (origin `renewal`). */
  renews: { type: String },
  /** Set on an award a renewal replaced: when, and the renewal's publicId. */
  renewedAt: { type: Date },
  renewedBy: { type: String },
  /** What an admin's import says of it (origin `import`), e.g. the event attended. */
  evidenceNote: { type: String },
  /** The import's grant it was issued for (origin `import`). */
  grant: { type: Types.ObjectId, ref: 'AwardGrant' },
  issuedOn: { type: Date, required: true },
  expires: { type: Date },
  /** Per-award salt: the published hash cannot be linked to the student's other awards. */
  salt: { type: String, required: true },
  recipientHash: { type: String, required: true },
  /** The name printed on the certificate when it was issued. */
  recipientName: { type: String, required: true },
  evidence: {
    courses: [
      {
        _id: false,
        slug: String,
        title: String,
        completedAt: Date,
        version: Number,
        quizBestScore: Number,
        liveSessionsAttended: Number,
      },
    ],
  },
  /** The student may hide an award from public pages (verification still answers). */
  private: { type: Boolean, default: false },
  revokedAt: { type: Date },
  revocationReason: { type: String },
  /**
   * Its position in the Bitstring status lists (list = index / list size). Taken once, through a
   * slot row keyed by the index (status-lists/), so no two awards share one; absent on awards
   * from before the lists until the migration gives them theirs.
   */
  statusListIndex: { type: Number },
  /** Suspended by an admin (e.g. during an investigation): not valid until lifted. */
  suspendedAt: { type: Date },
  suspensionReason: { type: String },
  /**
   * The number of the list its revocation / suspension bit is set in: written in the same update
   * as revokedAt / suspendedAt, read by the list's build (status-lists/status-flags.ts).
   */
  revocationList: { type: Number },
  suspensionList: { type: Number },
});
awardSchema.index({ student: 1, achievement: 1, currentSlot: 1 }, { unique: true });
awardSchema.index({ achievement: 1, issuedOn: 1 });
awardSchema.index({ issuedOn: 1 });
awardSchema.index({ statusListIndex: 1 });
awardSchema.index({ revocationList: 1 });
awardSchema.index({ suspensionList: 1 });
// Expiry reminders read the awards expiring in the next 90 days.
awardSchema.index({ expires: 1 });

export type Award = InferSchemaType<typeof awardSchema>;
export const AwardModel = model('Award', awardSchema);
