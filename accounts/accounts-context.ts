import type { Config } from '../platform/config';
import type { MailContext } from '../mail';

/** What accounts' use cases need from the process: the mail queue and a few settings. */
export interface AccountsContext extends MailContext {
  config: Pick<Config, 'baseUrl' | 'selfRegistration' | 'defaultLanguage'>;
}
