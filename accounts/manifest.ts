import { component } from '../platform/component';
import { dropCollectionIfPresent } from '../platform/db';
import { EmailConfirmationModel } from './email-confirmation.model';
import { PasswordResetModel } from './password-reset.model';
import { UserModel } from './user.model';

export const accountsComponent = component({
  name: 'accounts',
  models: [UserModel, PasswordResetModel, EmailConfirmationModel],
  jobs: [],
  migrations: [
    // The email key collection of before (`user_emails`, one row per email read by `_id`, while
    // the dev store used no other index): `users`' unique email index finds an account and keeps
    // an email to one account.
    { name: 'drop-user-email-keys', run: () => dropCollectionIfPresent('user_emails') },
  ],
});
