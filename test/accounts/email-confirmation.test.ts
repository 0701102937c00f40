// A badge names its holder's email, so the email must be confirmed: at sign-up (a link by mail),
// and again when the owner moves the account to another address (their password, a link to the
// new address, a notice to the old one). Awards wait for the confirmation, then are issued once.
import { UserModel } from '../../accounts/user.model';
import { AwardModel } from '../../badges/awards/award.model';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { createTestUser, testPassword } from '../support/factories';
import { apiLogin, browser, submitForm, type Agent } from '../support/http';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: { agent: Agent; csrf: string };
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const user = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: user.email, password: testPassword });
});
afterAll(() => campus.close());

/** The confirmation link (its path) in the newest email to this address with this subject. */
async function linkSentTo(email: string, subject: string): Promise<string> {
  const mail = (await emailsTo(campus, email)).find((sent) => sent.subject.includes(subject));
  const link = /https?:\/\/\S+\/email\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no link "${subject}" to ${email}`);
  return new URL(link).pathname;
}

describe('email confirmation', () => {
  test('when an unconfirmed student completes a level, no badge is issued until they confirm; then exactly one', async () => {
    const { course } = await levelWithBadge(admin, 'held');
    const { student, award } = await studentCompleting(campus, course, { emailConfirmed: false });
    expect(award).toBeNull();

    const me = await apiLogin(campus.app, { email: student.email, password: testPassword });
    await me.agent.post('/api/v1/me/email-confirmation').set('x-csrf-token', me.csrf).expect(202);
    const link = await linkSentTo(student.email, 'Confirm your email');
    // Opening the link shows a button (mail scanners open links); pressing it confirms.
    const page = await browser(campus.app).get(link).expect(200);
    expect(page.text).toContain('Confirm my email');
    expect((await UserModel.findById(student._id).lean())!.emailConfirmedAt).toBeUndefined();
    const confirmed = await submitForm(browser(campus.app), link, link, {});
    expect(confirmed.status).toBe(302);
    await campus.drainJobs();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);

    // Used once; and a repeated release issues nothing more.
    await browser(campus.app).get(link).expect(410);
    await campus.context.events.publish('email.confirmed', `${student._id}:again`, {
      userId: String(student._id),
    });
    await campus.drainJobs();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);
  });

  test('when a student asks for the link again and again, the fourth time in 15 minutes is refused', async () => {
    const student = await createTestUser({ emailConfirmed: false });
    const me = await apiLogin(campus.app, { email: student.email, password: testPassword });
    const resend = () =>
      me.agent.post('/api/v1/me/email-confirmation').set('x-csrf-token', me.csrf);
    for (let time = 0; time < 3; time++) await resend().expect(202);
    expect((await resend()).status).toBe(429);
  });

  test.each([
    ['en', 'Please confirm your email address'],
    ['es', 'Confirma tu dirección de correo'],
    ['pt', 'Confirme seu endereço de e-mail'],
  ] as const)(
    'when an unconfirmed student (%s) opens the dashboard, a banner asks them to confirm',
    async (language, banner) => {
      const student = await createTestUser({ language, emailConfirmed: false });
      const agent = browser(campus.app);
      await submitForm(agent, '/login', '/login', { email: student.email, password: testPassword });
      const dashboard = await agent.get('/dashboard').expect(200);
      expect(dashboard.text).toContain(banner);

      const confirmed = await createTestUser({ language });
      const other = browser(campus.app);
      await submitForm(other, '/login', '/login', {
        email: confirmed.email,
        password: testPassword,
      });
      expect((await other.get('/dashboard').expect(200)).text).not.toContain(banner);
    },
  );
});

describe('the owner changes their email', () => {
  test('when the owner asks with the wrong password, nothing is sent and nothing changes', async () => {
    const owner = await createTestUser();
    const me = await apiLogin(campus.app, { email: owner.email, password: testPassword });
    const refused = await me.agent
      .post('/api/v1/me/email')
      .set('x-csrf-token', me.csrf)
      .send({ email: 'stolen@example.org', currentPassword: 'not my password' })
      .expect(422);
    expect(refused.body.errors[0].field).toBe('currentPassword');
    expect(await emailsTo(campus, 'stolen@example.org')).toEqual([]);
    expect((await UserModel.findById(owner._id).lean())!.email).toBe(owner.email);
  });

  test('when the owner asks with their password, the old address is told, and the move happens only once the new address confirms', async () => {
    const owner = await createTestUser();
    const me = await apiLogin(campus.app, { email: owner.email, password: testPassword });
    await me.agent
      .post('/api/v1/me/email')
      .set('x-csrf-token', me.csrf)
      .send({ email: 'New.Address@Example.org', currentPassword: testPassword })
      .expect(202);
    expect((await UserModel.findById(owner._id).lean())!.email).toBe(owner.email);
    const notice = (await emailsTo(campus, owner.email)).find((mail) =>
      mail.subject.includes('is being changed'),
    );
    expect(notice?.text).toContain('new.address@example.org');

    const link = await linkSentTo('new.address@example.org', 'Confirm your new email');
    const token = link.split('/').pop();
    const applied = await me.agent
      .post('/api/v1/auth/email-confirmation')
      .set('x-csrf-token', me.csrf)
      .send({ token })
      .expect(200);
    expect(applied.body.outcome).toBe('changed');
    const moved = await UserModel.findById(owner._id).lean();
    expect(moved).toMatchObject({ email: 'new.address@example.org' });
    expect(moved!.emailConfirmedAt).toBeInstanceOf(Date);
    await apiLogin(campus.app, { email: 'new.address@example.org', password: testPassword });
  });
});
