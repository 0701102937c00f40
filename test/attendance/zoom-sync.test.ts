// Attendance synced from a faithful local fake of Zoom (test/support/fake-zoom.ts). The sync job
// is run as the worker would run it, one scheduled attempt at a time, so retries that Zoom makes
// wait minutes for are checked by the delayed job they leave in Redis.
import { Types } from 'mongoose';
import request from 'supertest';
import { UserModel } from '../../accounts/user.model';
import { registerZoomRegistrantsJob, syncLiveSessionJob } from '../../attendance';
import { AttendanceRowModel } from '../../attendance/attendance-row.model';
import { ParticipantLinkModel } from '../../attendance/participant-link.model';
import { SessionRegistrantModel } from '../../attendance/session-registrant.model';
import { SessionSyncModel } from '../../attendance/session-sync.model';
import { UnmatchedParticipantModel } from '../../attendance/unmatched-participant.model';
import { retryJobId } from '../../attendance/sync-live-session.job';
import { EnrollmentModel } from '../../courses/enrollment/enrollment.model';
import { CompletionModel } from '../../courses/completion/completion.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { FakeZoom, zoomRow, type FakeParticipant } from '../support/fake-zoom';
import { createPublishedCourse, createTestUser, enrollTestStudent } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let zoom: FakeZoom;
let campus: TestCampus;
const start = new Date('2026-11-20T14:00:00Z');

beforeAll(async () => {
  zoom = await new FakeZoom().start();
  campus = await startTestCampus(zoom.env());
  campus.startWorker();
});
afterAll(async () => {
  await campus.close();
  await zoom.stop();
});

/** One scheduled run of the sync job; its sync state after. */
async function runSync(moduleId: string) {
  await campus.runJob(syncLiveSessionJob, { moduleId });
  return SessionSyncModel.findOne({ session: moduleId }).lean();
}

async function liveSessionCourse(slug: string, meetingId: string, extra = {}) {
  const course = await createPublishedCourse(slug, [
    {
      kind: 'live_session',
      title: 'Live: RPKI Q&A',
      startsAt: start,
      durationMinutes: 60,
      meetingId,
      ...extra,
    },
  ]);
  return { course, moduleId: String(course.modules[0]!._id) };
}

type Student = { _id: Types.ObjectId };

async function enrolled(
  courseId: Types.ObjectId,
  people: { displayName: string; email?: string }[],
): Promise<Student[]> {
  const students: Student[] = [];
  for (const person of people) {
    const student = await createTestUser(person);
    await enrollTestStudent(student._id, courseId);
    students.push(student);
  }
  return students;
}

const progressOf = (studentId: Types.ObjectId, moduleId: string) =>
  ModuleProgressModel.findOne({ student: studentId, module: moduleId }).lean();

async function delayedJob(id: string) {
  const job = await campus.context.jobs.queue('sync-live-session').getJob(id);
  return job ? { delay: job.opts.delay ?? 0, state: await job.getState() } : null;
}

