// Holders of a badge that expires are reminded 90 and 30 days before, in their language, once each
// (the email's dedupe key is the award and the reminder, so reruns and retries send nothing more).
// The 90-day reminder goes out between 90 and 61 days before; after that only the 30-day one
// (so a badge first seen 31 days before is not told twice in two days). A badge valid for less
// than a reminder's lead time plus a week gets no such reminder (it would arrive with the badge);
// nor do revoked or suspended badges, or disabled accounts.
import { findUserProfiles } from '../../accounts';
import { inReaderLanguage, type Translations } from '../../i18n';
import { sendEmail, type MailContext } from '../../mail';
import { notify } from '../../notifications';
import type { JobDefinition } from '../../platform/queue';
import { AchievementModel } from '../achievements/achievement.model';
import { badgeUrls } from '../open-badges/ob2';
import { AwardModel } from './award.model';

const day = 24 * 60 * 60 * 1000;
export const reminderDays = [90, 30] as const;

export async function remindExpiringAwards(mail: MailContext, now = new Date()) {
  const horizon = new Date(now.getTime() + reminderDays[0] * day);
  // The expires index reads only the awards inside the 90-day window.
  const expiring = await AwardModel.find({
    expires: { $gt: now, $lte: horizon },
    revokedAt: { $exists: false },
    suspendedAt: { $exists: false },
  })
    .select('publicId student achievement expires issuedOn')
    .lean();
  if (expiring.length === 0) return { inWindow: 0 };
  const [profiles, achievements] = await Promise.all([
    findUserProfiles([...new Set(expiring.map((award) => String(award.student)))]),
    AchievementModel.find({ _id: { $in: [...new Set(expiring.map((a) => a.achievement))] } })
      .select('name translations renewal')
      .lean(),
  ]);
  const byId = new Map(achievements.map((achievement) => [String(achievement._id), achievement]));
  for (const award of expiring) {
    const holder = profiles.get(String(award.student));
    if (!holder || holder.disabled) continue;
    const daysLeft = Math.ceil((award.expires!.getTime() - now.getTime()) / day);
    const reminder =
      daysLeft <= reminderDays[1] ? reminderDays[1] : daysLeft > 60 ? reminderDays[0] : null;
    const validDays = (award.expires!.getTime() - award.issuedOn.getTime()) / day;
    if (reminder === null || validDays < reminder + 7) continue;
    const achievement = byId.get(String(award.achievement));
    await notify({
      recipient: award.student,
      kind: 'badge-expiring',
      dedupeKey: `badge-expiring:${award.publicId}:${reminder}`,
      message: {
        key: 'common:notifications.badgeExpiring',
        values: {
          badge: achievement
            ? inReaderLanguage(
                achievement as typeof achievement & { translations?: Translations<'name'> | null },
                ['name'],
                holder.language,
              ).name
            : '',
          days: daysLeft,
        },
      },
      link: achievement?.renewal ? `/badges/${award.publicId}/renew` : '/badges',
    });
    await sendEmail(mail, {
      dedupeKey: `badge-expiring:${award.publicId}:${reminder}`,
      to: holder.email,
      language: holder.language,
      template: 'badge-expiring',
      data: {
        displayName: holder.displayName,
        badgeName: byId.get(String(award.achievement))?.name ?? '',
        expires: award.expires,
        daysLeft,
        badgeUrl: badgeUrls(mail.config.baseUrl).assertion(award.publicId),
        // Where the badge offers renewal, the email leads to the holder's renewal page.
        renewUrl: byId.get(String(award.achievement))?.renewal
          ? `${mail.config.baseUrl}/badges/${award.publicId}/renew`
          : null,
      },
    });
  }
  // Reruns find the same window; the dedupe keys make its emails once each.
  return { inWindow: expiring.length };
}

/** Every six hours: a reminder is at most that late, and a rerun sends nothing twice. */
export const expiryRemindersJob: JobDefinition<Record<string, never>> = {
  name: 'remind-expiring-awards',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: 100,
    repeat: { every: 6 * 60 * 60 * 1000 },
  },
  async perform(_data, { logger, services }) {
    const result = await remindExpiringAwards(services);
    logger.info(result, 'expiry reminders checked');
  },
};
