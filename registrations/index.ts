// Registrations from the events system: accounts, enrolments and invitations.
export { sendInvitationJob } from './send-invitation.job';
export { registrationsComponent } from './manifest';
