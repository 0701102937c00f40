// Renewing an award that expires: once the badge's renewal window is open and the holder has
// completed its refresher courses since the award was issued, a new award (a new credential, with
// its own status-list index and expiry) takes the current slot and links the one it replaces,
// which stays in the holder's history. The unique index on (student, achievement, currentSlot)
// keeps one current award whatever the races; every step is idempotent, so a retry finishes.
import { findUserProfiles } from '../../accounts';
import { completionKeys, findCompletion, listPublishedCourseTitles } from '../../courses';
import { recordAudit } from '../../platform/audit/audit.service';
import { countEvent } from '../../platform/counters';
import { AppError, forbidden, isDuplicateKeyError, notFound } from '../../platform/errors';
import type { EventPublisher } from '../../platform/events';
import { naturalUuid } from '../../platform/natural-id';
import { AchievementModel } from '../achievements/achievement.model';
import { AwardModel } from './award.model';
import { awardIdOf, newAwardFields } from './award.service';
import { retireCachedVerifications } from '../verification/verification-cache';

const dayMs = 24 * 60 * 60 * 1000;

export type RenewalStatus =
  /** Everything is done: the holder may renew now. */
  | 'open'
  /** The window is open but a refresher course is still to complete. */
  | 'conditions-unmet'
  /** The window opens later (`opensAt`). */
  | 'not-yet'
  /** The badge offers no renewal, or this award does not expire. */
  | 'not-renewable'
  | 'revoked'
  | 'suspended'
  /** Already renewed: `renewedBy` is the award that replaced it. */
  | 'renewed';

export interface RenewalView {
  publicId: string;
  achievementName: string;
  achievementSlug: string;
  issuedOn: Date;
  expires: Date | null;
  opensAt: Date | null;
  status: RenewalStatus;
  /** The refresher courses, each with the date the holder completed it since the award (if so). */
  conditions: { slug: string; title: string; completedAt: Date | null }[];
  renewedBy: string | null;
}

/** Where the holder's award stands for renewal (only its holder may ask). */
export async function findRenewal(studentId: string, publicId: string): Promise<RenewalView> {
  return (await renewalState(studentId, publicId)).view;
}

/** The award, its badge and where it stands for renewal (one read of each). */
async function renewalState(studentId: string, publicId: string) {
  const { award, achievement } = await loadHoldersAward(studentId, publicId);
  const renewal = award.expires ? achievement.renewal : undefined;
  const opensAt =
    renewal && award.expires
      ? new Date(award.expires.getTime() - renewal.opensDaysBefore * dayMs)
      : null;
  const courses = renewal ? await listPublishedCourseTitles(renewal.courses) : [];
  const conditions = await Promise.all(
    courses.map(async (course) => {
      const completion = await findCompletion(studentId, completionKeys.course(String(course._id)));
      // Only a completion after the award counts: the refresher is what renews it.
      const since = completion && completion.completedAt > award.issuedOn;
      return {
        slug: course.slug,
        title: course.title,
        completedAt: since ? completion.completedAt : null,
      };
    }),
  );
  const status: RenewalStatus = award.renewedBy
    ? 'renewed'
    : award.revokedAt
      ? 'revoked'
      : award.suspendedAt
        ? 'suspended'
        : !renewal || !opensAt
          ? 'not-renewable'
          : Date.now() < opensAt.getTime()
            ? 'not-yet'
            : // A refresher no longer published cannot be completed: not open, rather than waived.
              conditions.some((condition) => !condition.completedAt) ||
                courses.length < new Set(renewal.courses.map(String)).size
              ? 'conditions-unmet'
              : 'open';
  const view: RenewalView = {
    publicId: award.publicId,
    achievementName: achievement.name,
    achievementSlug: achievement.slug,
    issuedOn: award.issuedOn,
    expires: award.expires ?? null,
    opensAt,
    status,
    conditions,
    renewedBy: award.renewedBy ?? null,
  };
  return { view, award, achievement };
}

/**
 * Renews the holder's award: the new award's publicId. Renewing an award already renewed answers
 * the renewal it has (a double submit or a retry after a crash finishes the same one).
 */
