import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const syncStates = [
  'scheduled',
  'waiting_for_report',
  'rate_limited',
  'syncing',
  'synced',
  'failed',
] as const;
export type SyncState = (typeof syncStates)[number];

// Where each live session's attendance sync stands, for the admin page and the sweep: one
// document per live-session module.
const sessionSyncSchema = new Schema({
  session: { type: Types.ObjectId, required: true, unique: true },
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  state: { type: String, enum: syncStates, required: true },
  /** Attempts since the last success, for the backoff while Zoom prepares its report. */
  attempts: { type: Number, default: 0 },
  /**
   * Sync cycles finished so far (synced, or given up). Retry job ids carry it: bull keeps
   * finished jobs and ignores an add under a kept id, so a later cycle's retries must not reuse
   * an earlier cycle's ids.
   */
  cycle: { type: Number, default: 0 },
  lastAttemptAt: { type: Date },
  nextAttemptAt: { type: Date },
  lastError: { type: String },
  lastEventAt: { type: Date },
  syncedAt: { type: Date },
  progress: {
    rows: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
  },
  participants: { type: Number, default: 0 },
  present: { type: Number, default: 0 },
  unmatched: { type: Number, default: 0 },
});

export type SessionSync = InferSchemaType<typeof sessionSyncSchema>;
export const SessionSyncModel = model('SessionSync', sessionSyncSchema);
