// Recounts every report counter from the source collections, one streamed pass over each (not
// one count per course and period: a count is a scan on FerretDB). Run nightly, and once for data
// that predates the counters; between runs the counters are raised as events happen.
import { UserModel } from '../../accounts/user.model';
import { AwardModel } from '../../badges/awards/award.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { ActivePeriodModel, CompletionModel, EnrollmentModel } from '../../courses';
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
  await each(
    UserModel.find({ roles: 'student' }).select('createdAt language').lean().cursor(),
    (user) =>
      tally(counts, 'registered', periodKeys(user.createdAt), ['*', `lang:${user.language}`]),
  );
  await each(ActivePeriodModel.find().select('period').lean().cursor(), (row) =>
    tally(counts, 'active', [row.period], ['*']),
  );
  await each(EnrollmentModel.find().select('course enrolledAt').lean().cursor(), (row) =>
    tally(counts, 'enrolled', periodKeys(row.enrolledAt), [String(row.course)]),
  );
  await each(
    CompletionModel.find({ scope: 'course' }).select('course completedAt').lean().cursor(),
    (row) => tally(counts, 'completed', periodKeys(row.completedAt), [String(row.course)]),
  );
  await each(AwardModel.find().select('achievement issuedOn').lean().cursor(), (row) =>
    tally(counts, 'badges', periodKeys(row.issuedOn), ['*', String(row.achievement)]),
  );
  await each(CertificateModel.find().select('renderedAt').lean().cursor(), (row) =>
    tally(counts, 'certificates', periodKeys(row.renderedAt), ['*']),
  );

  // Replaced whole: one delete and batched inserts (an upsert per counter costs ~50 ms on
  // FerretDB, minutes for the few thousand counters). An event counted in between is lost until
  // the next rebuild; the job runs at night.
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