export async function renewAward(
  context: { events: EventPublisher },
  studentId: string,
  publicId: string,
): Promise<{ publicId: string; renewedNow: boolean }> {
  const { view, award, achievement } = await renewalState(studentId, publicId);
  if (view.status !== 'open' && view.status !== 'renewed')
    throw new AppError('conflict', 409, `badges:renewal.refused.${view.status}`);
  const pendingSlot = `renewal-of:${award.publicId}`;
  const holder = { student: award.student, achievement: award.achievement };

  // The renewal of an award has one identity, derived from it: however many requests race, and
  // whatever step the others reached, there is one renewal row to write or to find.
  const renewalPublicId = renewalIdOf(award.publicId);
  const renewalId = awardIdOf(renewalPublicId);

  // 1. The renewal is stored outside the current slot (its own pending one, unique per award).
  // Whoever inserts it renewed it: an insert the unique _id decides, where a conditional update
  // is not enough (the dev store lets two concurrent ones both match).
  let insertedNow = false;
  if (!award.renewedBy) {
    const profile = (await findUserProfiles([studentId])).get(studentId);
    if (!profile) throw notFound('badge');
    const fields = await newAwardFields(profile, achievement, new Date(), renewalPublicId);
    try {
      const stored = await AwardModel.updateOne(
        { _id: renewalId },
        {
          $setOnInsert: {
            ...fields,
            ...holder,
            currentSlot: pendingSlot,
            origin: 'renewal',
            renews: award.publicId,
            evidence: {
              courses: view.conditions.map(({ slug, title, completedAt }) => ({
                slug,
                title,
                completedAt,
              })),
            },
          },
        },
        { upsert: true },
      );
      insertedNow = stored.upsertedCount === 1;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // a concurrent renewal stored it
    }
  }
  const renewal = await AwardModel.findById(renewalId)
    .select('publicId issuedOn currentSlot')
    .lean();
  if (!renewal) throw notFound('badge');
  // 2. The renewed award leaves the current slot (history), naming its renewal.
  await AwardModel.updateOne(
    { _id: award._id, currentSlot: 'current' },
    {
      $set: {
        currentSlot: award.publicId,
        renewedAt: renewal.issuedOn,
        renewedBy: renewal.publicId,
      },
    },
  );
  // 3. The renewal takes the slot (unless another path filled it after a crash here: see
  // finishPendingRenewal, which issuance calls first, so that does not happen from now on).
  await AwardModel.updateOne(
    { _id: renewal._id, currentSlot: pendingSlot },
    { $set: { currentSlot: 'current' } },
  );
  if (insertedNow) {
    await retireCachedVerifications(); // answers about the renewed award show its history
    await countEvent('badges', ['*', String(achievement._id)], renewal.issuedOn);
    await recordAudit({
      actor: studentId,
      action: 'award.renewed',
      student: award.student,
      details: { publicId: award.publicId, renewal: renewal.publicId },
    });
  }
  // Its certificate and email, as for any issued award (said again on a retry: one each).
  await context.events.publish('award.issued', String(renewal._id), {
    awardId: String(renewal._id),
    studentId,
    achievementId: String(achievement._id),
  });
  return { publicId: renewal.publicId, renewedNow: insertedNow };
}

/** The publicId (a UUID) of an award's renewal, derived from the award's own. */
function renewalIdOf(publicId: string): string {
  return naturalUuid('award-renewal', publicId);
}

async function loadHoldersAward(studentId: string, publicId: string) {
  const award = /^[0-9a-f-]{36}$/.test(publicId)
    ? await AwardModel.findOne({ publicId }).lean()
    : null;
  if (!award) throw notFound('badge');
  // Only the holder renews (as only the holder sets its privacy): anyone else, admins too, 403.
  if (String(award.student) !== studentId) throw forbidden();
  const achievement = await AchievementModel.findById(award.achievement)
    .select('slug name validForMonths renewal')
    .lean();
  if (!achievement) throw notFound('badge');
  return { award, achievement };
}

/**
 * The holder's awards of the achievement `publicId` is an award of, oldest first: the renewals
 * that followed one another (the unique index's prefix reads them).
 */
export async function listAwardHistory(publicId: string, options: { withPrivate: boolean }) {
  const award = await AwardModel.findOne({ publicId }).select('student achievement').lean();
  if (!award) return [];
  const awards = await AwardModel.find({ student: award.student, achievement: award.achievement })
    .select('publicId issuedOn expires revokedAt suspendedAt renewedAt private currentSlot')
    .sort({ issuedOn: 1 })
    .lean();
  return (
    awards
      // A private award shows in others' eyes nowhere, its history included (only its holder and
      // admins see it: options.withPrivate).
      .filter((entry) => !entry.currentSlot.startsWith('renewal-of:'))
      .filter((entry) => options.withPrivate || !entry.private || entry.publicId === publicId)
      .map((entry) => ({
        publicId: entry.publicId,
        issuedOn: entry.issuedOn,
        expires: entry.expires ?? null,
        revoked: Boolean(entry.revokedAt),
        suspended: Boolean(entry.suspendedAt),
        renewedAt: entry.renewedAt ?? null,
        private: entry.private,
        current: entry.currentSlot === 'current',
      }))
  );
}
