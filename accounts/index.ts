export { accountPages } from './accounts.routes';
export { accountApi } from './accounts.api';
export { configurePassport } from './passport';
export { createUser, toPublicUser, type PublicUser } from './accounts.service';
export { UserModel, roles, type Role } from './user.model';
export * as accountSchemas from './accounts.schemas';
export { enforceStaffTwoFactor, twoFactorApi, twoFactorPages } from './two-factor.routes';
export { languagePages } from './language.routes';
export { accountAdminApi, accountAdminPages } from './account-admin.routes';
export { accountsComponent } from './manifest';
export { ensureAccount } from './account-seed';
export { findUserProfiles, markEmailsConfirmed, type UserProfile } from './user-directory';
export {
  findUsersByEmails,
  findUsersByIds,
  streamStudentSignups,
  type UserContact,
} from './user-queries';
