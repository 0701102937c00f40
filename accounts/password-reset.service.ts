import type { Language } from '../i18n';
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../platform/errors';
import { sendEmail } from '../mail';
import type { AccountsContext } from './accounts-context';
import { hashPassword } from './password';
import { assertAcceptablePassword } from './password-policy';
import { cancelPendingEmailLinks } from './email-confirmation.service';
import { PasswordResetModel } from './password-reset.model';
import { UserModel } from './user.model';
import { findUserByEmail } from './accounts.service';

const resetValidityMs = 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Stands for the account of an unknown email, so both paths write the same rows. */
const nobody = new Types.ObjectId('000000000000000000000000');

/**
 * Emails a one-hour reset link when the account exists, and otherwise tells the address that no
 * account uses it. Both paths do the same work (a reset row, an email through the queue), and the
 * caller answers the same, so neither the answer nor its cost tells who has an account.
 */
export async function requestPasswordReset(context: AccountsContext, email: string): Promise<void> {
  const user = await findUserByEmail(email);
  const token = randomBytes(32).toString('base64url');
  const reset = await PasswordResetModel.create({
    tokenHash: hashToken(token),
    user: user?._id ?? nobody,
    expiresAt: new Date(Date.now() + resetValidityMs),
  });
  await sendEmail(context, {
    dedupeKey: `password-reset:${reset.id}`,
    to: email,
    language: (user?.language as Language | undefined) ?? context.config.defaultLanguage,
    template: user ? 'password-reset' : 'password-reset-unknown',
    data: {
      displayName: user?.displayName ?? '',
      resetUrl: user ? `${context.config.baseUrl}/password/reset/${token}` : '',
      email,
    },
    sensitive: true,
  });
}

/**
 * A single-use link to choose a password, for accounts the campus created (an events-system
 * registration): the same mechanism as a reset, valid longer since it arrives unasked.
 */
export async function createSetPasswordLink(
  baseUrl: string,
  userId: string,
  validityMs: number,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await PasswordResetModel.create({
    tokenHash: hashToken(token),
    user: userId,
    expiresAt: new Date(Date.now() + validityMs),
  });
  return `${baseUrl}/password/reset/${token}`;
}

const resetLinkExpired = () =>
  new AppError('invalid_reset_token', 400, 'errors:accounts.resetLinkExpired', {
    fields: { token: 'errors:accounts.resetLinkExpiredField' },
  });

/** Whether a reset link can still be used (for showing the form or a clear "expired" page). */
export async function isResetTokenUsable(token: string): Promise<boolean> {
  const reset = await PasswordResetModel.findOne({ tokenHash: hashToken(token) });
  return Boolean(reset && !reset.usedAt && reset.expiresAt > new Date());
}

/** Uses a reset link once: sets the password and logs out every existing session of the account. */
export async function resetPassword(token: string, password: string): Promise<void> {
  // The account's email is needed to refuse a password containing it: checked before the link
  // is used up, so a refused password leaves the link working.
  const pending = await PasswordResetModel.findOne({
    tokenHash: hashToken(token),
    usedAt: null,
    expiresAt: { $gt: new Date() },
  }).lean();
  const owner =
    pending && (await UserModel.findById(pending.user).select('email emailConfirmedAt').lean());
  if (!owner) throw resetLinkExpired();
  assertAcceptablePassword(password, owner.email);
  // Claim the link atomically, so two submits cannot both use it.
  const reset = await PasswordResetModel.findOneAndUpdate(
    { _id: pending._id, usedAt: null },
    { $set: { usedAt: new Date() } },
  );
  if (!reset) throw resetLinkExpired();
  const passwordHash = await hashPassword(password);
  await UserModel.updateOne(
    { _id: reset.user },
    owner.emailConfirmedAt
      ? { $set: { passwordHash }, $inc: { sessionEpoch: 1 } }
      : // Unconfirmed until now: whoever set the first password and second factor may not own the
        // address (an account made in someone else's name). The reset proves who reads it: the
        // account is theirs from here, confirmed, without the stranger's second factor.
        {
          $set: { passwordHash, emailConfirmedAt: new Date() },
          $unset: { twoFactor: 1 },
          $inc: { sessionEpoch: 1 },
        },
  );
  // Other outstanding links of the account die with the password they were meant to replace, and
  // so do pending email moves: one asked for by whoever knew the old password (a thief the owner
  // is locking out) must not complete after the owner took the account back.
  await PasswordResetModel.updateMany(
    { user: reset.user, usedAt: null },
    { $set: { usedAt: new Date() } },
  );
  await cancelPendingEmailLinks(reset.user);
}
