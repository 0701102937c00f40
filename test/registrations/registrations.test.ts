// Registrations pushed (or exported) by the events system become accounts and enrolments.
import { UserModel } from '../../accounts/user.model';
import { EditionModel } from '../../courses/enrollment/edition.model';
import { EnrollmentModel } from '../../courses/enrollment/enrollment.model';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { PasswordResetModel } from '../../accounts/password-reset.model';
import { apiClient, apiLogin, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';
import request from 'supertest';

let campus: TestCampus;
let token: string;
let integrationId: string;
let admin: Awaited<ReturnType<typeof apiLogin>>;

beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const created = await admin.agent
    .post('/api/v1/admin/integrations')
    .set('x-csrf-token', admin.csrf)
    .send({ name: 'Events system' })
    .expect(201);
  token = created.body.token;
  integrationId = created.body.integration.id;
  await createPublishedCourse('bgp-tutorial', [{ kind: 'lesson', title: 'BGP' }]);
  const later = await createPublishedCourse('rpki-course', [{ kind: 'lesson', title: 'RPKI' }]);
  await EditionModel.create({
    course: later._id,
    slug: 'march-2027',
    title: 'March 2027',
    startsAt: new Date('2027-03-01T12:00:00Z'),
    endsAt: new Date('2027-04-01T12:00:00Z'),
    capacity: 100,
  });
});
afterAll(() => campus.close());

const push = (body: object, auth = `Bearer ${token}`) =>
  request(campus.app)
    .post('/api/v1/integrations/registrations')
    .set('authorization', auth)
    .send(body);
const registration = (over: object = {}) => ({
  registrationId: 'reg-1001',
  status: 'confirmed',
  email: 'Marta.Lopez@Example.org',
  name: 'Marta López',
  language: 'es',
  course: 'bgp-tutorial',
  ...over,
});

