export { sendEmail, type EmailRequest, type MailContext } from './mail.service';
export { deliverEmailJob } from './deliver-email.job';
export { createMailTransport, listOutbox, readOutboxEntry } from '../platform/mail-transport';
export { mailComponent } from './manifest';
