// Accounts were once found by email through a key collection (`user_emails`, one row per email by
// `_id`) because the dev store, FerretDB on SQLite, used no index but `_id`. It now answers an
// equality on a field that leads an index through that index, so `users`' unique email index both
// finds an account and keeps an email to one account, and the keys have nothing left to do.
import mongoose from 'mongoose';

/** Drops the old key collection where a database still has it; idempotent. */
export async function dropEmailKeys(): Promise<{ dropped: boolean }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const found = await db.listCollections({ name: 'user_emails' }, { nameOnly: true }).toArray();
  if (found.length === 0) return { dropped: false };
  await db.dropCollection('user_emails');
  return { dropped: true };
}
