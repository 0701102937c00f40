// Read queries for other components' pages and jobs (the student record, invitations,
// registrations): plain views, never documents, so accounts stays the one writer of users.
import { Types } from 'mongoose';
import { searchWords, type Language } from '../i18n';
import type { Role } from '../platform/middleware/auth';
import { UserModel } from './user.model';

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  language: Language;
  roles: Role[];
  disabledAt: Date | null;
  lastLoginAt: Date | null;
}

const summaryFields = 'email displayName language roles disabledAt lastLoginAt';

function toSummary(user: {
  _id: Types.ObjectId;
  email: string;
  displayName: string;
  language: string;
  roles: string[];
  disabledAt?: Date | null;
  lastLoginAt?: Date | null;
}): UserSummary {
  return {
    id: String(user._id),
    email: user.email,
    displayName: user.displayName,
    language: user.language as Language,
    roles: user.roles as Role[],
    disabledAt: user.disabledAt ?? null,
    lastLoginAt: user.lastLoginAt ?? null,
  };
}

/** The account with this id; null for an unknown or malformed id. */
export async function findUserSummary(id: string): Promise<UserSummary | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const user = await UserModel.findById(id).select(summaryFields).lean();
  return user ? toSummary(user) : null;
}

/** The account with this (normalized) email, through the unique email index; or null. */
export async function findUserSummaryByEmail(email: string): Promise<UserSummary | null> {
  const user = await UserModel.findOne({ email }).select(summaryFields).lean();
  return user ? toSummary(user) : null;
}

/**
 * Accounts whose email starts with this text (lower-cased), in email order: an anchored, escaped
 * prefix on the unique email index, so it stays an index range scan at any size.
 */
export async function findUsersByEmailPrefix(text: string, limit = 50): Promise<UserSummary[]> {
  const prefix = text.trim().toLowerCase();
  if (!prefix) return [];
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const users = await UserModel.find({ email: { $regex: `^${escaped}` } })
    .select(summaryFields)
    .sort({ email: 1 })
    .limit(limit)
    .lean();
  return users.map(toSummary);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Accounts an admin is looking for: by the start of the email when the text has an @, else by
 * the start of each word typed among the name's words ("mar fern" finds María Fernández), or the
 * start of the email. Anchored, escaped prefixes on the email and name-word indexes.
 */
export async function findUsersByNameOrEmail(text: string, limit = 50): Promise<UserSummary[]> {
  const typed = text.trim();
  if (!typed) return [];
  if (typed.includes('@')) return findUsersByEmailPrefix(typed, limit);
  const words = searchWords(typed).slice(0, 5);
  const byName = words.length
    ? { $and: words.map((word) => ({ nameWords: { $regex: `^${escapeRegex(word)}` } })) }
    : null;
  const byEmail = { email: { $regex: `^${escapeRegex(typed.toLowerCase())}` } };
  const users = await UserModel.find(byName ? { $or: [byName, byEmail] } : byEmail)
    .select(summaryFields)
    .sort({ displayName: 1 })
    .limit(limit)
    .lean();
  return users.map(toSummary);
}

/** Start-up migration: the name words of accounts made before they were kept. */
export async function fillNameWords(): Promise<{ filled: number }> {
  let filled = 0;
  const missing = UserModel.find({
    $or: [{ nameWords: { $exists: false } }, { nameWords: { $size: 0 } }],
  })
    .select('displayName')
    .lean()
    .cursor();
  for await (const user of missing) {
    await UserModel.updateOne(
      { _id: user._id },
      { $set: { nameWords: searchWords(user.displayName) } },
    );
    filled += 1;
  }
  return { filled };
}
