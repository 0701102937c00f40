import { component } from '../platform/component';
import { EmailConfirmationModel } from './email-confirmation.model';
import { PasswordResetModel } from './password-reset.model';
import { addMissingEmailKeys, UserEmailModel } from './user-email';
import { UserModel } from './user.model';

export const accountsComponent = component({
  name: 'accounts',
  models: [UserModel, UserEmailModel, PasswordResetModel, EmailConfirmationModel],
  jobs: [],
  migrations: [
    // Accounts from before email keys get theirs before anyone logs in.
    { name: 'user-email-keys', run: addMissingEmailKeys },
  ],
});
