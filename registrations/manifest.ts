import { component } from '../platform/component';
import { integrationAdminApi, registrationPushApi } from './registrations.api';
import { IntegrationModel } from './integration.model';
import { RegistrationModel } from './registration.model';
import { sendInvitationJob } from './send-invitation.job';

export const registrationsComponent = component({
  name: 'registrations',
  models: [RegistrationModel, IntegrationModel],
  jobs: [sendInvitationJob],
  web: (context) => ({
    // The events system pushes with its integration token: no session, no CSRF.
    beforeSessions: { api: [registrationPushApi(context)] },
    api: [integrationAdminApi(context)],
  }),
});
