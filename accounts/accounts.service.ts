import { recordAudit } from '../platform/audit/audit.service';
import { countEvent } from '../platform/counters';
import { randomBytes } from 'node:crypto';
import { searchWords, type Language } from '../i18n';
import { AppError, isDuplicateKeyError, notFound } from '../platform/errors';
import { sendEmail } from '../mail';
import type { AccountsContext } from './accounts-context';
import type { ProfileInput, RegisterInput } from './accounts.schemas';
import { hashPassword, verifyPassword } from './password';
import { assertAcceptablePassword } from './password-policy';
import { UserModel, type Role, type UserDocument } from './user.model';
import { createConfirmationLink } from './email-confirmation.service';

export type { AccountsContext };

/** What pages, the API and sessions see of a user: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  certificateName: string;
  language: Language;
  /** The zone chosen on the profile (IANA), or null: the browser's, else UTC. */
  timeZone: string | null;
  roles: Role[];
  /** Whether logging in asks for a second factor (TOTP or a recovery code). */
  twoFactorEnabled: boolean;
  /** Whether the owner confirmed the email (badges wait for it; the dashboard asks for it). */
  emailConfirmed: boolean;
}

export function toPublicUser(user: UserDocument): PublicUser {
  return {
    id: user.id as string,
    email: user.email,
    displayName: user.displayName,
    certificateName: user.certificateName,
    language: user.language as Language,
    timeZone: user.timeZone ?? null,
    roles: user.roles as Role[],
    twoFactorEnabled: Boolean(user.twoFactor?.enabledAt),
    emailConfirmed: Boolean(user.emailConfirmedAt),
  };
}

/**
 * Self-registration. The answer is the same whether or not the email already has an account
 * ("check your email to continue"), so the form tells a stranger nothing: a new account gets the
 * welcome email with its confirmation link; the owner of a taken email is told someone tried to
 * register with it. Both paths hash the password, so they also cost the same.
 */
export async function registerStudent(
  context: AccountsContext,
  input: RegisterInput,
): Promise<void> {
  if (!context.config.selfRegistration) {
    throw new AppError('registration_closed', 403, 'errors:accounts.registrationClosed');
  }
  assertAcceptablePassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await createAccount(
      { ...input, language: input.language ?? context.config.defaultLanguage, roles: ['student'] },
      passwordHash,
    );
    await sendWelcomeEmail(context, user);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'email_taken') throw error;
    await sendRegistrationAttemptNotice(context, input.email);
  }
}

/**
 * Creates an account with a password a person chose (the seed's, an admin's, a test's): refused
 * when it is common or contains the email's name. The email counts as unconfirmed unless said.
 */
export async function createUser(input: NewAccount & { password: string }): Promise<UserDocument> {
  assertAcceptablePassword(input.password, input.email);
  return createAccount(input, await hashPassword(input.password));
}

interface NewAccount {
  email: string;
  displayName: string;
  certificateName?: string;
  language: Language;
  roles: Role[];
  /** The owner already proved the email is theirs (the demo seed, a confirming integration). */
  emailConfirmed?: boolean;
}

