import type { JobDefinition } from '../platform/queue';
import { OutboundEmailModel } from './outbound-email.model';

export const deliverEmailJob: JobDefinition<{ emailId: string }> = {
  name: 'deliver-email',
  options: { attempts: 8, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  concurrency: 4,
  async perform({ emailId }, { logger, services }) {
    const email = await OutboundEmailModel.findById(emailId);
    if (!email) {
      logger.warn({ emailId }, 'email no longer exists; nothing to deliver');
      return;
    }
    if (email.sentAt) return; // a retried or duplicated job: already delivered
    await OutboundEmailModel.updateOne({ _id: email._id }, { $inc: { attempts: 1 } });
    await services.mailTransport.deliver({
      id: email.id as string,
      from: services.config.mail.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
    const blank = email.sensitive ? { text: '[delivered]', html: '[delivered]' } : {};
    await OutboundEmailModel.updateOne(
      { _id: email._id },
      { $set: { sentAt: new Date(), ...blank } },
    );
  },
};
