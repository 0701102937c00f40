// Who holds a badge, for the admin's holders page: newest first, a page at a time, or found by
// a word of the holder's name or the start of their email (accounts' indexes answer that part).
import { findUsersByNameOrEmail } from '../../accounts';
import type { Language } from '../../i18n';
import { notFound } from '../../platform/errors';
import { AchievementModel } from '../achievements/achievement.model';
import { achievementNameIn } from '../achievements/achievement-queries';
import { AwardModel } from './award.model';

export type HolderState = 'active' | 'revoked' | 'suspended' | 'expired' | 'renewed';

export interface BadgeHolder {
  publicId: string;
  recipientName: string;
  issuedOn: Date;
  expires: Date | null;
  state: HolderState;
}

const holdersPerPage = 50;

export async function listBadgeHolders(
  slug: string,
  options: { q?: string; page?: number },
  reader: Language,
  now = new Date(),
): Promise<{
  badge: { slug: string; name: string };
  holders: BadgeHolder[];
  total: number;
  hasMore: boolean;
}> {
  const achievement = await AchievementModel.findOne({ slug })
    .select('slug name language translations')
    .lean();
  if (!achievement) throw notFound('badge');
  const page = Math.max(0, options.page ?? 0);
  const q = options.q?.trim();
  const students = q ? (await findUsersByNameOrEmail(q, 200)).map((user) => user.id) : null;
  // The achievement + issuedOn index serves both: all holders newest first, or those found.
  const filter = {
    achievement: achievement._id,
    ...(students ? { student: { $in: students } } : {}),
  };
  const [awards, total] = await Promise.all([
    AwardModel.find(filter)
      .select('publicId recipientName issuedOn expires revokedAt suspendedAt renewedAt')
      .sort({ issuedOn: -1 })
      .skip(page * holdersPerPage)
      .limit(holdersPerPage + 1)
      .lean(),
    AwardModel.countDocuments({ achievement: achievement._id }),
  ]);
  return {
    badge: {
      slug: achievement.slug,
      name: achievementNameIn(achievement, reader),
    },
    holders: awards.slice(0, holdersPerPage).map((award) => ({
      publicId: award.publicId,
      recipientName: award.recipientName,
      issuedOn: award.issuedOn,
      expires: award.expires ?? null,
      state: award.revokedAt
        ? 'revoked'
        : award.suspendedAt
          ? 'suspended'
          : award.renewedAt
            ? 'renewed'
            : award.expires && award.expires < now
              ? 'expired'
              : 'active',
    })),
    total,
    hasMore: awards.length > holdersPerPage,
  };
}
