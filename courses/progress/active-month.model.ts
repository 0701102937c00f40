import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// "Active students per month", kept as it happens: a student's first activity in a month writes
// one document, unique per (month, student), so the report is an index count per month instead
// of a scan of everyone's history (which is not kept elsewhere: activity dates are overwritten).
const activeMonthSchema = new Schema({
  /** "2026-11" (UTC). */
  month: { type: String, required: true },
  student: { type: Types.ObjectId, ref: 'User', required: true },
});
activeMonthSchema.index({ month: 1, student: 1 }, { unique: true });

export type ActiveMonth = InferSchemaType<typeof activeMonthSchema>;
export const ActiveMonthModel = model('ActiveMonth', activeMonthSchema);

/** Records that the student was active this month (once; repeats change nothing). */
export async function recordActiveMonth(studentId: string | Types.ObjectId, at = new Date()) {
  const month = at.toISOString().slice(0, 7);
  await ActiveMonthModel.updateOne(
    { month, student: studentId },
    { $setOnInsert: { month, student: studentId } },
    { upsert: true },
  ).catch((error: { code?: number }) => {
    if (error.code !== 11000) throw error; // two opens at once: the other one recorded it
  });
}
