// Benchmark: syncing a 1,000-participant webinar where everyone rejoined once (2,000 report rows,
// 7 pages from a local fake Zoom), against a floor measured in the same run: inserting the same
// number of rows into the same store. Reported as seconds and as a ratio to the floor.
import mongoose from 'mongoose';
import { syncLiveSessionJob } from '../attendance';
import { AttendanceRowModel } from '../attendance/attendance-row.model';
import { UserModel } from '../accounts/user.model';
import { EnrollmentModel } from '../courses/enrollment/enrollment.model';
import { ModuleProgressModel } from '../courses/progress/module-progress.model';
import { createMailTransport } from '../mail';
import { closeStores, connectStores } from '../server/bootstrap';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { FakeZoom, zoomRow } from '../test/support/fake-zoom';
import { createPublishedCourse } from '../test/support/factories';

const participants = 1000;

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

export async function benchAttendanceSync(): Promise<
  Array<{ name: string; seconds: number; ratio: number }>
> {
  const zoom = await new FakeZoom().start();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_DB: `bench_${process.pid}`,
    REDIS_PREFIX: `bench-${process.pid}`,
    ...zoom.env(),
  });
  const logger = createLogger(config);
  const context = await connectStores(config, logger);
  try {
    const start = new Date('2026-11-20T14:00:00Z');
    const users = await UserModel.insertMany(
      Array.from({ length: participants }, (_, i) => ({
        email: `p${i}@bench.example`,
        passwordHash: 'x',
        displayName: `Participant ${i}`,
        certificateName: `Participant ${i}`,
        language: 'en',
        roles: ['student'],
      })),
    );
    const course = await createPublishedCourse('bench-webinar', [
      {
        kind: 'live_session',
        title: 'Webinar',
        startsAt: start,
        durationMinutes: 60,
        meetingId: '86000000001',
        meetingKind: 'webinar',
      },
    ]);
    const moduleId = course.modules[0]!._id;
    await EnrollmentModel.insertMany(
      users.map((user) => ({
        student: user._id,
        course: course._id,
        status: 'active',
        source: 'course',
        enrolledAt: new Date(),
      })),
    );
    zoom.meetings.set('86000000001', {
      reports: {
        '86000000001': users.flatMap((user, i) => [
          zoomRow(start, 0, 30, { name: `Participant ${i}`, user_email: user.email }),
          zoomRow(start, 32, 60, { name: `Participant ${i}`, user_email: user.email }),
        ]),
      },
    });

    // Floor: the store's own cost for as many rows as the report has.
    const scratch = mongoose.connection.db!.collection('bench_floor');
    const floor = await timed(() =>
      scratch.insertMany(
        Array.from({ length: participants * 2 }, (_, i) => ({
          i,
          name: `Participant ${i}`,
          at: new Date(),
        })),
      ),
    );
    const services = {
      config,
      jobs: context.jobs,
      events: context.events,
      mailTransport: createMailTransport(config.mail),
    };
    const perform = () =>
      syncLiveSessionJob.perform({ moduleId: String(moduleId) }, { logger, attempt: 1, services });
    const first = await timed(perform);
    const credited = await ModuleProgressModel.countDocuments({
      module: moduleId,
      completedVia: 'attendance',
    });
    const rows = await AttendanceRowModel.countDocuments({ session: moduleId });
    if (credited !== participants || rows !== participants * 2)
      throw new Error(
        `expected ${participants} credited and ${participants * 2} rows, got ${credited} and ${rows}`,
      );
    const again = await timed(perform);
    return [
      { name: `floor: insert ${participants * 2} rows`, seconds: floor.seconds, ratio: 1 },
      {
        name: `first sync of a ${participants}-participant webinar (2 rows each, 7 pages)`,
        seconds: first.seconds,
        ratio: first.seconds / floor.seconds,
      },
      {
        name: 're-sync of the same report (nothing new)',
        seconds: again.seconds,
        ratio: again.seconds / floor.seconds,
      },
    ];
  } finally {
    await mongoose.connection.db?.dropDatabase().catch(() => {});
    await closeStores(context);
    await zoom.stop();
  }
}
