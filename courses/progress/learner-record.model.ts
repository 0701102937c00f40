import { Schema, model, Types } from 'mongoose';

// A student's learning state in one document, read by `_id` (the student's id): the dashboard, the
// course player and quiz submissions read it instead of querying enrolments, progress rows,
// completions and quiz attempts by student. On MongoDB those queries use indexes; on FerretDB
// (dev and test) any filter but an exact `{_id}` scans its collection, and at 100× the campus a
// dashboard took over a minute. The source collections stay the truth: the services that write
// them update this record right after, a missing or outdated record is rebuilt from them when
// read, and an admin's recompute of a student rebuilds it too.
//
// Bump when the shape or meaning changes: records of an older version are rebuilt when read.
export const learnerRecordVersion = 1;

export interface LearnerCourseEntry {
  enrollment?: Types.ObjectId;
  status?: 'active' | 'withdrawn';
  enrolledAt?: Date;
  lastModule?: Types.ObjectId;
  /** Modules completed, of any version of the course. */
  done?: Types.ObjectId[];
}

export interface LearnerCompletionEntry {
  completedAt: Date;
  courseVersion?: number;
}

export interface StoredLearnerRecord {
  _id: Types.ObjectId;
  version: number;
  /** By course id. */
  courses: Record<string, LearnerCourseEntry>;
  /** By completion key (course:<id>, level:<specialization>:<level>, specialization:<id>). */
  completions: Record<string, LearnerCompletionEntry>;
  /** By quiz module id: attempts used, best score, passed once. */
  quizAttempts: Record<string, { used: number; best: number; passed: boolean }>;
  /** When a service last noted a change (a rebuild leaves newer records alone). */
  changedAt?: Date;
  /**
   * The month ("2026-11") whose activity rows the player last wrote: later opens that month skip
   * them. Not learning state: a rebuild drops it, and the next open writes them again (a repeat
   * changes nothing).
   */
  activeMonth?: string;
}

// Written through the driver with dotted paths (`courses.<id>.done`); the schema documents the
// shape and gives the collection its name.
const learnerRecordSchema = new Schema(
  {
    _id: { type: Types.ObjectId, ref: 'User' },
    version: { type: Number, required: true },
    courses: { type: Schema.Types.Mixed, default: {} },
    completions: { type: Schema.Types.Mixed, default: {} },
    quizAttempts: { type: Schema.Types.Mixed, default: {} },
    changedAt: { type: Date },
    activeMonth: { type: String },
  },
  { collection: 'learner_records', versionKey: false, minimize: false },
);

export const LearnerRecordModel = model('LearnerRecord', learnerRecordSchema);
