// What admins and instructors see and do: sync states with "sync now", the reconciliation queue
// (link or ignore, remembered), access by role and ownership, and the sweep of lost sessions.
import { Types } from 'mongoose';
import { sweepLiveSessionsJob, syncLiveSessionJob } from '../../attendance';
import { SessionSyncModel } from '../../attendance/session-sync.model';
import { CourseModel } from '../../courses/catalog/course.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { FakeZoom, zoomRow } from '../support/fake-zoom';
import {
  createPublishedCourse,
  createTestUser,
  testPassword,
  enrollTestStudent,
} from '../support/factories';
import { apiLogin, browser, submitForm, type Agent } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let zoom: FakeZoom;
let campus: TestCampus;
const start = new Date(Date.now() - 3 * 3600_000);

beforeAll(async () => {
  zoom = await new FakeZoom().start();
  campus = await startTestCampus(zoom.env());
});
afterAll(async () => {
  await campus.close();
  await zoom.stop();
});

const runSync = (moduleId: string) => campus.runJob(syncLiveSessionJob, { moduleId });

async function loggedIn(roles: ('admin' | 'instructor')[], language: 'en' | 'es' = 'en') {
  const user = await createTestUser({ roles, language });
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
  return { agent, user };
}

async function sessionWithGuest(slug: string, meetingId: string, instructorIds: string[] = []) {
  const course = await createPublishedCourse(
    slug,
    [
      {
        kind: 'live_session',
        title: `Live ${slug}`,
        startsAt: start,
        durationMinutes: 60,
        meetingId,
      },
    ],
    instructorIds,
  );
  const moduleId = String(course.modules[0]!._id);
  const student = await createTestUser({
    displayName: 'Rosa Quispe',
    email: `rosa-${slug}@example.org`,
  });
  await enrollTestStudent(student._id, course._id);
  zoom.meetings.set(meetingId, {
    reports: {
      [meetingId]: [
        zoomRow(start, 0, 60, { name: 'Rosa Q.', user_email: 'rosa.personal@example.net' }),
      ],
    },
  });
  return { course, moduleId, student };
}

describe('the admin attendance page', () => {
  test('it lists sessions with their state; "sync now" queues one sync however often it is pressed; others get 403', async () => {
    const { moduleId } = await sessionWithGuest('admin-sync', '84000000001');
    const { agent: admin } = await loggedIn(['admin']);
    const before = await admin.get('/admin/attendance').expect(200);
    expect(before.text).toContain('Live admin-sync');
    expect(before.text).toContain('Not synced yet');
    for (let press = 0; press < 2; press++) {
      const pressed = await submitForm(
        admin,
        '/admin/attendance',
        `/admin/attendance/${moduleId}/sync`,
        {},
      );
      expect(pressed.status).toBe(302);
    }
    const waiting = await campus.context.jobs.queue('sync-live-session').getWaiting();
    expect(waiting.filter((job) => job.data.moduleId === moduleId)).toHaveLength(1);
    const queued = await admin.get('/admin/attendance').expect(200);
    expect(queued.text).toContain('Queued');
    expect(queued.text).toContain('http-equiv="refresh"');

    await runSync(moduleId);
    const synced = await admin.get('/admin/attendance').expect(200);
    expect(synced.text).toContain('0 present of 1');
    expect(synced.text).toContain('1 to match');

    const { agent: instructor } = await loggedIn(['instructor']);
    await instructor.get('/admin/attendance').expect(403);
  });

  test('a Spanish admin reads the sessions and their courses in Spanish where they are translated', async () => {
    const { course } = await sessionWithGuest('admin-sync-es', '84000000002');
    await CourseModel.updateOne(
      { _id: course._id },
      {
        $set: {
          'translations.es.title': 'Curso traducido',
          'modules.0.translations.es.title': 'Sesión en vivo traducida',
        },
      },
    );
    const { agent: spanishAdmin } = await loggedIn(['admin'], 'es');
    const page = await spanishAdmin.get('/admin/attendance').expect(200);
    expect(page.text).toContain('<strong>Sesión en vivo traducida</strong>');
    expect(page.text).toContain('Curso traducido ·');
    // An English reader still gets the titles as written.
    const { agent: englishAdmin } = await loggedIn(['admin']);
    const english = await englishAdmin.get('/admin/attendance').expect(200);
    expect(english.text).toContain('<strong>Live admin-sync-es</strong>');
  });
});

