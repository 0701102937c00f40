import path from 'node:path';
import { escapeForHtml } from '../platform/safe-html';
import ejs from 'ejs';
import { formattersFor, translatorFor } from '../i18n';
import type { Config } from '../platform/config';
import type { Language } from '../i18n';
import { viewsDir } from '../platform/paths';
import type { Logger } from '../platform/logger';
import type { JobQueues } from '../platform/queue';
import { deliverEmailJob } from './deliver-email.job';
import { takeMailQuota } from './mail-quota';
import { OutboundEmailModel } from './outbound-email.model';

const emailsDir = path.join(viewsDir, 'emails');

export type EmailTemplate =
  | 'welcome'
  | 'password-reset'
  | 'password-reset-unknown'
  | 'badge-earned'
  | 'badge-revoked'
  | 'badge-expiring'
  | 'invitation'
  | 'confirm-email'
  | 'register-attempt'
  | 'email-change'
  | 'email-change-notice';

export interface EmailRequest {
  /** Same key, same email: a repeat is ignored. */
  dedupeKey: string;
  to: string;
  template: EmailTemplate;
  /** The recipient's language: the email is written in it. */
  language: Language;
  data: Record<string, unknown>;
  sensitive?: boolean;
}

export interface MailContext {
  /** abuseLimits: the hourly email quotas (production's when a caller's config lacks them). */
  config: Pick<Config, 'baseUrl'> & Partial<Pick<Config, 'abuseLimits'>>;
  jobs: JobQueues;
  logger?: Pick<Logger, 'warn'>;
}

const productionMailLimits = { mailPerRecipientHour: 5, mailGlobalHour: 1000 };

/** Renders the email now (so it shows what was true when it was asked for) and queues delivery. */
export async function sendEmail(context: MailContext, request: EmailRequest): Promise<void> {
  // Over the hourly quota the email is dropped, not failed: the request that caused it (a
  // registration, a reset) answers the same either way, and a job would only retry into it.
  if (!(await OutboundEmailModel.exists({ dedupeKey: request.dedupeKey }))) {
    const limits = context.config.abuseLimits ?? productionMailLimits;
    const verdict = await takeMailQuota(limits, request.template, request.to);
    if (verdict !== 'allowed') {
      context.logger?.warn({ template: request.template, verdict }, 'email over quota: not sent');
      return;
    }
  }
  const t = translatorFor(request.language);
  const locals = {
    ...request.data,
    baseUrl: context.config.baseUrl,
    t,
    fmt: formattersFor(request.language),
    lang: request.language,
  };
  const [html, text] = await Promise.all([
    ejs.renderFile(path.join(emailsDir, `${request.template}.html.ejs`), locals, {
      escape: escapeForHtml,
    }),
    ejs.renderFile(path.join(emailsDir, `${request.template}.txt.ejs`), locals),
  ]);
  const email = await OutboundEmailModel.findOneAndUpdate(
    { dedupeKey: request.dedupeKey },
    {
      $setOnInsert: {
        to: request.to,
        subject: t(`emails:subjects.${request.template}`),
        text,
        html,
        sensitive: request.sensitive ?? false,
      },
    },
    { upsert: true, returnDocument: 'after' },
  );
  if (email.sentAt) return;
  await context.jobs.enqueue(deliverEmailJob, { emailId: email.id as string }, `email:${email.id}`);
}
