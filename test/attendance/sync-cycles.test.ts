// A live session is synced more than once (the meeting restarted, a re-sync, a late webhook): each
// cycle's retries must really run. These tests let the real bull worker run the delayed jobs (a
// delayed job is promoted instead of waiting its minutes), against the fake Zoom.
import request from 'supertest';
import { sweepLiveSessionsJob } from '../../attendance';
import { SessionSyncModel } from '../../attendance/session-sync.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { FakeZoom, zoomRow } from '../support/fake-zoom';
import { createPublishedCourse, createTestUser, enrollTestStudent } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let zoom: FakeZoom;
let campus: TestCampus;

beforeAll(async () => {
  zoom = await new FakeZoom().start();
  campus = await startTestCampus(zoom.env());
  campus.startWorker();
});
afterAll(async () => {
  await campus.close();
  await zoom.stop();
});

const syncQueue = () => campus.context.jobs.queue('sync-live-session');

async function liveSession(slug: string, meetingId: string, start: Date) {
  const course = await createPublishedCourse(slug, [
    { kind: 'live_session', title: 'Live', startsAt: start, durationMinutes: 60, meetingId },
  ]);
  return { course, moduleId: String(course.modules[0]!._id) };
}

/** Runs this session's delayed sync jobs now (as if their delay had passed). */
async function promoteDelayed(moduleId: string): Promise<number> {
  const delayed = (await syncQueue().getDelayed()).filter((job) => job.data.moduleId === moduleId);
  for (const job of delayed) await job.promote();
  return delayed.length;
}

/** Waits (bounded) until the worker has left the session's sync in this state. */
async function syncReaches(moduleId: string, state: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const sync = await SessionSyncModel.findOne({ session: moduleId }).lean();
    const counts = await syncQueue().getJobCounts();
    if (sync?.state === state && counts.active + counts.waiting === 0) return sync;
    if (Date.now() > deadline)
      throw new Error(`sync still ${sync?.state} (${JSON.stringify(counts)}), not ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ended = (meetingId: string, uuid: string) =>
  JSON.stringify({
    event: 'meeting.ended',
    event_ts: Date.now(),
    payload: { account_id: 'a', object: { id: meetingId, uuid, end_time: new Date() } },
  });

test('when a second sync cycle finds the report not ready yet, its retry runs and the session is synced', async () => {
  const start = new Date('2026-11-21T14:00:00Z');
  const { course, moduleId } = await liveSession('cycles-two', '86000000001', start);
  const [lia, leo] = [
    await createTestUser({ displayName: 'Lia', email: 'lia@cycles.example' }),
    await createTestUser({ displayName: 'Leo', email: 'leo@cycles.example' }),
  ];
  await enrollTestStudent(lia._id, course._id);
  await enrollTestStudent(leo._id, course._id);
  const report = [zoomRow(start, 0, 60, { name: 'Lia', user_email: 'lia@cycles.example' })];
  zoom.meetings.set('86000000001', { reports: { '86000000001': report }, notReadyTimes: 1 });

  // Cycle 1: the meeting ends, the report is not ready once, the retry syncs it.
  let body = ended('86000000001', 'inst-1==');
  await request(campus.app).post('/webhooks/zoom').set(zoom.sign(body)).send(body).expect(204);
  expect(await promoteDelayed(moduleId)).toBe(1);
  await syncReaches(moduleId, 'waiting_for_report');
  expect(await promoteDelayed(moduleId)).toBe(1);
  expect(await syncReaches(moduleId, 'synced')).toMatchObject({ present: 1 });

  // Cycle 2: the host restarts the meeting; Leo attends; Zoom is slow with the report again.
  report.push(zoomRow(start, 0, 60, { name: 'Leo', user_email: 'leo@cycles.example' }));
  zoom.meetings.get('86000000001')!.notReadyTimes = 1;
  body = ended('86000000001', 'inst-2==');
  await request(campus.app).post('/webhooks/zoom').set(zoom.sign(body)).send(body).expect(204);
  expect(await promoteDelayed(moduleId)).toBe(1);
  await syncReaches(moduleId, 'waiting_for_report');
  // The retry is really queued (it was dropped: its id was the first cycle's kept job's).
  expect(await promoteDelayed(moduleId)).toBe(1);
  expect(await syncReaches(moduleId, 'synced')).toMatchObject({ present: 2 });
  expect(
    await ModuleProgressModel.findOne({ student: leo._id, module: moduleId }).lean(),
  ).toMatchObject({ completedVia: 'attendance' });
});

test('when a waiting sync’s next attempt is overdue, the sweep queues it again once and it finishes', async () => {
  const start = new Date(Date.now() - 3 * 3600_000);
  const { course, moduleId } = await liveSession('cycles-overdue', '86000000002', start);
  const ivo = await createTestUser({ displayName: 'Ivo', email: 'ivo@cycles.example' });
  await enrollTestStudent(ivo._id, course._id);
  zoom.meetings.set('86000000002', {
    reports: {
      '86000000002': [zoomRow(start, 0, 60, { name: 'Ivo', user_email: 'ivo@cycles.example' })],
    },
  });
  // A retry that was due an hour ago and is nowhere in Redis (lost, or dropped as a duplicate id).
  await SessionSyncModel.create({
    session: moduleId,
    course: course._id,
    state: 'waiting_for_report',
    attempts: 2,
    cycle: 3,
    nextAttemptAt: new Date(Date.now() - 3600_000),
  });
  // A sync waiting for a time still to come is left alone.
  const { course: later, moduleId: laterId } = await liveSession(
    'cycles-not-due',
    '86000000003',
    start,
  );
  await SessionSyncModel.create({
    session: laterId,
    course: later._id,
    state: 'rate_limited',
    attempts: 1,
    nextAttemptAt: new Date(Date.now() + 3600_000),
  });

  await campus.runJob(sweepLiveSessionsJob, {});
  await campus.runJob(sweepLiveSessionsJob, {});
  expect(await syncReaches(moduleId, 'synced')).toMatchObject({ present: 1, attempts: 0 });
  const queued = await syncQueue().getJobs(['completed', 'waiting', 'active', 'delayed']);
  expect(queued.filter((job) => job.data.moduleId === moduleId)).toHaveLength(1);
  expect(queued.filter((job) => job.data.moduleId === laterId)).toHaveLength(0);
  expect(await SessionSyncModel.findOne({ session: laterId }).lean()).toMatchObject({
    state: 'rate_limited',
  });
});

test('when a sync has been left “syncing” for hours (its job lost), the sweep queues it again and it finishes', async () => {
  const start = new Date(Date.now() - 5 * 3600_000);
  const { course, moduleId } = await liveSession('cycles-stuck', '86000000004', start);
  const ada = await createTestUser({ displayName: 'Ada', email: 'ada@cycles.example' });
  await enrollTestStudent(ada._id, course._id);
  zoom.meetings.set('86000000004', {
    reports: {
      '86000000004': [zoomRow(start, 0, 60, { name: 'Ada', user_email: 'ada@cycles.example' })],
    },
  });
  await SessionSyncModel.create({
    session: moduleId,
    course: course._id,
    state: 'syncing',
    attempts: 1,
    lastAttemptAt: new Date(Date.now() - 2 * 3600_000),
  });
  await campus.runJob(sweepLiveSessionsJob, {});
  expect(await syncReaches(moduleId, 'synced')).toMatchObject({ present: 1 });
});
