export { configurePassport } from './passport';
export {
  createUser,
  getProfile,
  toPublicUser,
  updateProfile,
  type PublicUser,
} from './accounts.service';
export { roles, type Role } from '../platform/middleware/auth';
export * as accountSchemas from './accounts.schemas';
export { enforceStaffTwoFactor } from './two-factor.routes';
export { accountsComponent } from './manifest';
export { ensureAccount } from './account-seed';
export { createInvitedUser } from './accounts.service';
export { createSetPasswordLink } from './password-reset.service';
export { usePasswordHashCost } from './password';
export {
  findUserSummary,
  findUserSummaryByEmail,
  findUsersByEmailPrefix,
  findUsersByNameOrEmail,
  type UserSummary,
} from './user-views';
export { findUserProfiles, markEmailsConfirmed, type UserProfile } from './user-directory';
export {
  findUsersByEmails,
  findUsersByIds,
  streamStudentSignups,
  type UserContact,
} from './user-queries';
export {
  ensureInstructorProfile,
  findInstructorProfiles,
  type InstructorProfile,
} from './instructor-profile.service';
