// What other components may read of accounts, as plain views: a name and address to show or
// write to, and the sign-ups reports count. The user table keeps one writer (accounts).
import type { Types } from 'mongoose';
import { UserModel } from './user.model';

export interface UserContact {
  _id: Types.ObjectId;
  email: string;
  displayName: string;
}

/** The accounts with these (lower-cased) addresses; unknown addresses are simply absent. */
export async function findUsersByEmails(emails: readonly string[]): Promise<UserContact[]> {
  if (!emails.length) return [];
  return UserModel.find({ email: { $in: emails } })
    .select('email displayName')
    .lean();
}

/** The accounts with these ids; unknown ids are simply absent. */
export async function findUsersByIds(
  ids: readonly (Types.ObjectId | string)[],
): Promise<UserContact[]> {
  if (!ids.length) return [];
  return UserModel.find({ _id: { $in: ids } })
    .select('email displayName')
    .lean();
}

/** When each student signed up and in which language, streamed for the report recount. */
export function streamStudentSignups(): AsyncIterable<{ createdAt: Date; language: string }> {
  return UserModel.find({ roles: 'student' })
    .select('createdAt language')
    .lean()
    .cursor() as AsyncIterable<{ createdAt: Date; language: string }>;
}
