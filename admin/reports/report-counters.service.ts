// Recounts every report counter from the source collections, one streamed pass over each (not
// one count per course and period: a count is a scan on FerretDB). Run nightly, and once for data
// that predates the counters; between runs the counters are raised as events happen.
import { UserModel } from '../../accounts/user.model';
import { AwardModel } from '../../badges/awards/award.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { ActivePeriodModel, CompletionModel, EnrollmentModel } from '../../courses';
import { periodKeys, ReportCounterModel, type CounterMetric } from '../../server/counters';

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

  // Counters that no longer have anything behind them go back to zero.
  const stale = await ReportCounterModel.find().select('metric period key').lean();
  for (const row of stale) {
    const id = `${row.metric}|${row.period}|${row.key}`;
    if (!counts.has(id)) counts.set(id, 0);
  }
  const writes = [...counts].map(([id, value]) => {
    const [metric, period, key] = id.split('|') as [string, string, string];
    return {
      updateOne: {
        filter: { metric, period, key },
        update: { $set: { value } },
        upsert: true,
      },
    };
  });
  for (let start = 0; start < writes.length; start += 1000)
    await ReportCounterModel.bulkWrite(writes.slice(start, start + 1000), { ordered: false });
  return { counters: writes.length, documents };
}
