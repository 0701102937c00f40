import { component } from '../platform/component';
import { dropCollectionIfPresent } from '../platform/db';
import { accountRateLimits } from '../platform/middleware/rate-limit';
import { accountAdminApi, accountAdminPages } from './account-admin.routes';
import { accountApi } from './accounts.api';
import { accountPages } from './accounts.routes';
import { policyPages } from './policy-pages.routes';
import { instructorPhotoRoutes, instructorProfilePages } from './instructor-profile.routes';
import { languagePages } from './language.routes';
import { twoFactorApi, twoFactorPages } from './two-factor.routes';
import { EmailConfirmationModel } from './email-confirmation.model';
import { PasswordResetModel } from './password-reset.model';
import { UserModel } from './user.model';
import { fillNameWords } from './user-views';

export const accountsComponent = component({
  name: 'accounts',
  models: [UserModel, PasswordResetModel, EmailConfirmationModel],
  jobs: [],
  migrations: [
    // The email key collection of before (`user_emails`, one row per email read by `_id`, while
    // the dev store used no other index): `users`' unique email index finds an account and keeps
    // an email to one account.
    { name: 'drop-user-email-keys', run: () => dropCollectionIfPresent('user_emails') },
    // Admins find people by a word of their name: accounts made before keep their words too.
    { name: 'user-name-words', run: fillNameWords },
  ],
  web(context) {
    // One set of login, reset and sign-up limits for the pages and the API alike.
    const limits = accountRateLimits(context.config, context.redis);
    return {
      beforeSessions: { routes: [instructorPhotoRoutes()] },
      pages: [
        accountPages(context, limits),
        policyPages(),
        languagePages(context),
        twoFactorPages(context, limits),
        accountAdminPages(),
        instructorProfilePages(context),
      ],
      api: [accountApi(context, limits), twoFactorApi(context, limits), accountAdminApi()],
    };
  },
});
