import { component } from '../platform/component';
import { mailRoutes } from './mail.routes';
import { deliverEmailJob } from './deliver-email.job';
import { MailQuotaModel } from './mail-quota';
import { OutboundEmailModel } from './outbound-email.model';

export const mailComponent = component({
  name: 'mail',
  models: [OutboundEmailModel, MailQuotaModel],
  jobs: [deliverEmailJob],
  web: ({ config }) => ({
    // The dev outbox: never in production, never with real mail.
    pages: config.mail.transport === 'outbox' && !config.isProduction ? [mailRoutes(config)] : [],
  }),
});