describe('the reconciliation queue', () => {
  let instructor: Agent;
  let moduleId: string;
  let slug: string;
  let student: { _id: Types.ObjectId };

  beforeAll(async () => {
    const login = await loggedIn(['instructor']);
    instructor = login.agent;
    const setup = await sessionWithGuest('reconcile', '84000000002', [String(login.user._id)]);
    ({ moduleId, student } = setup);
    slug = setup.course.slug;
    await runSync(moduleId);
  });

  test('the course’s instructor links a participant; the student is credited and the link is remembered', async () => {
    const page = `/teach/courses/${slug}/live-sessions/${moduleId}/reconcile`;
    const queue = await instructor.get(page).expect(200);
    expect(queue.text).toContain('Rosa Q.');
    expect(queue.text).toContain('Similar names');
    const linked = await submitForm(instructor, page, page, {
      participantKey: 'email:rosa.personal@example.net',
      studentId: String(student._id),
      action: 'link',
    });
    expect(linked.status).toBe(302);
    expect(linked.headers.location).toBe(page);
    expect(
      await ModuleProgressModel.findOne({ student: student._id, module: moduleId }).lean(),
    ).toMatchObject({ completedVia: 'attendance', attendedMinutes: 60 });
    expect((await instructor.get(page).expect(200)).text).toContain(
      'Everyone who attended is matched.',
    );
    // A later sync of the same session keeps the link.
    await runSync(moduleId);
    expect(await SessionSyncModel.findOne({ session: moduleId }).lean()).toMatchObject({
      present: 1,
      unmatched: 0,
    });
  });

  test('another instructor gets 403; linking a student not enrolled is a 422 that changes nothing; ignoring empties the queue', async () => {
    const other = await createTestUser({ roles: ['instructor'] });
    const otherApi = await apiLogin(campus.app, { email: other.email, password: testPassword });
    await otherApi.agent
      .get(`/api/v1/authoring/courses/${slug}/live-sessions/${moduleId}/unmatched`)
      .expect(403);

    const setup = await sessionWithGuest('reconcile-api', '84000000003');
    await runSync(setup.moduleId);
    const admin = await createTestUser({ roles: ['admin'] });
    const api = await apiLogin(campus.app, { email: admin.email, password: testPassword });
    const path = `/api/v1/authoring/courses/${setup.course.slug}/live-sessions/${setup.moduleId}/unmatched`;
    const stranger = await createTestUser();
    const refused = await api.agent
      .post(`${path}/resolve`)
      .set('x-csrf-token', api.csrf)
      .send({ participantKey: 'email:rosa.personal@example.net', studentId: String(stranger._id) })
      .expect(422);
    expect(refused.body.errors[0].field).toBe('student');
    expect((await api.agent.get(path).expect(200)).body.queue.entries).toHaveLength(1);
    const ignored = await api.agent
      .post(`${path}/resolve`)
      .set('x-csrf-token', api.csrf)
      .send({ participantKey: 'email:rosa.personal@example.net', studentId: null })
      .expect(200);
    expect(ignored.body.summary).toMatchObject({ present: 0, unmatched: 0 });
    expect(
      await ModuleProgressModel.exists({ student: setup.student._id, module: setup.moduleId }),
    ).toBeNull();
  });
});

describe('the sweep', () => {
  test('sessions that ended without a sync are queued once a day; synced ones are left alone', async () => {
    const lost = await sessionWithGuest('sweep-lost', '84000000004');
    const done = await sessionWithGuest('sweep-done', '84000000005');
    await runSync(done.moduleId);
    for (let run = 0; run < 2; run++) await campus.runJob(sweepLiveSessionsJob, {});
    const day = new Date().toISOString().slice(0, 10);
    const queue = campus.context.jobs.queue('sync-live-session');
    expect(await queue.getJob(`sync-live-session:${lost.moduleId}:sweep:${day}`)).not.toBeNull();
    expect(await queue.getJob(`sync-live-session:${done.moduleId}:sweep:${day}`)).toBeNull();
    const waiting = (await queue.getWaiting()).filter((job) => job.data.moduleId === lost.moduleId);
    expect(waiting.length).toBeLessThanOrEqual(1);
  });
});
