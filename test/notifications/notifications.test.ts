// In-app notifications beside the emails: a badge earned or revoked, a badge about to expire, a
// live session within a day. Each fact is one notification however often its job runs; the
// header counts the new ones until the person opens the list.
import { AwardModel } from '../../badges/awards/award.model';
import { expiryRemindersJob } from '../../badges/awards/expiry-reminders.job';
import { remindUpcomingSessionsJob } from '../../courses/progress/remind-upcoming-sessions.job';
import { NotificationModel } from '../../notifications/notification.model';
import { signedInHolder } from '../support/badges';
import {
  createPublishedCourse,
  createTestUser,
  enrollTestStudent,
  testPassword,
} from '../support/factories';
import { apiLogin, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

const headerCount = (html: string) =>
  /class="nav-notifications"[^>]*>[^<]*<span class="count-badge">(\d+)/.exec(html)?.[1] ?? null;

test('a badge earned shows once in the notifications, counted in the header until the list is opened', async () => {
  const { session, award } = await signedInHolder(campus, 'notified', { language: 'es' });
  await campus.drainJobs(); // a second run of every job: still one notification
  expect(await NotificationModel.countDocuments({ recipient: award.student })).toBe(1);

  const dashboard = await session.get('/dashboard').expect(200);
  expect(headerCount(dashboard.text)).toBe('1');
  const list = await session.get('/notifications').expect(200);
  expect(list.text).toContain('Obtuviste la insignia «notified basic badge»');
  expect(list.text).toContain('notification-new');
  const after = await session.get('/dashboard').expect(200);
  expect(headerCount(after.text)).toBeNull();
  const again = await session.get('/notifications').expect(200);
  expect(again.text).not.toContain('notification-new');
});

test('a revoked badge is told to its holder, with the reason, once', async () => {
  const { award, student } = await signedInHolder(campus, 'revoked-notice', {});
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  for (let attempt = 0; attempt < 2; attempt += 1)
    await admin.agent
      .post(`/api/v1/admin/awards/${award.publicId}/revoke`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Exam answers were shared' })
      .expect(200);
  await campus.drainJobs();
  const { agent } = await apiLogin(campus.app, { email: student.email, password: testPassword });
  const response = await agent.get('/api/v1/me/notifications').expect(200);
  const revoked = response.body.notifications.filter(
    (notification: { kind: string }) => notification.kind === 'badge-revoked',
  );
  expect(revoked).toHaveLength(1);
  expect(revoked[0]).toMatchObject({
    link: `/badges/assertions/${award.publicId}`,
    message: { values: { reason: 'Exam answers were shared' } },
  });
});

test('a badge about to expire is announced once per reminder', async () => {
  const { award } = await signedInHolder(campus, 'expiring-notice', {});
  const now = new Date();
  await AwardModel.updateOne(
    { _id: award._id },
    {
      $set: {
        issuedOn: new Date(now.getTime() - 700 * 86_400_000),
        expires: new Date(now.getTime() + 20 * 86_400_000),
      },
    },
  );
  await campus.runJob(expiryRemindersJob, {});
  await campus.runJob(expiryRemindersJob, {});
  const notices = await NotificationModel.find({
    recipient: award.student,
    kind: 'badge-expiring',
  }).lean();
  expect(notices).toHaveLength(1);
  expect(notices[0]!.message!.values).toMatchObject({ days: 20 });
});

test('students enrolled in a course hear of its live session a day before, once, in their language', async () => {
  const startsAt = new Date(Date.now() + 5 * 60 * 60 * 1000);
  const course = await createPublishedCourse('notified-sessions', [
    { kind: 'live_session', title: 'Clinic: RPKI questions', startsAt, durationMinutes: 60 },
    { kind: 'live_session', title: 'Next month', startsAt: new Date(Date.now() + 30 * 86_400_000) },
  ]);
  const enrolled = await createTestUser({ language: 'pt' });
  const other = await createTestUser();
  await enrollTestStudent(enrolled._id, course._id);
  await campus.runJob(remindUpcomingSessionsJob, {});
  await campus.runJob(remindUpcomingSessionsJob, {});
  const notices = await NotificationModel.find({ recipient: enrolled._id }).lean();
  expect(notices).toHaveLength(1);
  expect(notices[0]!.link).toBe(`/learn/notified-sessions/modules/${course.modules[0]!._id}`);
  expect(await NotificationModel.countDocuments({ recipient: other._id })).toBe(0);

  const session = browser(campus.app);
  await submitForm(session, '/login', '/login', { email: enrolled.email, password: testPassword });
  const list = await session.get('/notifications').expect(200);
  expect(list.text).toContain(
    '“Clinic: RPKI questions” (Course notified-sessions) começa em menos de um dia.',
  );
});

test('notifications are their owner’s alone, and the page asks visitors to log in', async () => {
  await browser(campus.app)
    .get('/notifications')
    .expect(302)
    .expect('Location', /\/login/);
  await browser(campus.app).get('/api/v1/me/notifications').expect(401);
});
