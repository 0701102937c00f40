// Proving an email is the account owner's: a single-use link mailed to the address. At sign-up
// (the welcome email carries it, and it can be resent), and when the owner moves the account to
// another address: they ask with their current password, the old address is told, and nothing
// changes until the link sent to the new address is used. Nothing else changes an account's email
// (an integration never does). A badge names only a confirmed email: confirming issues the awards
// held until then.
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { recordAudit } from '../platform/audit/audit.service';
import type { Language } from '../i18n';
import { AppError, isDuplicateKeyError, notFound, validationFailed } from '../platform/errors';
import { sendEmail } from '../mail';
import type { EventPublisher } from '../platform/events';
import type { AccountsContext } from './accounts-context';
import { EmailConfirmationModel } from './email-confirmation.model';
import { verifyPassword } from './password';
import { UserModel } from './user.model';

const confirmValidityMs = 7 * 24 * 3600_000;
const changeValidityMs = 24 * 3600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new link confirming this address for this account; the URL to mail. */
async function createLink(
  context: AccountsContext,
  user: Types.ObjectId,
  email: string,
  purpose: 'confirm' | 'change',
): Promise<{ id: string; url: string }> {
  const token = randomBytes(32).toString('base64url');
  const link = await EmailConfirmationModel.create({
    tokenHash: hashToken(token),
    user,
    email,
    purpose,
    expiresAt: new Date(
      Date.now() + (purpose === 'confirm' ? confirmValidityMs : changeValidityMs),
    ),
  });
  return { id: String(link._id), url: `${context.config.baseUrl}/email/confirm/${token}` };
}

/** The link that confirms an account's own email (sign-up's welcome email carries it). */
export function createConfirmationLink(
  context: AccountsContext,
  user: { _id: Types.ObjectId; email: string },
) {
  return createLink(context, user._id, user.email, 'confirm');
}

/** Mails a fresh confirmation link, unless the email is already confirmed (the route limits the rate). */
export async function resendEmailConfirmation(context: AccountsContext, userId: string) {
  const user = await UserModel.findById(userId).select(
    'email displayName language emailConfirmedAt',
  );
  if (!user) throw notFound('account');
  if (user.emailConfirmedAt) return;
  const link = await createConfirmationLink(context, user);
  await sendEmail(context, {
    dedupeKey: `confirm-email:${link.id}`,
    to: user.email,
    language: user.language as Language,
    template: 'confirm-email',
    data: { displayName: user.displayName, confirmUrl: link.url },
    sensitive: true,
  });
}

/**
 * The owner asks to move the account to another address: their current password first (a
 * borrowed session is not enough), then a link to the new address; the old address is told.
 * The same answer whether or not the new address has an account (its link then fails to apply).
 */
export async function requestEmailChange(
  context: AccountsContext,
  userId: string,
  input: { email: string; currentPassword: string },
): Promise<void> {
  const user = await UserModel.findById(userId).select('email displayName language passwordHash');
  if (!user) throw notFound('account');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw validationFailed({ currentPassword: 'accounts:validation.wrongPassword' });
  if (input.email === user.email) return;
  const link = await createLink(context, user._id, input.email, 'change');
  const language = user.language as Language;
  await sendEmail(context, {
    dedupeKey: `email-change:${link.id}`,
    to: input.email,
    language,
    template: 'email-change',
    data: { displayName: user.displayName, confirmUrl: link.url, newEmail: input.email },
    sensitive: true,
  });
  await sendEmail(context, {
    dedupeKey: `email-change-notice:${link.id}`,
    to: user.email,
    language,
    template: 'email-change-notice',
    data: { displayName: user.displayName, newEmail: input.email },
  });
}

export type ConfirmationOutcome = 'confirmed' | 'changed';

/**
 * Uses a link once. `confirm`: the account's email (still the one the link was sent to) is now
 * confirmed. `change`: the account moves to the link's address, confirmed by this very use. Either
 * way the awards held for want of a confirmed email are issued now.
 */
export async function confirmEmail(
  context: AccountsContext & { events: EventPublisher },
  token: string,
): Promise<ConfirmationOutcome> {
  const link = await EmailConfirmationModel.findOneAndUpdate(
    { tokenHash: hashToken(token), usedAt: null, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date() } },
  ).lean();
  if (!link) throw linkExpired();
  const userId = String(link.user);
  if (link.purpose === 'change') {
    const before = await UserModel.findById(link.user).select('email').lean();
    if (!before) throw linkExpired();
    await moveToConfirmedEmail(link.user, link.email);
    // Links still out for the old address (or another change) die with it.
    await EmailConfirmationModel.updateMany(
      { user: link.user, usedAt: null },
      { $set: { usedAt: new Date() } },
    );
    await recordAudit({
      actor: userId,
      action: 'account.email_changed',
      student: userId,
      details: { from: before.email, to: link.email, via: 'owner, confirmed at the new address' },
    });
  } else {
    // A link for an address the account has since left confirms nothing.
    const confirmed = await UserModel.updateOne(
      { _id: link.user, email: link.email },
      { $set: { emailConfirmedAt: new Date() } },
    );
    if (confirmed.matchedCount === 0) throw linkExpired();
  }
  // The fact is this link's use: an account may confirm again after moving to another address.
  await context.events.publish('email.confirmed', `${userId}:${link._id}`, { userId });
  return link.purpose === 'change' ? 'changed' : 'confirmed';
}

/**
 * The account takes the address, confirmed by the link's use; refused when another account has it
 * (it may have been taken since the link was sent). The unique email index has the last word; the
 * read before it is there because FerretDB v1.24.2 answers an update that breaks a unique index
 * with an InternalError, not MongoDB's duplicate key error, so only the read gives the 409 there.
 */
async function moveToConfirmedEmail(user: Types.ObjectId, email: string): Promise<void> {
  const emailTaken = () =>
    new AppError('email_taken', 409, 'errors:accounts.emailTaken', {
      fields: { email: 'errors:accounts.emailTakenField' },
    });
  if (await UserModel.exists({ email, _id: { $ne: user } })) throw emailTaken();
  try {
    await UserModel.updateOne({ _id: user }, { $set: { email, emailConfirmedAt: new Date() } });
  } catch (error) {
    throw isDuplicateKeyError(error) ? emailTaken() : error;
  }
}

/** Every link still out for the account dies (its password was reset: see password-reset). */
export async function cancelPendingEmailLinks(userId: Types.ObjectId | string): Promise<void> {
  await EmailConfirmationModel.updateMany(
    { user: userId, usedAt: null },
    { $set: { usedAt: new Date() } },
  );
}

const linkExpired = () =>
  new AppError('invalid_email_token', 400, 'errors:accounts.confirmLinkExpired', {
    fields: { token: 'errors:accounts.confirmLinkExpiredField' },
  });

/** Whether a link can still be used (the confirmation page shows its button, or "expired"). */
/** The address a still-usable link confirms (its page names it), or null. */
export async function addressOfUsableConfirmation(token: string): Promise<string | null> {
  const link = await EmailConfirmationModel.findOne({ tokenHash: hashToken(token) }).lean();
  return link && !link.usedAt && link.expiresAt > new Date() ? link.email : null;
}
