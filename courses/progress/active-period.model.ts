import { incrementCounter } from '../../platform/counters';
import { naturalId, upsertByNaturalKey } from '../../platform/natural-id';
import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// "Active students per month, quarter and year", kept as it happens: a student's first activity
// in a period writes one document, unique per (period, student), so each report figure is an
// index count instead of a scan of everyone's history (activity dates are overwritten, and a
// distinct count over a year of activity is what does not stay fast at 100,000 students).
const activePeriodSchema = new Schema({
  /** "2026-11" (a month), "2026-Q4" (a quarter) or "2026" (a year), all UTC. */
  period: { type: String, required: true },
  student: { type: Types.ObjectId, ref: 'User', required: true },
});
activePeriodSchema.index({ period: 1, student: 1 }, { unique: true });

export type ActivePeriod = InferSchemaType<typeof activePeriodSchema>;
export const ActivePeriodModel = model('ActivePeriod', activePeriodSchema);

/** The month, quarter and year a moment falls in, as period keys. */
export function periodsOf(at: Date): { month: string; quarter: string; year: string } {
  const year = String(at.getUTCFullYear());
  return {
    month: at.toISOString().slice(0, 7),
    quarter: `${year}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`,
    year,
  };
}

/** Whether the student's activity at this moment is recorded in its month, quarter and year. */
export async function isActivityRecorded(studentId: string | Types.ObjectId, at: Date) {
  const periods = Object.values(periodsOf(at));
  const student = new Types.ObjectId(String(studentId));
  // All three: a write of the three that failed half-way is made again on the next open.
  const recorded = await ActivePeriodModel.countDocuments({ period: { $in: periods }, student });
  return recorded === periods.length;
}

/** Records that the student was active in this month, quarter and year (repeats change nothing). */
export async function recordActivity(studentId: string | Types.ObjectId, at = new Date()) {
  await Promise.all(
    Object.values(periodsOf(at)).map(async (period) => {
      // Two opens at once, or a row from before natural ids: it is recorded either way.
      const { inserted } = await upsertByNaturalKey(
        ActivePeriodModel,
        naturalId('active-period', period, studentId),
        { period, student: new Types.ObjectId(String(studentId)) },
        {},
      );
      // The first activity of the period: one more active student in it.
      if (inserted) await incrementCounter('active', period, '*');
    }),
  );
}