describe('syncing a Zoom meeting', () => {
  let moduleId: string;
  let courseId: Types.ObjectId;
  let ana: Student, bruno: Student, carla: Student, dario: Student, eva: Student, jose: Student;
  let rows: FakeParticipant[];

  beforeAll(async () => {
    const setup = await liveSessionCourse('zoom-basic', '81234567890');
    moduleId = setup.moduleId;
    courseId = setup.course._id;
    [ana, bruno, carla, dario, eva, jose] = (await enrolled(courseId, [
      { displayName: 'Ana Souza', email: 'ana@example.org' },
      { displayName: 'Bruno Díaz', email: 'bruno@example.org' },
      { displayName: 'Carla Gómez', email: 'carla@example.org' },
      { displayName: 'Darío Ruiz', email: 'dario@example.org' },
      { displayName: 'Eva Martín', email: 'eva@example.org' },
      { displayName: 'José Niño', email: 'jose@example.org' },
    ])) as [Student, Student, Student, Student, Student, Student];
    await SessionRegistrantModel.create({
      session: moduleId,
      student: ana!._id,
      registrantId: 'reg-ana',
      registeredAt: new Date(),
    });
    rows = [
      // Ana joins from her phone under another name and email: her registrant id says who she is.
      zoomRow(start, 0, 55, { name: 'iPhone', user_email: '', registrant_id: 'reg-ana' }),
      // Bruno's email, in another case.
      zoomRow(start, -5, 50, {
        name: 'B. Díaz',
        user_email: 'BRUNO@Example.org',
        participant_user_id: 'zu-bruno',
      }),
      // Carla rejoins twice with new user ids; her two devices overlap: 0–40 and 42–50 = 48 min.
      zoomRow(start, 0, 20, { name: 'Carla Gómez', user_email: 'carla@example.org' }),
      zoomRow(start, 18, 40, { name: 'Carla Gómez', user_email: 'carla@example.org' }),
      zoomRow(start, 42, 50, { name: 'Carla Gómez', user_email: 'carla@example.org' }),
      // Darío leaves half way: time recorded, not present.
      zoomRow(start, 0, 30, { name: 'Darío', user_email: 'dario@example.org' }),
      // Eva only ever sat in the waiting room.
      zoomRow(start, 0, 60, {
        name: 'Eva',
        user_email: 'eva@example.org',
        status: 'in_waiting_room',
      }),
      // A guest with no email whose name looks like José's: a suggestion, never a credit.
      zoomRow(start, 0, 60, { name: 'jose nino', user_email: '' }),
    ];
    zoom.meetings.set('81234567890', { reports: { '81234567890': rows } });
  });

  test('when the session ends, registrants, emails and rejoins are credited; the waiting room and a look-alike guest are not', async () => {
    const sync = await runSync(moduleId);
    expect(sync).toMatchObject({ state: 'synced', participants: 5, present: 3, unmatched: 1 });

    const anaProgress = await progressOf(ana._id, moduleId);
    expect(anaProgress).toMatchObject({ completedVia: 'attendance', attendedMinutes: 55 });
    expect(await progressOf(bruno._id, moduleId)).toMatchObject({ attendedMinutes: 50 });
    expect((await progressOf(carla._id, moduleId))?.attendedMinutes).toBe(48);
    const darioProgress = await progressOf(dario._id, moduleId);
    expect(darioProgress).toMatchObject({ attendedMinutes: 30, attendedShare: 0.5 });
    expect(darioProgress?.completedAt).toBeUndefined();
    expect(await progressOf(eva._id, moduleId)).toBeNull();
    expect(await progressOf(jose._id, moduleId)).toBeNull();

    const queue = await UnmatchedParticipantModel.find({ session: moduleId }).lean();
    expect(queue).toEqual([
      expect.objectContaining({ name: 'jose nino', minutes: 60, suggestions: [jose._id] }),
    ]);
    // The live session was the course's only module: attending it completes the course.
    await campus.drainJobs();
    expect(await CompletionModel.exists({ student: ana._id, scope: 'course' })).toBeTruthy();
  });

  test('a re-sync stores nothing twice and never lowers time; an instructor’s “absent” stays', async () => {
    const before = await AttendanceRowModel.countDocuments({ session: moduleId });
    expect(before).toBe(rows.length);
    await ModuleProgressModel.updateOne(
      { student: dario._id, module: moduleId },
      {
        $set: {
          attendanceOverride: {
            present: false,
            by: new Types.ObjectId(),
            at: new Date(),
            note: 'Camera off',
          },
        },
      },
    );
    // Zoom's later report drops Carla's last rejoin and credits Darío with the whole hour.
    zoom.meetings.get('81234567890')!.reports['81234567890'] = [
      ...rows.slice(0, 4),
      zoomRow(start, 0, 60, { name: 'Darío', user_email: 'dario@example.org' }),
    ];
    await runSync(moduleId);
    await runSync(moduleId);
    expect(await AttendanceRowModel.countDocuments({ session: moduleId })).toBe(before + 1);
    expect((await progressOf(carla._id, moduleId))?.attendedMinutes).toBe(48);
    const darioProgress = await progressOf(dario._id, moduleId);
    expect(darioProgress?.attendedMinutes).toBe(60);
    expect(darioProgress?.completedAt).toBeUndefined();
  });

  test('an instructor’s link is remembered: the guest is credited on the next sync and leaves the queue', async () => {
    await ParticipantLinkModel.create({
      course: courseId,
      participantKey: 'name:jose nino',
      // A link made from a name holds for its session only.
      session: moduleId,
      student: jose._id,
      by: new Types.ObjectId(),
      at: new Date(),
    });
    const sync = await runSync(moduleId);
    expect(sync?.unmatched).toBe(0);
    expect(await progressOf(jose._id, moduleId)).toMatchObject({ completedVia: 'attendance' });
    expect(await UnmatchedParticipantModel.countDocuments({ session: moduleId })).toBe(0);
  });
});

