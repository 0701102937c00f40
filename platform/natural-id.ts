// Natural ids: the `_id` of a row that has a natural unique key (a student's progress in a module,
// attempt N at a quiz, an award's public id) is derived from that key, so a retried write (a job
// run twice, a repeated request) targets the same row and an insert of it twice collides on `_id`.
// Rows are read by their key's unique index; the `_id` only makes writes idempotent (ADR 0003).
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/** A stable ObjectId for a kind of row and its key parts (the first 12 bytes of a SHA-256). */
export function naturalId(kind: string, ...key: Array<string | Types.ObjectId>): Types.ObjectId {
  const digest = createHash('sha256')
    .update([kind, ...key.map(String)].join('|'))
    .digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

interface UpsertableModel {
  updateOne(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
    options?: { upsert?: boolean },
  ): PromiseLike<{ upsertedCount: number; matchedCount: number }>;
}

/**
 * Upserts the row whose natural key is `key` through its natural `_id`. A concurrent upsert of the
 * same new row, or a row written before natural ids (a random `_id`, the same key), makes the
 * insert collide on a unique index; either way the row now exists, and the update is applied to
 * it through its key.
 */
export async function upsertByNaturalKey(
  model: UpsertableModel,
  id: Types.ObjectId,
  key: Record<string, unknown>,
  update: Record<string, unknown> & { $setOnInsert?: Record<string, unknown> },
): Promise<{ inserted: boolean }> {
  try {
    const result = await model.updateOne(
      { _id: id },
      { ...update, $setOnInsert: { ...key, ...update.$setOnInsert } },
      { upsert: true },
    );
    return { inserted: result.upsertedCount === 1 };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const { $setOnInsert: _insertOnly, ...change } = update;
    if (Object.keys(change).length) await model.updateOne(key, change);
    return { inserted: false };
  }
}

/**
 * A stable UUID for a kind of thing and its key (name-based, from a SHA-256 like naturalId): the
 * same key always gives the same id, so a retried write or a second process agrees on it. Written
 * with the version nibble 5 and the RFC 4122 variant, the form name-based UUIDs take.
 */
export function naturalUuid(kind: string, ...key: string[]): string {
  const hex = createHash('sha256')
    .update([kind, ...key].join('|'))
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
