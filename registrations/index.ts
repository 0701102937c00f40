// Registrations from the events system: accounts, enrolments and invitations.
export { registrationPushApi, integrationAdminApi } from './registrations.api';
export { sendInvitationJob } from './send-invitation.job';
export { RegistrationModel } from './registration.model';
export { IntegrationModel } from './integration.model';
export { registrationsComponent } from './manifest';
