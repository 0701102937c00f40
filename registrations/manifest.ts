import { component } from '../platform/component';
import { IntegrationModel } from './integration.model';
import { RegistrationModel } from './registration.model';
import { sendInvitationJob } from './send-invitation.job';

export const registrationsComponent = component({
  name: 'registrations',
  models: [RegistrationModel, IntegrationModel],
  jobs: [sendInvitationJob],
});