describe('registrations pushed by the events system', () => {
  test('without a valid token nothing happens; bad fields are named and create no account', async () => {
    await push(registration(), '').expect(401);
    await push(registration(), 'Bearer not-the-token-at-all-0000000000').expect(401);
    const bad = await push(registration({ email: 'nope', course: 'no-such-course' })).expect(422);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('email');
    const unknownCourse = await push(registration({ course: 'no-such-course' })).expect(422);
    expect(unknownCourse.body.errors[0].field).toBe('course');
    expect(await UserModel.exists({ email: 'marta.lopez@example.org' })).toBeNull();
  });

  test('a registration for an archived course is refused naming the course, and makes no account', async () => {
    await createPublishedCourse('archived-tutorial', [{ kind: 'lesson', title: 'Old' }]).then(
      (course) => course.updateOne({ archivedAt: new Date() }),
    );
    const refused = await push(
      registration({
        registrationId: 'reg-archived',
        email: 'late@example.org',
        course: 'archived-tutorial',
      }),
    ).expect(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'course' });
    expect(refused.body.errors[0].message).toContain('archived');
    expect(await UserModel.exists({ email: 'late@example.org' })).toBeNull();
  });

  test('a new person gets an account, the enrolment and one invitation with a set-password link that works', async () => {
    const first = await push(registration()).expect(200);
    expect(first.body).toMatchObject({ outcome: 'enrolled', createdAccount: true });
    const user = await UserModel.findById(first.body.studentId).lean();
    expect(user).toMatchObject({
      email: 'marta.lopez@example.org',
      displayName: 'Marta López',
      language: 'es',
    });
    expect(await EnrollmentModel.findOne({ student: user!._id }).lean()).toMatchObject({
      status: 'active',
      source: 'events',
    });

    const again = await push(registration()).expect(200);
    expect(again.body).toMatchObject({ outcome: 'unchanged', studentId: first.body.studentId });
    await campus.drainJobs();
    const emails = await OutboundEmailModel.find({
      to: 'marta.lopez@example.org',
      template: 'invitation',
    }).lean();
    expect(emails).toHaveLength(1);
    // The stored body is blanked once delivered (it holds a link): read the delivered message.
    const { readdir, readFile } = await import('node:fs/promises');
    const files = (await readdir(campus.config.mail.outboxDir)).filter((file) =>
      file.startsWith(String(emails[0]!._id)),
    );
    const mime = await readFile(`${campus.config.mail.outboxDir}/${files[0]}`, 'utf8');
    const setPassword = /\/password\/reset\/([\w-]{20,})/.exec(mime.replace(/=\r?\n/g, ''))![0];
    const agent = browser(campus.app);
    const chosen = await submitForm(agent, setPassword, setPassword, {
      password: 'a long new passphrase 42',
    });
    expect(chosen.status).toBe(302);
    await apiLogin(campus.app, {
      email: 'marta.lopez@example.org',
      password: 'a long new passphrase 42',
    });
  });

  test('when the same registration comes back with another email, that is another person: the first account keeps its email', async () => {
    const first = await UserModel.findOne({ email: 'marta.lopez@example.org' }).lean();
    const other = await push(registration({ email: 'marta@newjob.example' })).expect(200);
    expect(other.body).toMatchObject({ outcome: 'updated', createdAccount: true });
    expect(other.body.studentId).not.toBe(String(first!._id));
    expect((await UserModel.findById(first!._id).lean())!.email).toBe('marta.lopez@example.org');
    expect(
      await EnrollmentModel.countDocuments({ student: other.body.studentId, status: 'active' }),
    ).toBe(1);
    // The seat held through this registration moved with it: the first person no longer holds it.
    expect(await EnrollmentModel.countDocuments({ student: first!._id, status: 'active' })).toBe(0);
  });

  test('when a cancellation names a student this integration never enrolled, their own enrolment stays and no account is made', async () => {
    const student = await createTestUser({ email: 'self-enrolled@example.org' });
    const me = await apiLogin(campus.app, { email: student.email, password: testPassword });
    await me.agent
      .put('/api/v1/me/enrollments/bgp-tutorial')
      .set('x-csrf-token', me.csrf)
      .expect((answer) => expect(answer.status).toBeLessThan(300));
    const cancelled = await push(
      registration({ registrationId: 'reg-never', email: student.email, status: 'cancelled' }),
    ).expect(200);
    expect(cancelled.body).toMatchObject({ outcome: 'cancelled', createdAccount: false });
    expect(await EnrollmentModel.countDocuments({ student: student._id, status: 'active' })).toBe(
      1,
    );

    await push(
      registration({
        registrationId: 'reg-nobody',
        email: 'nobody-yet@example.org',
        status: 'cancelled',
      }),
    ).expect(200);
    expect(await UserModel.countDocuments({ email: 'nobody-yet@example.org' })).toBe(0);
  });

  test('when an integration pushes a victim’s email, then the same registration with the attacker’s, and the attacker asks for a reset, the victim’s account is untouched and no reset link reaches the attacker', async () => {
    const victim = await createTestUser({ email: 'victim@example.org' });
    const before = await UserModel.findById(victim._id).lean();
    const takeover = registration({ registrationId: 'reg-takeover', email: 'victim@example.org' });
    await push(takeover).expect(200);
    await push({ ...takeover, email: 'attacker@evil.example' }).expect(200);
    const { agent, csrf } = await apiClient(campus.app);
    await agent
      .post('/api/v1/auth/password-reset')
      .set('x-csrf-token', csrf)
      .send({ email: 'attacker@evil.example' })
      .expect(202);
    await campus.drainJobs();

    const after = await UserModel.findById(victim._id).lean();
    expect(after).toMatchObject({
      email: 'victim@example.org',
      passwordHash: before!.passwordHash,
    });
    expect(after!.sessionEpoch).toBe(before!.sessionEpoch);
    await apiLogin(campus.app, { email: 'victim@example.org', password: testPassword });
    // What reaches the attacker opens the attacker's own new account, never the victim's.
    const resets = await PasswordResetModel.find({ user: victim._id }).lean();
    expect(resets).toEqual([]);
  });

  test('when a registration names a staff account (admin or instructor), it is refused and the account is untouched', async () => {
    for (const role of ['admin', 'instructor'] as const) {
      const staff = await createTestUser({ email: `${role}-staff@campus.example`, roles: [role] });
      const refused = await push(
        registration({ registrationId: `reg-staff-${role}`, email: staff.email }),
      ).expect(409);
      expect(refused.body.errors[0].field).toBe('email');
      // Nor through a registration that named someone else first.
      await push(
        registration({ registrationId: `reg-via-${role}`, email: `x-${role}@example.org` }),
      );
      await push(
        registration({
          registrationId: `reg-via-${role}`,
          email: staff.email,
          status: 'cancelled',
        }),
      ).expect(200); // it withdraws whom the registration enrolled; the staff account is not read
      expect(await UserModel.findById(staff._id).lean()).toMatchObject({
        email: staff.email,
        roles: [role],
        passwordHash: staff.passwordHash,
      });
      expect(await EnrollmentModel.countDocuments({ student: staff._id })).toBe(0);
      expect(await PasswordResetModel.countDocuments({ user: staff._id })).toBe(0);
    }
  });

  test('a cancellation unenrolls; an existing account is enrolled without an invitation; an edition waits to invite', async () => {
    const cancelled = await push(
      registration({ email: 'marta@newjob.example', status: 'cancelled' }),
    ).expect(200);
    expect(cancelled.body.outcome).toBe('cancelled');
    expect(
      await EnrollmentModel.findOne({ student: cancelled.body.studentId }).lean(),
    ).toMatchObject({ status: 'withdrawn' });

    const known = await createTestUser({ email: 'known@example.org' });
    const existing = await push(
      registration({ registrationId: 'reg-2002', email: 'KNOWN@example.org' }),
    ).expect(200);
    expect(existing.body).toMatchObject({ studentId: String(known._id), createdAccount: false });

    const future = await push(
      registration({
        registrationId: 'reg-3003',
        email: 'nina@example.org',
        course: 'rpki-course',
        edition: 'march-2027',
      }),
    ).expect(200);
    const job = await campus.context.jobs
      .queue('send-invitation')
      .getJob(`send-invitation:${future.body.studentId}:rpki-course`);
    expect(await job!.getState()).toBe('delayed');
    expect(job!.opts.delay).toBeGreaterThan(
      Date.parse('2027-03-01T12:00:00Z') - Date.now() - 60_000,
    );
  });

  test('when an admin marked the integration as confirming emails, its new accounts count as confirmed; otherwise, whatever the registration says, they do not', async () => {
    const unconfirmed = await push(
      registration({ registrationId: 'reg-c1', email: 'plain@example.org', emailVerified: true }),
    ).expect(200);
    expect((await UserModel.findById(unconfirmed.body.studentId).lean())!.emailConfirmedAt).toBe(
      undefined,
    );
    const trusted = await admin.agent
      .post('/api/v1/admin/integrations')
      .set('x-csrf-token', admin.csrf)
      .send({ name: 'Events system (verified emails)', emailsVerified: true })
      .expect(201);
    expect(trusted.body.integration.emailsVerified).toBe(true);
    const confirmed = await push(
      registration({ registrationId: 'reg-c2', email: 'verified@example.org' }),
      `Bearer ${trusted.body.token}`,
    ).expect(200);
    expect(
      (await UserModel.findById(confirmed.body.studentId).lean())!.emailConfirmedAt,
    ).toBeInstanceOf(Date);
  });

  test('the export (CSV) is checked whole before any row applies', async () => {
    const path = `/api/v1/admin/integrations/${integrationId}/registrations-import`;
    const csv =
      'id;status;email;name;language;course;edition\nreg-9;confirmed;pia@example.org;Pía;pt;bgp-tutorial;\nreg-10;confirmed;not-an-email;Leo;es;bgp-tutorial;\n';
    const refused = await admin.agent
      .post(path)
      .set('x-csrf-token', admin.csrf)
      .attach('file', Buffer.from(csv), 'export.csv')
      .expect(422);
    expect(refused.body.errors[0].message).toMatch(/line 3: email/);
    expect(await UserModel.exists({ email: 'pia@example.org' })).toBeNull();
    const good = csv.replace('not-an-email', 'leo@example.org');
    const applied = await admin.agent
      .post(path)
      .set('x-csrf-token', admin.csrf)
      .attach('file', Buffer.from(good), 'export.csv')
      .expect(200);
    expect(applied.body.outcomes).toEqual({ enrolled: 2 });
    const again = await admin.agent
      .post(path)
      .set('x-csrf-token', admin.csrf)
      .attach('file', Buffer.from(good), 'export.csv')
      .expect(200);
    expect(again.body.outcomes).toEqual({ unchanged: 2 });
  });
});
