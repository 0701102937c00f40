import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const attendanceSources = ['zoom', 'checkin', 'csv'] as const;
export type AttendanceSource = (typeof attendanceSources)[number];

// Every row a source gave us, verbatim (`raw`), with the fields the rules read. `rowKey` is a hash
// of the source, instance and raw row: storing the same report twice, or a webhook repeated, adds
// nothing (unique index), and rows are never updated or deleted by a sync, so a re-sync can only
// add time, never lower it.
const attendanceRowSchema = new Schema({
  /** The live-session module (its stable id). */
  session: { type: Types.ObjectId, required: true },
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  source: { type: String, enum: attendanceSources, required: true },
  /** Zoom: the instance UUID; check-ins and CSV: the import's id. */
  instance: { type: String, required: true },
  rowKey: { type: String, required: true },
  raw: { type: Schema.Types.Mixed, required: true },
  participantKey: { type: String, required: true },
  name: { type: String, default: '' },
  email: { type: String },
  registrantId: { type: String },
  joinAt: { type: Date, required: true },
  leaveAt: { type: Date, required: true },
  /** Zoom's waiting-room rows: stored, never counted. */
  waitingRoom: { type: Boolean, default: false },
  storedAt: { type: Date, required: true },
});
attendanceRowSchema.index({ session: 1, rowKey: 1 }, { unique: true });

export type AttendanceRow = InferSchemaType<typeof attendanceRowSchema>;
export const AttendanceRowModel = model('AttendanceRow', attendanceRowSchema);
