import { component } from '../platform/component';
import { EmailConfirmationModel } from './email-confirmation.model';
import { dropEmailKeys } from './drop-email-keys.migration';
import { PasswordResetModel } from './password-reset.model';
import { UserModel } from './user.model';

export const accountsComponent = component({
  name: 'accounts',
  models: [UserModel, PasswordResetModel, EmailConfirmationModel],
  jobs: [],
  migrations: [
    // The email key collection of before: the unique email index does its work now.
    { name: 'drop-user-email-keys', run: dropEmailKeys },
  ],
});
