// Benchmark: the admin reports on a campus of BENCH_SCALE × the modelled one (default 100×:
// 100,000 students, 500,000 enrolments, 250,000 completions, 50,000 badges), each report timed as
// the page loads it, against a floor measured in the same run: one indexed findOne.
import mongoose from 'mongoose';
import { rebuildReportCounters } from '../admin/reports/report-counters.service';
import { reportDefinitions } from '../admin/reports/report-definitions';
import { refreshTopicShares, type ReportFilters } from '../admin/reports/reports.service';
import { CourseModel } from '../courses/catalog/course.model';
import { closeStores, connectStores } from '../server/bootstrap';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { generateScaleCampus } from './scale-data';

async function median(run: () => Promise<unknown>, times = 3): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = process.hrtime.bigint();
    await run();
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

export async function benchReports(): Promise<
  Array<{ name: string; seconds: number; ratio: number }>
> {
  const scale = Number(process.env.BENCH_SCALE ?? 100);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_DB: `bench_reports_${process.pid}`,
    REDIS_PREFIX: `bench-reports-${process.pid}`,
  });
  const context = await connectStores(config, createLogger(config));
  const results: Array<{ name: string; seconds: number; ratio: number }> = [];
  try {
    process.stderr.write(`reports at ${scale}× the campus\n`);
    const started = Date.now();
    const made = await generateScaleCampus(scale);
    process.stderr.write(
      `  generated ${JSON.stringify(made)} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    const floor = await median(() => CourseModel.findOne({ slug: 'scale-course-7' }).lean(), 9);
    const add = (name: string, seconds: number) =>
      results.push({ name, seconds, ratio: seconds / floor });
    add('floor: one indexed findOne', floor);
    add('job: rebuild report counters (all sources)', await median(rebuildReportCounters, 1));
    add('job: refresh topic shares', await median(refreshTopicShares, 1));
    const year = new Date().getUTCFullYear();
    const filterSets: Array<[string, Partial<ReportFilters>]> = [
      ['all time', {}],
      [`${year} by quarter`, { year, by: 'quarter' }],
      ['courses in Spanish', { language: 'es' }],
    ];
    for (const report of reportDefinitions)
      for (const [label, filters] of filterSets)
        add(
          `${report.id} (${label})`,
          await median(() => report.load({ by: 'month', ...filters } as ReportFilters, 'en')),
        );
  } finally {
    await mongoose.connection.db?.dropDatabase().catch(() => {});
    await closeStores(context);
  }
  return results;
}
