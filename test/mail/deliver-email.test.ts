import { readdir } from 'node:fs/promises';
import { deliverEmailJob, sendEmail } from '../../mail';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import { createMailTransport } from '../../mail';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const outboxFiles = async () =>
  (await readdir(campus.config.mail.outboxDir).catch(() => [])).filter((f) => f.endsWith('.eml'));

describe('delivering email', () => {
  test('when the same email is asked for twice and its job runs twice, one email is stored and one is delivered', async () => {
    const request = {
      dedupeKey: 'welcome:test-1',
      to: 'twice@example.org',
      template: 'welcome' as const,
      language: 'en' as const,
      data: { displayName: 'Twice', confirmUrl: 'http://localhost/email/confirm/test-1' },
    };
    await sendEmail(campus.context, request);
    await sendEmail(campus.context, request);
    expect(await OutboundEmailModel.countDocuments({ dedupeKey: 'welcome:test-1' })).toBe(1);

    const email = await OutboundEmailModel.findOne({ dedupeKey: 'welcome:test-1' });
    const context = {
      logger: campus.context.logger,
      attempt: 1,
      services: {
        config: campus.config,
        mailTransport: createMailTransport(campus.config.mail),
        jobs: campus.context.jobs,
        events: campus.context.events,
      },
    };
    await deliverEmailJob.perform({ emailId: email!.id }, context);
    await deliverEmailJob.perform({ emailId: email!.id }, { ...context, attempt: 2 });
    expect(await outboxFiles()).toEqual([`${email!.id}.eml`]);
    expect((await OutboundEmailModel.findById(email!._id))?.attempts).toBe(1);
  });

  test('the outbox holds a real MIME message, and a reset link is blanked from the database once delivered', async () => {
    await sendEmail(campus.context, {
      dedupeKey: 'password-reset:test-2',
      to: 'secret@example.org',
      template: 'password-reset',
      language: 'en',
      data: { displayName: 'Sam', resetUrl: 'http://localhost:3000/password/reset/TOKEN' },
      sensitive: true,
    });
    const email = await OutboundEmailModel.findOne({ dedupeKey: 'password-reset:test-2' });
    expect(email?.text).toContain('/password/reset/TOKEN');
    await deliverEmailJob.perform(
      { emailId: email!.id },
      {
        logger: campus.context.logger,
        attempt: 1,
        services: {
          config: campus.config,
          mailTransport: createMailTransport(campus.config.mail),
          jobs: campus.context.jobs,
          events: campus.context.events,
        },
      },
    );
    const delivered = await OutboundEmailModel.findById(email!._id).lean();
    expect(delivered?.sentAt).toBeInstanceOf(Date);
    expect(delivered?.text).not.toContain('TOKEN');
    const { readFile } = await import('node:fs/promises');
    const mime = await readFile(`${campus.config.mail.outboxDir}/${email!.id}.eml`, 'utf8');
    expect(mime).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(mime).toContain('To: secret@example.org');
    expect(mime).toContain('Subject: Reset your Campus password');
  });
});
