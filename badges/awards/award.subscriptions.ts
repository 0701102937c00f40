// What badges does when courses says a level or specialization was completed (issue its award),
// when an award is issued or revoked (tell its holder by email and notification) and when accounts
// says an email was confirmed (issue the awards held for want of it).
import type { JobOptions } from 'bull';
import { findUserProfiles } from '../../accounts';
import { completionKeys } from '../../courses';
import { inReaderLanguage, type Translations } from '../../i18n';
import { sendEmail } from '../../mail';
import { notify } from '../../notifications';
import { reaction } from '../../platform/event-bus';
import { AchievementModel } from '../achievements/achievement.model';
import { badgeUrls } from '../open-badges/ob2';
import { AwardModel } from './award.model';
import { issueAward } from './issue-award';
import { issueHeldAwards } from './issue-held-awards.job';
import { settleHeldGrants } from './award-import-run';

const issueOptions = {
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 5000,
  } satisfies JobOptions,
  concurrency: 2,
};

export const awardSubscriptions = [
  reaction(
    'level.completed',
    'issue-award',
    ({ studentId, specializationId, level }, context) =>
      issueAward(context, studentId, completionKeys.level(specializationId, level)),
    issueOptions,
  ),
  reaction(
    'specialization.completed',
    'issue-award',
    ({ studentId, specializationId }, context) =>
      issueAward(context, studentId, completionKeys.specialization(specializationId)),
    issueOptions,
  ),
  reaction(
    'email.confirmed',
    'issue-held-awards',
    async ({ userId }, context) => {
      await issueHeldAwards(context, userId);
      // And what an admin's import granted to this email while it had no confirmed account.
      await settleHeldGrants(context.services, userId);
    },
    { options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 } } },
  ),
  // The holder is told twice, by email and in the campus's notifications: one job, both writes
  // idempotent (the email's dedupe key, the notification's unique key), so a retry repeats neither.
  reaction('award.issued', 'send-badge-email', async ({ awardId }, { services }) => {
    const found = await awardWithHolder(awardId);
    if (!found) return;
    const { award, holder, badgeName } = found;
    await notify({
      recipient: award.student,
      kind: 'badge-earned',
      dedupeKey: `badge-earned:${award.publicId}`,
      message: {
        key: 'common:notifications.badgeEarned',
        values: { badge: found.badgeNameForHolder },
      },
      link: '/badges',
    });
    // One email per award, whatever the retries (the dedupe key).
    await sendEmail(services, {
      dedupeKey: `badge-earned:${award.publicId}`,
      to: holder.email,
      language: holder.language,
      template: 'badge-earned',
      data: {
        displayName: holder.displayName,
        badgeName,
        badgeUrl: badgeUrls(services.config.baseUrl).assertion(award.publicId),
      },
    });
  }),
  reaction('award.revoked', 'send-revocation-email', async ({ awardId }, { services }) => {
    const found = await awardWithHolder(awardId);
    if (!found?.award.revokedAt) return;
    const { award, holder, badgeName } = found;
    await notify({
      recipient: award.student,
      kind: 'badge-revoked',
      dedupeKey: `badge-revoked:${award.publicId}`,
      message: {
        key: 'common:notifications.badgeRevoked',
        values: { badge: found.badgeNameForHolder, reason: award.revocationReason ?? '' },
      },
      link: `/badges/assertions/${award.publicId}`,
    });
    // Once per award: the event is said again when a revocation is repeated.
    await sendEmail(services, {
      dedupeKey: `badge-revoked:${award.publicId}`,
      to: holder.email,
      language: holder.language,
      template: 'badge-revoked',
      data: {
        displayName: holder.displayName,
        badgeName,
        revokedAt: award.revokedAt,
        reason: award.revocationReason ?? '',
        badgeUrl: badgeUrls(services.config.baseUrl).assertion(award.publicId),
      },
    });
  }),
];

/** An award with its holder's profile and its badge's name, for the emails about it. */
async function awardWithHolder(awardId: string) {
  const award = await AwardModel.findById(awardId)
    .select('publicId student achievement revokedAt revocationReason')
    .lean();
  if (!award) return null;
  const [achievement, profiles] = await Promise.all([
    AchievementModel.findById(award.achievement).select('name translations').lean(),
    findUserProfiles([award.student]),
  ]);
  const holder = profiles.get(String(award.student));
  if (!achievement || !holder) return null;
  return {
    award,
    holder,
    badgeName: achievement.name,
    // What the campus shows the holder: the name in their language where it is translated.
    badgeNameForHolder: inReaderLanguage(
      achievement as typeof achievement & { translations?: Translations<'name'> | null },
      ['name'],
      holder.language,
    ).name,
  };
}