/** The unique email index, not a prior lookup, has the last word on whether the email is taken. */
async function createAccount(input: NewAccount, passwordHash: string): Promise<UserDocument> {
  let user: UserDocument;
  try {
    user = await UserModel.create({
      email: input.email,
      passwordHash,
      displayName: input.displayName,
      nameWords: searchWords(input.displayName),
      certificateName: input.certificateName ?? input.displayName,
      language: input.language,
      roles: input.roles,
      ...(input.emailConfirmed ? { emailConfirmedAt: new Date() } : {}),
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw emailTaken();
    throw error;
  }
  if (input.roles.includes('student'))
    await countEvent('registered', ['*', `lang:${input.language}`], user.createdAt);
  return user;
}

const emailTaken = () =>
  new AppError('email_taken', 409, 'errors:accounts.emailTaken', {
    fields: { email: 'errors:accounts.emailTakenField' },
  });

/**
 * An account the campus creates for someone (an events-system registration): an unguessable
 * password nobody knows, replaced when they follow their invitation's set-password link.
 */
export async function createInvitedUser(input: {
  email: string;
  displayName: string;
  language: Language;
  emailConfirmed: boolean;
}): Promise<{ id: string }> {
  const user = await createAccount(
    { ...input, roles: ['student'] },
    await hashPassword(randomBytes(32).toString('base64url')),
  );
  return { id: String(user._id) };
}

async function sendWelcomeEmail(context: AccountsContext, user: UserDocument): Promise<void> {
  const confirmation = await createConfirmationLink(context, user);
  await sendEmail(context, {
    dedupeKey: `welcome:${user.id}`,
    to: user.email,
    language: user.language as Language,
    template: 'welcome',
    data: { displayName: user.displayName, confirmUrl: confirmation.url },
    sensitive: true,
  });
}

/** At most one an hour per address, however often someone tries (the dedupe key). */
async function sendRegistrationAttemptNotice(context: AccountsContext, email: string) {
  const owner = await findUserByEmail(email);
  if (!owner) return;
  await sendEmail(context, {
    dedupeKey: `register-attempt:${owner.id}:${Math.floor(Date.now() / 3600_000)}`,
    to: owner.email,
    language: owner.language as Language,
    template: 'register-attempt',
    data: { displayName: owner.displayName },
  });
}

/**
 * The account that has this (normalized) email, or null: one read through the unique email index,
 * the same whether or not an account has it.
 */
export async function findUserByEmail(email: string): Promise<UserDocument | null> {
  return UserModel.findOne({ email });
}

/** Same answer for an unknown email and a wrong password, in the same time. */
export async function authenticate(email: string, password: string): Promise<UserDocument> {
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    throw new AppError('invalid_credentials', 401, 'errors:accounts.invalidCredentials');
  }
  // Only after the password: the answer then tells nothing to someone guessing.
  if (user.disabledAt) throw accountDisabled();
  await UserModel.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });
  return user;
}

export async function currentSessionEpoch(userId: string): Promise<number> {
  const user = await UserModel.findById(userId).select('sessionEpoch').lean();
  if (!user) throw notFound('account');
  return user.sessionEpoch;
}

export async function findUserForSession(
  id: string,
  sessionEpoch: number,
): Promise<PublicUser | null> {
  const user = await UserModel.findById(id);
  if (!user || user.disabledAt || user.sessionEpoch !== sessionEpoch) return null;
  return toPublicUser(user);
}

/** The user a completed login signs in (after the second factor). */
export async function findUserForLogin(id: string): Promise<PublicUser> {
  const user = await UserModel.findById(id);
  if (!user) throw notFound('account');
  if (user.disabledAt) throw accountDisabled();
  return toPublicUser(user);
}

function accountDisabled() {
  return new AppError('account_disabled', 403, 'errors:accounts.disabled');
}

/**
 * An admin disables (or enables again) an account. Disabling bumps the session epoch, so every
 * session the account holds, on any device, resolves to nobody at its next request.
 */
export async function setAccountDisabled(actorId: string, userId: string, disabled: boolean) {
  if (disabled && actorId === userId)
    throw new AppError('cannot_disable_self', 409, 'errors:accounts.cannotDisableSelf');
  const result = await UserModel.updateOne(
    { _id: userId },
    disabled
      ? { $set: { disabledAt: new Date() }, $inc: { sessionEpoch: 1 } }
      : { $unset: { disabledAt: 1 } },
  );
  if (result.matchedCount === 0) throw notFound('account');
  await recordAudit({
    actor: actorId,
    action: disabled ? 'account.disabled' : 'account.enabled',
    student: userId,
    details: {},
  });
}

/** The language the user reads the campus, its emails and certificates in. */
export async function setPreferredLanguage(userId: string, language: Language): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { language } });
}

export async function getProfile(userId: string): Promise<PublicUser> {
  const user = await UserModel.findById(userId);
  if (!user) throw notFound('account');
  return toPublicUser(user);
}

export async function updateProfile(
  userId: string,
  input: Partial<ProfileInput>,
): Promise<PublicUser> {
  const user = await UserModel.findByIdAndUpdate(
    userId,
    {
      $set: {
        ...input,
        ...(input.displayName ? { nameWords: searchWords(input.displayName) } : {}),
      },
    },
    { returnDocument: 'after', runValidators: true },
  );
  if (!user) throw notFound('account');
  return toPublicUser(user);
}
