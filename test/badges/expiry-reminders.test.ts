// A badge that expires: its holder is reminded 90 and 30 days before, in their language, once each,
// whatever the reruns; a revoked badge or one far from expiry is not mentioned.
import { AwardModel } from '../../badges/awards/award.model';
import { expiryRemindersJob } from '../../badges/awards/expiry-reminders.job';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

const day = 24 * 60 * 60 * 1000;

test('reminders 90 and 30 days before expiry, once each, in the holder’s language', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'expiry', { validForMonths: 36 });
  const holders = {
    in80: await studentCompleting(campus, course, { displayName: 'Ana Pronto', language: 'es' }),
    in20: await studentCompleting(campus, course, { displayName: 'Bia Logo', language: 'pt' }),
    in200: await studentCompleting(campus, course, { displayName: 'Carl Later' }),
    revoked: await studentCompleting(campus, course, { displayName: 'Dan Revoked' }),
    suspended: await studentCompleting(campus, course, { displayName: 'Eve Suspended' }),
    shortLived: await studentCompleting(campus, course, { displayName: 'Fay Short' }),
  };
  const expiresIn = async (holder: keyof typeof holders, days: number, extra = {}) =>
    AwardModel.updateOne(
      { _id: holders[holder].award!._id },
      // Issued three years ago, unless the test says otherwise.
      {
        $set: {
          expires: new Date(Date.now() + days * day),
          issuedOn: new Date(Date.now() - 1000 * day),
          ...extra,
        },
      },
    );
  await expiresIn('in80', 80);
  await expiresIn('in20', 20);
  await expiresIn('in200', 200);
  await expiresIn('revoked', 10, { revokedAt: new Date(), revocationReason: 'Test' });
  await expiresIn('suspended', 10, { suspendedAt: new Date(), suspensionReason: 'Test' });
  // Valid for 20 days from today: a "30 days left" email would arrive with the badge.
  await expiresIn('shortLived', 20, { issuedOn: new Date() });

  const reminders = async (holder: keyof typeof holders) =>
    (await emailsTo(campus, holders[holder].student.email)).filter((mail) =>
      /vence|expires/.test(mail.subject),
    );
  await campus.runJob(expiryRemindersJob, {});
  await campus.runJob(expiryRemindersJob, {});

  const spanish = await reminders('in80');
  expect(spanish).toHaveLength(1);
  expect(spanish[0]!.subject).toBe('Tu insignia de Campus vence pronto');
  expect(spanish[0]!.text).toMatch(/dentro de 80 días/);
  const portuguese = await reminders('in20');
  expect(portuguese).toHaveLength(1); // only the 30-day one: the 90-day moment has passed
  expect(portuguese[0]!.text).toMatch(/daqui a 20 dias/);
  expect(await reminders('in200')).toHaveLength(0);
  expect(await reminders('revoked')).toHaveLength(0);
  expect(await reminders('suspended')).toHaveLength(0);
  expect(await reminders('shortLived')).toHaveLength(0);

  // Sixty days later the first holder is inside 30 days: the second reminder, once.
  await expiresIn('in80', 25);
  await campus.runJob(expiryRemindersJob, {});
  await campus.runJob(expiryRemindersJob, {});
  const both = await reminders('in80');
  expect(both).toHaveLength(2);
  expect(both.map((mail) => mail.text).join('\n')).toMatch(/dentro de 25 días/);
});
