// Accounts by email as an `_id` lookup: one `user_emails` row per email (its `_id` is the
// normalized email), pointing at the account. Why: a login finds the account by email, and
// FerretDB (dev and test) uses no index but `_id`: at 100× the campus every login scanned
// 100,000 users (3.5 s) before the password check. A second query only for emails not found would
// have told a guesser which emails have accounts by its time, so every lookup makes the same two
// `_id` reads, found or not. `users.email` stays unique and stays the truth: a key whose account
// is gone or has moved to another email (a crash half-way through a create or a move) reads as no
// account, and the next claim of that email takes the key over.
import { Schema, Types, model } from 'mongoose';
import { isDuplicateKeyError } from '../platform/errors';
import { UserModel, type UserDocument } from './user.model';

const userEmailSchema = new Schema(
  {
    /** The normalized email (as `users.email`). */
    _id: { type: String },
    user: { type: Types.ObjectId, ref: 'User', required: true },
  },
  { collection: 'user_emails', versionKey: false },
);

export const UserEmailModel = model('UserEmail', userEmailSchema);

/** Read when an email has no key: an id no account has, so both outcomes make the same reads. */
const nobody = new Types.ObjectId('000000000000000000000000');

/** The account that has this email, or null. Always two `_id` reads (see above). */
export async function findUserByEmail(email: string): Promise<UserDocument | null> {
  const key = await UserEmailModel.findById(email).lean();
  const user = await UserModel.findById(key?.user ?? nobody);
  return user?.email === email ? user : null;
}

/**
 * Points the email at this account before the account takes it. Refuses (false) when another
 * account has the email; a key left behind by a half-done create or an email moved away is taken
 * over (compare-and-set, so of two claims at once only one wins).
 */
export async function claimEmail(email: string, userId: Types.ObjectId): Promise<boolean> {
  try {
    await UserEmailModel.create({ _id: email, user: userId });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const key = await UserEmailModel.findById(email).lean();
  if (!key) return claimEmail(email, userId); // released in between
  if (key.user.equals(userId)) return true;
  const holder = await UserModel.findById(key.user).select('email').lean();
  if (holder?.email === email) return false;
  const taken = await UserEmailModel.updateOne(
    { _id: email, user: key.user },
    { $set: { user: userId } },
  );
  return taken.modifiedCount === 1;
}

/**
 * Points the key at the account that has the email (or drops it when none has): after a write
 * lost to the unique email index, to an account from before email keys or to a concurrent create
 * whose key this one had taken over. Rare, so its one query by email does not matter.
 */
export async function repairEmailKey(email: string): Promise<void> {
  const holder = await UserModel.findOne({ email }).select('_id').lean();
  if (holder)
    await UserEmailModel.updateOne(
      { _id: email },
      { $set: { user: holder._id } },
      { upsert: true },
    );
  else await UserEmailModel.deleteOne({ _id: email });
}

/** Drops this account's key for an email it no longer has (or never got). */
export async function releaseEmail(email: string, userId: Types.ObjectId): Promise<void> {
  await UserEmailModel.deleteOne({ _id: email, user: userId });
}

/**
 * Keys for the accounts that have none (accounts from before this collection), in one pass over
 * the users; run once per database at start-up. Existing keys are left as they are.
 */
export async function addMissingEmailKeys(): Promise<number> {
  let added = 0;
  let batch: { email: string; _id: Types.ObjectId }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await UserEmailModel.bulkWrite(
      batch.map((user) => ({
        updateOne: {
          filter: { _id: user.email },
          update: { $setOnInsert: { user: user._id } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    added += result.upsertedCount;
    batch = [];
  };
  for await (const user of UserModel.find().select('email').lean().cursor()) {
    batch.push(user);
    if (batch.length === 500) await flush();
  }
  await flush();
  return added;
}
