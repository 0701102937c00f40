// Holders of a badge that expires are reminded 90 and 30 days before, in their language, once each
// (the email's dedupe key is the award and the reminder, so reruns and retries send nothing more).
// A badge already within 30 days when first seen gets only the 30-day reminder.
import { findUserProfiles } from '../../accounts';
import { sendEmail, type MailContext } from '../../mail';
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
  })
    .select('publicId student achievement expires')
    .lean();
  if (expiring.length === 0) return { reminded: 0 };
  const [profiles, achievements] = await Promise.all([
    findUserProfiles([...new Set(expiring.map((award) => String(award.student)))]),
    AchievementModel.find({ _id: { $in: [...new Set(expiring.map((a) => a.achievement))] } })
      .select('name')
      .lean(),
  ]);
  const names = new Map(
    achievements.map((achievement) => [String(achievement._id), achievement.name]),
  );
  let reminded = 0;
  for (const award of expiring) {
    const holder = profiles.get(String(award.student));
    if (!holder) continue;
    const daysLeft = Math.ceil((award.expires!.getTime() - now.getTime()) / day);
    const reminder = daysLeft <= reminderDays[1] ? reminderDays[1] : reminderDays[0];
    await sendEmail(mail, {
      dedupeKey: `badge-expiring:${award.publicId}:${reminder}`,
      to: holder.email,
      language: holder.language,
      template: 'badge-expiring',
      data: {
        displayName: holder.displayName,
        badgeName: names.get(String(award.achievement)) ?? '',
        expires: award.expires,
        daysLeft,
        badgeUrl: badgeUrls(mail.config.baseUrl).assertion(award.publicId),
      },
    });
    reminded += 1;
  }
  return { reminded };
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
    logger.info(result, 'expiry reminders sent');
  },
};
