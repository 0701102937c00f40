// Registrations from the events system: accounts, enrolments and invitations.
export { registrationPushApi, integrationAdminApi } from './registrations.api';
export { sendInvitationJob } from './send-invitation.job';
export { registrationsComponent } from './manifest';
