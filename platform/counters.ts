// Pre-aggregated figures for reports: one small document per (metric, period, key), raised with
// `$inc` as the event happens (a student registers, enrolls, completes, earns a badge...).
// Reports then read a few hundred counters instead of counting half a million documents on every
// view (a count grows with the campus, index or not; figures in docs/adr/0001). The writer raises a counter only when its own insert created the document, so a
// retried job or a repeated request counts once; rebuild-report-counters recounts everything
// from the source collections (nightly, and for data that predates the counters).
import { Schema, model, type InferSchemaType } from 'mongoose';

const reportCounterSchema = new Schema({
  /** "metric|period|key": a counter is raised by one upsert of its `_id`. */
  _id: { type: String, required: true },
  /** What is counted: registered, active, enrolled, completed, badges, certificates. */
  metric: { type: String, required: true },
  /** "2026-11", "2026-Q4", "2026" or "all" (UTC). */
  period: { type: String, required: true },
  /** "*" for the whole campus, or what the count is of: a course or badge id, "lang:es". */
  key: { type: String, required: true },
  value: { type: Number, required: true },
});
reportCounterSchema.index({ metric: 1, period: 1, key: 1 }, { unique: true });

export type ReportCounter = InferSchemaType<typeof reportCounterSchema>;

export const counterId = (metric: string, period: string, key: string) =>
  `${metric}|${period}|${key}`;
export const ReportCounterModel = model('ReportCounter', reportCounterSchema);

export type CounterMetric =
  'registered' | 'active' | 'enrolled' | 'completed' | 'badges' | 'certificates';

/** The month, quarter and year a moment falls in, and "all". */
export function periodKeys(at: Date): string[] {
  const year = String(at.getUTCFullYear());
  return [
    at.toISOString().slice(0, 7),
    `${year}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`,
    year,
    'all',
  ];
}

/** Raises one counter by one (creating it at 1); a racing creation is retried as an update. */
export async function incrementCounter(
  metric: CounterMetric,
  period: string,
  key: string,
): Promise<void> {
  const _id = counterId(metric, period, key);
  // The driver's own updateOne: mongoose's upsert casting would give the new counter an
  // ObjectId instead of this _id.
  const raise = () =>
    ReportCounterModel.collection.updateOne(
      { _id } as never,
      { $inc: { value: 1 }, $setOnInsert: { metric, period, key } },
      { upsert: true },
    );
  await raise().catch((error: { code?: number }) => {
    if (error.code !== 11000) throw error;
    return raise(); // the other writer created it: now it exists, so this is a plain $inc
  });
}

/** Counts one event at `at` under each key, in its month, quarter, year and all time. */
export async function countEvent(metric: CounterMetric, keys: string[], at: Date): Promise<void> {
  await Promise.all(
    periodKeys(at).flatMap((period) => keys.map((key) => incrementCounter(metric, period, key))),
  );
}

/** The counters of a metric for some periods and keys, as a lookup "period|key" → value. */
export async function readCounters(
  metric: CounterMetric,
  periods: string[],
  keys: string[],
): Promise<(period: string, key: string) => number> {
  const ids = periods.flatMap((period) => keys.map((key) => counterId(metric, period, key)));
  const rows = await ReportCounterModel.find({ _id: { $in: ids } })
    .select('value')
    .lean();
  const found = new Map(rows.map((row) => [row._id, row.value]));
  return (period, key) => found.get(counterId(metric, period, key)) ?? 0;
}