describe('when Zoom is not ready, busy, or unusual', () => {
  test('3001 and then an empty report: the job comes back later, each retry queued once', async () => {
    const { course, moduleId } = await liveSessionCourse('zoom-not-ready', '82000000001');
    const [student] = await enrolled(course._id, [
      { displayName: 'Lia', email: 'lia@example.org' },
    ]);
    zoom.meetings.set('82000000001', {
      reports: {
        '82000000001': [zoomRow(start, 0, 60, { name: 'Lia', user_email: 'lia@example.org' })],
      },
      notReadyTimes: 1,
      emptyTimes: 1,
    });
    expect(await runSync(moduleId)).toMatchObject({ state: 'waiting_for_report', attempts: 1 });
    const first = await delayedJob(retryJobId(moduleId, 0, 1));
    expect(first).toMatchObject({ state: 'delayed' });
    expect(first!.delay).toBeGreaterThan(50_000);
    expect(await runSync(moduleId)).toMatchObject({ state: 'waiting_for_report', attempts: 2 });
    expect((await delayedJob(retryJobId(moduleId, 0, 2)))!.delay).toBeGreaterThan(110_000);
    expect(await runSync(moduleId)).toMatchObject({ state: 'synced', present: 1, attempts: 0 });
    expect(await progressOf(student!._id, moduleId)).toMatchObject({ completedVia: 'attendance' });
  });

  test('429 with a date in Retry-After: the sync waits until that time', async () => {
    const { course, moduleId } = await liveSessionCourse('zoom-429', '82000000002');
    await enrolled(course._id, [{ displayName: 'Max', email: 'max@example.org' }]);
    const retryAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10 * 60_000);
    zoom.meetings.set('82000000002', {
      reports: {
        '82000000002': [zoomRow(start, 0, 60, { name: 'Max', user_email: 'max@example.org' })],
      },
      rateLimitOnce: { retryAfter: retryAt.toUTCString() },
    });
    const sync = await runSync(moduleId);
    expect(sync).toMatchObject({ state: 'rate_limited', nextAttemptAt: retryAt });
    const job = await delayedJob(retryJobId(moduleId, 0, 1));
    expect(Math.abs(job!.delay - (retryAt.getTime() - Date.now()))).toBeLessThan(5_000);
    expect(await runSync(moduleId)).toMatchObject({ state: 'synced', present: 1 });
  });

  test('on Zoom’s daily limit without a Retry-After, the sync waits for the next UTC day', async () => {
    const { course, moduleId } = await liveSessionCourse('zoom-daily', '82000000005');
    await enrolled(course._id, [{ displayName: 'Ivo', email: 'ivo@example.org' }]);
    zoom.meetings.set('82000000005', {
      reports: {
        '82000000005': [zoomRow(start, 0, 60, { name: 'Ivo', user_email: 'ivo@example.org' })],
      },
      rateLimitOnce: { type: 'Daily-limit' },
    });
    const now = new Date();
    const midnight = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    );
    expect(await runSync(moduleId)).toMatchObject({
      state: 'rate_limited',
      nextAttemptAt: midnight,
    });
  });

  test('instance UUIDs with "/" and "//" are encoded twice; an expired page token restarts the listing', async () => {
    const uuid = '/Ab//cD+ef==';
    const { course, moduleId } = await liveSessionCourse('zoom-uuid', '82000000003');
    const people = Array.from({ length: 650 }, (_, i) => ({
      displayName: `P${i}`,
      email: `p${i}@uuid.example`,
    }));
    const users = await UserModel.insertMany(
      people.map((person) => ({
        ...person,
        passwordHash: 'x',
        certificateName: person.displayName,
        language: 'en',
        roles: ['student'],
      })),
    );
    await EnrollmentModel.insertMany(
      users.map((user) => ({
        student: user._id,
        course: course._id,
        status: 'active',
        source: 'course',
        enrolledAt: new Date(),
      })),
    );
    zoom.meetings.set('82000000003', {
      instances: [
        { uuid: 'old-instance==', start_time: '2026-10-01T14:00:00Z' },
        { uuid, start_time: start.toISOString() },
      ],
      reports: {
        [uuid]: people.map((person) =>
          zoomRow(start, 0, 50, { name: person.displayName, user_email: person.email }),
        ),
        'old-instance==': [
          zoomRow(new Date('2026-10-01T14:00:00Z'), 0, 60, {
            name: 'P1',
            user_email: 'p1@uuid.example',
          }),
        ],
      },
      expirePageTokenOnce: true,
    });
    const sync = await runSync(moduleId);
    expect(sync).toMatchObject({
      state: 'synced',
      participants: 650,
      present: 650,
      progress: { rows: 650, total: 650 },
    });
    expect(await AttendanceRowModel.countDocuments({ session: moduleId })).toBe(650);
    // The October instance of the same meeting is outside the session's window: never fetched.
    expect(zoom.requests.filter((line) => line.includes('old-instance'))).toEqual([]);
  });

  test('when Zoom hands out the same page token again and again, the sync stops and says why instead of paging for ever', async () => {
    const { course, moduleId } = await liveSessionCourse('zoom-stuck-pages', '82000000005');
    await enrolled(course._id, [{ displayName: 'Paz', email: 'paz-stuck@example.org' }]);
    zoom.meetings.set('82000000005', {
      reports: {
        '82000000005': [
          zoomRow(start, 0, 60, { name: 'Paz', user_email: 'paz-stuck@example.org' }),
        ],
      },
      repeatPageToken: true,
    });
    const sync = await runSync(moduleId);
    expect(sync).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/page token/) });
    expect(
      zoom.requests.filter((line) => line.includes('82000000005/participants')).length,
    ).toBeLessThanOrEqual(3);
  });

  test('the access token is fetched once and renewed when Zoom revokes it', async () => {
    const { course, moduleId } = await liveSessionCourse('zoom-token', '82000000004');
    await enrolled(course._id, [{ displayName: 'Noa', email: 'noa@example.org' }]);
    zoom.meetings.set('82000000004', {
      reports: {
        '82000000004': [zoomRow(start, 0, 60, { name: 'Noa', user_email: 'noa@example.org' })],
      },
    });
    const issued = zoom.tokensIssued;
    await runSync(moduleId);
    await runSync(moduleId);
    expect(zoom.tokensIssued).toBe(issued);
    zoom.revokeTokens();
    expect(await runSync(moduleId)).toMatchObject({ state: 'synced' });
    expect(zoom.tokensIssued).toBe(issued + 1);
  });
});

