// A holder's credentials as other systems fetch them (the Open Badges API, wallets): each award
// not revoked, as the signed OpenBadgeCredential, oldest first, a page at a time.
import type { Types } from 'mongoose';
import type { DocumentsConfig } from './credential-documents';
import { findUserProfiles } from '../../accounts';
import { AppError, forbidden } from '../../platform/errors';
import { AchievementModel } from '../achievements/achievement.model';
import { credentialJwt, signedCredential } from './credential-documents';
import { AwardModel } from './award.model';
import { findPublicAward, toPublicAward } from './award.service';

const holdersAwards = (studentId: string, since?: Date) => ({
  student: studentId as unknown as Types.ObjectId,
  revokedAt: { $exists: false },
  ...(since ? { issuedOn: { $gt: since } } : {}),
});

export async function countHolderCredentials(studentId: string, since?: Date): Promise<number> {
  return AwardModel.countDocuments(holdersAwards(studentId, since));
}

export async function listHolderCredentials(
  config: DocumentsConfig,
  studentId: string,
  page: { offset: number; limit: number; since?: Date },
) {
  // One read of the page's awards and one of their badges' slugs (not two reads per award).
  const awards = await AwardModel.find(holdersAwards(studentId, page.since))
    .sort({ issuedOn: 1, _id: 1 })
    .skip(page.offset)
    .limit(page.limit)
    .lean();
  const achievements = await AchievementModel.find({
    _id: { $in: [...new Set(awards.map((award) => String(award.achievement)))] },
  })
    .select('slug')
    .lean();
  const slugOf = new Map(
    achievements.map((achievement) => [String(achievement._id), achievement.slug]),
  );
  return Promise.all(
    awards
      .filter((award) => slugOf.has(String(award.achievement)))
      .map((award) =>
        signedCredential(config, toPublicAward(award, slugOf.get(String(award.achievement))!)),
      ),
  );
}

export type WalletCredentialFormat = 'ldp_vc' | 'jwt_vc_json';

/**
 * One of the holder's own awards, to be handed to a wallet they hold (OpenID4VCI): someone else's
 * is refused, and a revoked or suspended one is refused with when and why (a wallet would keep a
 * copy that looks fine offline).
 */
export async function findHolderAwardForWallet(studentId: string, publicId: string) {
  const holder = { id: studentId, roles: [] };
  const award = await findPublicAward(publicId, holder);
  // Only the holder takes it to a wallet (as only the holder renews it): anyone else, 403.
  if (award.holderId !== studentId) throw forbidden();
  if (award.revokedAt)
    throw new AppError('revoked', 410, {
      key: 'badges:errors.walletRevoked',
      values: { date: award.revokedAt, reason: award.revocationReason ?? '' },
    });
  if (award.suspendedAt)
    throw new AppError('revoked', 409, {
      key: 'badges:errors.walletSuspended',
      values: { date: award.suspendedAt, reason: award.suspensionReason ?? '' },
    });
  // A disabled account's token, bought before it was disabled, takes nothing more.
  if ((await findUserProfiles([studentId])).get(studentId)?.disabled !== false)
    throw new AppError('account_disabled', 403, 'errors:accounts.disabled');
  const achievement = await AchievementModel.findOne({ slug: award.achievementSlug })
    .select('name')
    .lean();
  return { award, achievementName: achievement?.name ?? award.achievementSlug };
}

/** The holder's credential in the form the wallet asked for, signed now. */
export async function holderWalletCredential(
  config: DocumentsConfig,
  studentId: string,
  publicId: string,
  format: WalletCredentialFormat,
): Promise<object | string> {
  const { award } = await findHolderAwardForWallet(studentId, publicId);
  return format === 'ldp_vc' ? signedCredential(config, award) : credentialJwt(config, award);
}
