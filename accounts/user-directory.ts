// What other components read and ask of accounts, as plain views and use cases: a student's name,
// address and language for a badge, and marking addresses as confirmed. The user table keeps one
// writer (accounts).
import type { Types } from 'mongoose';
import type { Language } from '../i18n';
import { UserModel } from './user.model';

export interface UserProfile {
  id: string;
  email: string;
  displayName: string;
  certificateName: string;
  language: Language;
  emailConfirmedAt: Date | null;
  /** Disabled by an admin: not written to about their badges. */
  disabled: boolean;
}

/** The profiles of these users by id; unknown ids are simply absent from the map. */
export async function findUserProfiles(
  ids: readonly (Types.ObjectId | string)[],
): Promise<Map<string, UserProfile>> {
  if (!ids.length) return new Map();
  const users = await UserModel.find({ _id: { $in: ids } })
    .select('email displayName certificateName language emailConfirmedAt disabledAt')
    .lean();
  return new Map(
    users.map((user) => [
      String(user._id),
      {
        id: String(user._id),
        email: user.email,
        displayName: user.displayName,
        certificateName: user.certificateName,
        language: user.language as Language,
        emailConfirmedAt: user.emailConfirmedAt ?? null,
        disabled: Boolean(user.disabledAt),
      },
    ]),
  );
}

/** Marks these users' addresses as confirmed (those not already): how many changed. */
export async function markEmailsConfirmed(
  userIds: readonly (Types.ObjectId | string)[],
): Promise<number> {
  if (!userIds.length) return 0;
  const result = await UserModel.updateMany(
    { _id: { $in: userIds }, emailConfirmedAt: { $exists: false } },
    { $set: { emailConfirmedAt: new Date() } },
  );
  return result.modifiedCount;
}
