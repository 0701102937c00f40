// In-person tutorials: attendance from the events system's check-in list (entries and exits).
import { Types } from 'mongoose';
import { syncLiveSessionJob } from '../../attendance';
import { SessionSyncModel } from '../../attendance/session-sync.model';
import { UnmatchedParticipantModel } from '../../attendance/unmatched-participant.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { FakeCheckins } from '../support/fake-checkins';
import { createPublishedCourse, createTestUser, enrollTestStudent } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let events: FakeCheckins;
let campus: TestCampus;

beforeAll(async () => {
  events = await new FakeCheckins().start();
  campus = await startTestCampus(events.env());
});
afterAll(async () => {
  await campus.close();
  await events.stop();
});

const runSync = async (moduleId: string) => {
  await campus.runJob(syncLiveSessionJob, { moduleId });
  return SessionSyncModel.findOne({ session: moduleId }).lean();
};

test('entries and exits become intervals across pages; a ticket without an email waits to be matched; a 429 is waited out', async () => {
  const course = await createPublishedCourse('tutorial-in-person', [
    {
      kind: 'live_session',
      title: 'IPv6 tutorial (hybrid event)',
      startsAt: new Date('2026-11-20T14:00:00Z'),
      durationMinutes: 60,
      meetingKind: 'checkin_list',
      meetingId: 'lacnic/lacnic46/7',
    },
  ]);
  const moduleId = String(course.modules[0]!._id);
  const students: Array<{ _id: Types.ObjectId }> = [];
  for (const email of ['ines@example.org', 'omar@example.org']) {
    const student = await createTestUser({ email, displayName: email.split('@')[0]! });
    await enrollTestStudent(student._id, course._id);
    students.push(student);
  }
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 14, minute)).toISOString();
  events.lists.set('lacnic/lacnic46/7', [
    // Inés leaves for a coffee and comes back without checking out: 0–40 and 45–end = 55 min.
    {
      id: 1,
      attendee_name: 'Inés',
      attendee_email: 'INES@example.org',
      checkins: [
        { type: 'entry', datetime: at(0), gate: 1 },
        { type: 'exit', datetime: at(40), gate: 1 },
        { type: 'entry', datetime: at(45), gate: 2 },
      ],
    },
    // Omar's entry was not scanned, only his exit at half time: 30 min, absent.
    {
      id: 2,
      attendee_name: 'Omar',
      attendee_email: 'omar@example.org',
      checkins: [{ type: 'exit', datetime: at(30), gate: 1 }],
    },
    {
      id: 3,
      attendee_name: 'Walk-in',
      attendee_email: null,
      checkins: [{ type: 'entry', datetime: at(10), gate: 1 }],
    },
    { id: 4, attendee_name: 'No show', attendee_email: 'noshow@example.org', checkins: [] },
  ]);
  events.rateLimitOnce = true;
  const paused = await runSync(moduleId);
  expect(paused).toMatchObject({ state: 'rate_limited' });
  expect(paused!.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(100_000);

  expect(await runSync(moduleId)).toMatchObject({
    state: 'synced',
    participants: 3,
    present: 1,
    unmatched: 1,
  });
  const [ines, omar] = students as [{ _id: Types.ObjectId }, { _id: Types.ObjectId }];
  expect(
    await ModuleProgressModel.findOne({ student: ines._id, module: moduleId }).lean(),
  ).toMatchObject({ attendedMinutes: 55, completedVia: 'attendance' });
  const omarProgress = await ModuleProgressModel.findOne({
    student: omar._id,
    module: moduleId,
  }).lean();
  expect(omarProgress).toMatchObject({ attendedMinutes: 30 });
  expect(omarProgress?.completedAt).toBeUndefined();
  expect(await UnmatchedParticipantModel.findOne({ session: moduleId }).lean()).toMatchObject({
    name: 'Walk-in',
    minutes: 50,
    participantKey: 'checkin:lacnic/lacnic46/3',
  });
});

test('an unknown check-in list or a missing events system is a failed sync with the reason', async () => {
  const course = await createPublishedCourse('tutorial-unknown-list', [
    {
      kind: 'live_session',
      title: 'Unknown list',
      startsAt: new Date('2026-11-20T14:00:00Z'),
      durationMinutes: 60,
      meetingKind: 'checkin_list',
      meetingId: 'lacnic/lacnic46/99',
    },
  ]);
  expect(await runSync(String(course.modules[0]!._id))).toMatchObject({
    state: 'failed',
    lastError: 'The events system has no such check-in list.',
  });
});
