import { component } from '../platform/component';
import { deliverEmailJob } from './deliver-email.job';
import { MailQuotaModel } from './mail-quota';
import { OutboundEmailModel } from './outbound-email.model';

export const mailComponent = component({
  name: 'mail',
  models: [OutboundEmailModel, MailQuotaModel],
  jobs: [deliverEmailJob],
});
