// Recounts every report counter from its owner's records, one streamed pass over each (not one
// count per course and period, which grows with courses × periods). Run nightly, and once for data
// that predates the counters; between runs the counters are raised as events happen.
import { streamStudentSignups } from '../../accounts';
import { streamIssuedAwards, streamRenderedCertificates } from '../../badges';
import { streamActivePeriods, streamCourseCompletions, streamEnrollments } from '../../courses';
import { periodKeys, ReportCounterModel, type CounterMetric } from '../../platform/counters';

type Tally = Map<string, number>;

function tally(counts: Tally, metric: CounterMetric, periods: string[], keys: string[]) {
  for (const period of periods)
    for (const key of keys) {
      const id = `${metric}|${period}|${key}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
}

export async function rebuildReportCounters(): Promise<{ counters: number; documents: number }> {
  const counts: Tally = new Map();
  let documents = 0;
  const each = async <T>(cursor: AsyncIterable<T>, count: (doc: T) => void) => {
    for await (const doc of cursor) {
      documents += 1;
      count(doc);
    }
  };
  await each(streamStudentSignups(), (user) =>
    tally(counts, 'registered', periodKeys(user.createdAt), ['*', `lang:${user.language}`]),
  );
  await each(streamActivePeriods(), (row) => tally(counts, 'active', [row.period], ['*']));
  await each(streamEnrollments(), (row) =>
    tally(counts, 'enrolled', periodKeys(row.enrolledAt), [String(row.course)]),
  );
  await each(streamCourseCompletions(), (row) =>
    tally(counts, 'completed', periodKeys(row.completedAt), [String(row.course)]),
  );
  await each(streamIssuedAwards(), (row) =>
    tally(counts, 'badges', periodKeys(row.issuedOn), ['*', String(row.achievement)]),
  );
  await each(streamRenderedCertificates(), (row) =>
    tally(counts, 'certificates', periodKeys(row.renderedAt), ['*']),
  );

  // Replaced whole: one delete and batched inserts, not an upsert per counter (a few thousand round
  // trips). An event counted in between is lost until the next rebuild; the job runs at night.
  const docs = [...counts].map(([id, value]) => {
    const [metric, period, key] = id.split('|') as [string, string, string];
    return { _id: id, metric, period, key, value };
  });
  await ReportCounterModel.deleteMany({});
  for (let start = 0; start < docs.length; start += 5000)
    await ReportCounterModel.collection.insertMany(docs.slice(start, start + 5000) as never[], {
      ordered: false,
    });
  return { counters: docs.length, documents };
}