describe('Zoom webhooks', () => {
  const post = (body: string, headers: Record<string, string>) =>
    request(campus.app).post('/webhooks/zoom').set(headers).send(body);

  test('URL validation is answered with the token signed by the secret', async () => {
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
    });
    const answer = await post(body, zoom.sign(body)).expect(200);
    const { createHmac } = await import('node:crypto');
    expect(answer.body).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', zoom.webhookSecret)
        .update('qgg8vlvZRS6UYooatFL8Aw')
        .digest('hex'),
    });
  });

  test('a bad or stale signature is a 401 and changes nothing; a malformed body is a 400', async () => {
    const { moduleId } = await liveSessionCourse('zoom-hook-bad', '83000000001');
    const body = JSON.stringify({
      event: 'meeting.ended',
      payload: { object: { id: '83000000001', uuid: 'u1==' } },
    });
    await post(body, zoom.sign(body, undefined, 'wrong-secret')).expect(401);
    await post(body, zoom.sign(body, Math.floor(Date.now() / 1000) - 600)).expect(401);
    await post(body, { 'content-type': 'application/json' }).expect(401);
    const tampered = body.replace('83000000001', '83000000009');
    await post(tampered, zoom.sign(body)).expect(401);
    const malformed = '{"event": "meeting.ended", "payload": ';
    await post(malformed, zoom.sign(malformed)).expect(400);
    const nameless = JSON.stringify({ payload: { object: { id: '83000000001' } } });
    const refused = await post(nameless, zoom.sign(nameless)).expect(422);
    expect(refused.body.errors[0].field).toBe('event');
    expect(await SessionSyncModel.exists({ session: moduleId })).toBeNull();
    expect(await delayedJob(`sync-live-session:${moduleId}:ended:u1==`)).toBeNull();
  });

  test('when Zoom sends a signed event the campus does not use, it is acknowledged with a 2xx and changes nothing', async () => {
    const { moduleId } = await liveSessionCourse('zoom-hook-unused', '83000000003');
    for (const name of ['meeting.started', 'meeting.participant_joined_waiting_room']) {
      const body = JSON.stringify({
        event: name,
        event_ts: Date.now(),
        payload: { account_id: 'a', object: { id: '83000000003', uuid: 'u3==' } },
      });
      await post(body, zoom.sign(body)).expect(204);
      // Unsigned or wrongly signed, it is still refused.
      await post(body, zoom.sign(body, undefined, 'wrong-secret')).expect(401);
    }
    expect(await SessionSyncModel.exists({ session: moduleId })).toBeNull();
    expect(
      (await campus.context.jobs.queue('sync-live-session').getDelayed()).filter(
        (job) => job.data.moduleId === moduleId,
      ),
    ).toEqual([]);
  });

  test('when the signature’s timestamp is in the future beyond the clock skew, it is refused as from the future; within it, accepted', async () => {
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      payload: { plainToken: 'future-token' },
    });
    const now = Math.floor(Date.now() / 1000);
    const future = await post(body, zoom.sign(body, now + 600)).expect(401);
    expect(future.text).toMatch(/in the future/);
    expect(future.text).not.toMatch(/too old/);
    const old = await post(body, zoom.sign(body, now - 600)).expect(401);
    expect(old.text).toMatch(/too old/);
    await post(body, zoom.sign(body, now + 60)).expect(200);
  });

  test('a session’s end queues one sync however often Zoom delivers it; participant events only mark activity', async () => {
    const { moduleId } = await liveSessionCourse('zoom-hook', '83000000002');
    const joined = JSON.stringify({
      event: 'meeting.participant_joined',
      event_ts: Date.now(),
      payload: {
        account_id: 'a',
        object: { id: 83000000002, uuid: 'inst-1==', participant: { user_name: 'X' } },
      },
    });
    await post(joined, zoom.sign(joined)).expect(204);
    expect(await SessionSyncModel.findOne({ session: moduleId }).lean()).toMatchObject({
      state: 'scheduled',
    });
    const ended = JSON.stringify({
      event: 'meeting.ended',
      event_ts: Date.now(),
      payload: {
        account_id: 'a',
        object: { id: '83000000002', uuid: 'inst-1==', end_time: new Date().toISOString() },
      },
    });
    for (let delivery = 0; delivery < 3; delivery++)
      await post(ended, zoom.sign(ended)).expect(204);
    const queue = campus.context.jobs.queue('sync-live-session');
    const delayed = (await queue.getDelayed()).filter((job) => job.data.moduleId === moduleId);
    expect(delayed.map((job) => job.id)).toEqual([`sync-live-session:${moduleId}:ended:inst-1==`]);
    const unknown = JSON.stringify({
      event: 'meeting.ended',
      payload: { object: { id: '89999999999', uuid: 'x' } },
    });
    await post(unknown, zoom.sign(unknown)).expect(204);
  });
});

describe('Zoom registrants', () => {
  test('students of an upcoming session are registered once each, so the report names them by registrant id', async () => {
    const soon = new Date(Date.now() + 2 * 24 * 3600_000);
    const course = await createPublishedCourse('zoom-registrants', [
      {
        kind: 'live_session',
        title: 'Upcoming webinar',
        startsAt: soon,
        durationMinutes: 60,
        meetingId: '85000000001',
        meetingKind: 'webinar',
      },
    ]);
    const moduleId = String(course.modules[0]!._id);
    await enrolled(course._id, [
      { displayName: 'Tomás Pérez Gil', email: 'tomas@example.org' },
      { displayName: 'Uma', email: 'uma@example.org' },
    ]);
    const run = () => campus.runJob(registerZoomRegistrantsJob, {});
    await run();
    const registrants = await SessionRegistrantModel.find({ session: moduleId }).lean();
    expect(registrants).toHaveLength(2);
    expect(registrants.every((row) => /^reg-/.test(row.registrantId) && row.joinUrl)).toBe(true);
    const calls = () =>
      zoom.requests.filter((line) => line === 'POST /v2/webinars/85000000001/registrants').length;
    expect(calls()).toBe(2);
    await run();
    expect(calls()).toBe(2);
  });
});
