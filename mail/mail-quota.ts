// How many account emails the campus sends per address and in all, per hour. Counted where emails
// are made (sendEmail), so every path (the forms, the API, an integration's push, a job) shares
// one count: nothing a visitor or an integration does can make the campus flood one inbox.
import { createHash } from 'node:crypto';
import { Schema, model } from 'mongoose';
import type { AbuseLimits } from '../platform/config';
import { isDuplicateKeyError } from '../platform/errors';

// One counter per (address, hour) and per hour: atomic $inc, shared by every process. FerretDB has
// no TTL index, so past hours are deleted when a new hour's global counter starts.
const mailQuotaSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const MailQuotaModel = model('MailQuota', mailQuotaSchema);

const hourMs = 60 * 60 * 1000;

/** Emails the campus sends because of something it earned or decided, bounded elsewhere. */
// A revocation and an expiry reminder are owed to the holder like the badge itself: one per award
// and reminder (their dedupe keys), never dropped because a bulk revocation filled the hour.
const unlimitedTemplates = new Set(['badge-earned', 'badge-revoked', 'badge-expiring']);

async function countOne(key: string, expiresAt: Date): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await MailQuotaModel.findOneAndUpdate(
        { _id: key },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return counter!.count;
    } catch (error) {
      // Two first emails of the hour at once: one upsert wins, the other retries as an update.
      if (attempt < 2 && isDuplicateKeyError(error)) continue;
      throw error;
    }
  }
}

export type QuotaVerdict = 'allowed' | 'recipient_over' | 'campus_over';

/**
 * Counts one email to `to` and says whether it may go. Fixed hourly windows: at most twice a limit
 * in any sliding hour, which is still a bound.
 */
export async function takeMailQuota(
  limits: Pick<AbuseLimits, 'mailPerRecipientHour' | 'mailGlobalHour'>,
  template: string,
  to: string,
  now = Date.now(),
): Promise<QuotaVerdict> {
  if (unlimitedTemplates.has(template)) return 'allowed';
  const hour = Math.floor(now / hourMs);
  const expiresAt = new Date((hour + 2) * hourMs);
  const address = createHash('sha256').update(to.trim().toLowerCase()).digest('hex');
  if ((await countOne(`to:${address}:${hour}`, expiresAt)) > limits.mailPerRecipientHour)
    return 'recipient_over';
  const all = await countOne(`all:${hour}`, expiresAt);
  if (all === 1) await MailQuotaModel.deleteMany({ expiresAt: { $lt: new Date(now) } });
  return all > limits.mailGlobalHour ? 'campus_over' : 'allowed';
}
