// The student's badge wallet: their awards, a share link and an "Add to LinkedIn" link for each,
// and the choice to keep one private.
import { inReaderLanguage, type Language, type Translations } from '../../i18n';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { getIssuerProfile } from '../issuer/issuer.service';
import { getAchievementImage } from '../achievements/achievement.service';
import { bakeableImages } from '../achievements/achievement-image';
import { bakePng } from '../baking/bake-png';
import { bakeOb2Svg, bakeOb3Svg } from '../baking/bake-svg';
import { badgeUrls } from '../open-badges/ob2';
import { hostedAssertion, signedCredential, type DocumentsConfig } from './credential-documents';
import { findAwardByPublicId, findPublicAward } from './award.service';
import { AwardModel } from './award.model';
import { retireCachedVerifications } from '../verification/verification-cache';

export interface WalletBadge {
  publicId: string;
  name: string;
  achievementSlug: string;
  issuedOn: string;
  expires: string | null;
  revoked: boolean;
  /** Suspended by an admin: the holder sees it, with the reason, until it is lifted. */
  suspension: { since: string; reason: string } | null;
  private: boolean;
  /** Replaced by a renewal: its date and the renewal's publicId (kept as history). */
  renewed: { on: string; by: string } | null;
  /** The badge offers renewal and this award expires: its renewal page is worth a link. */
  renewable: boolean;
  url: string;
  imageUrl: string;
  linkedInUrl: string;
}

/** LinkedIn's documented "Add to profile" link for a certification. */
function linkedInAddUrl(badge: {
  name: string;
  issuer: string;
  issuedOn: Date;
  expires?: Date | null;
  url: string;
  publicId: string;
}): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: badge.name,
    organizationName: badge.issuer,
    issueYear: String(badge.issuedOn.getUTCFullYear()),
    issueMonth: String(badge.issuedOn.getUTCMonth() + 1),
    certUrl: badge.url,
    certId: badge.publicId,
  });
  if (badge.expires) {
    params.set('expirationYear', String(badge.expires.getUTCFullYear()));
    params.set('expirationMonth', String(badge.expires.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

export async function listWallet(
  studentId: string,
  baseUrl: string,
  reader: Language,
): Promise<WalletBadge[]> {
  const urls = badgeUrls(baseUrl);
  const issuer = await getIssuerProfile(baseUrl);
  const awards = await AwardModel.find({ student: studentId })
    .sort({ issuedOn: -1 })
    .populate<{
      achievement: {
        slug: string;
        name: string;
        translations?: Translations<'name'> | null;
        renewal?: { courses: unknown[] } | null;
      };
    }>('achievement', 'slug name translations renewal')
    .lean();
  return awards.map((award) => {
    const url = urls.assertion(award.publicId);
    return {
      publicId: award.publicId,
      // On the holder's page in their language; LinkedIn gets the name the credential carries.
      name: inReaderLanguage(award.achievement, ['name'], reader).name,
      achievementSlug: award.achievement.slug,
      issuedOn: award.issuedOn.toISOString(),
      expires: award.expires?.toISOString() ?? null,
      revoked: Boolean(award.revokedAt),
      suspension: award.suspendedAt
        ? { since: award.suspendedAt.toISOString(), reason: award.suspensionReason ?? '' }
        : null,
      private: award.private,
      renewed:
        award.renewedAt && award.renewedBy
          ? { on: award.renewedAt.toISOString(), by: award.renewedBy }
          : null,
      renewable: Boolean(
        award.achievement.renewal &&
        award.expires &&
        award.currentSlot === 'current' &&
        !award.revokedAt,
      ),
      url,
      // Shown on our own pages: a path, so it loads whatever host the campus is reached by.
      imageUrl: `/badges/achievements/${award.achievement.slug}/image?lang=${reader}`,
      linkedInUrl: linkedInAddUrl({
        name: award.achievement.name,
        issuer: issuer.name,
        issuedOn: award.issuedOn,
        expires: award.expires,
        url,
        publicId: award.publicId,
      }),
    };
  });
}

/** Only the award's owner chooses; another student gets 403. */
export async function setAwardPrivacy(
  studentId: string,
  publicId: string,
  isPrivate: boolean,
): Promise<void> {
  const award = await findAwardByPublicId(publicId, 'student');
  if (!award) throw notFound('badge');
  if (String(award.student) !== studentId) throw forbidden();
  await AwardModel.updateOne({ _id: award._id }, { $set: { private: isPrivate } });
  await retireCachedVerifications(); // a private badge's answer no longer shows the name
}

export const bakedFormats = ['ob2.png', 'ob2.svg', 'ob3.png', 'ob3.svg'] as const;
export type BakedFormat = (typeof bakedFormats)[number];

/**
 * The badge image with the award baked in, for the owner (or an admin) to download: Open Badges
 * 2.0 carries the hosted assertion, 3.0 the credential with its Data Integrity proof.
 */
export async function bakedBadge(
  actor: { id: string; roles: string[] },
  publicId: string,
  format: BakedFormat,
  config: DocumentsConfig,
): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  // Someone else's private badge is not found, as on every public URL.
  const award = await findPublicAward(publicId, actor);
  if (award.holderId !== actor.id && !actor.roles.includes('admin')) throw forbidden();
  // As with the certificate: no fresh signed copy of a revoked badge.
  if (award.revokedAt)
    throw new AppError('revoked', 410, {
      key: 'badges:errors.downloadRevoked',
      values: { date: award.revokedAt, reason: award.revocationReason ?? '' },
    });
  const { png, svg } = bakeableImages(await getAchievementImage(award.achievementSlug));
  const filename = `${award.achievementSlug}-${format}`;
  if (format.startsWith('ob2')) {
    const assertion = hostedAssertion(award, config.baseUrl);
    return format === 'ob2.svg'
      ? { filename, contentType: 'image/svg+xml', bytes: Buffer.from(bakeOb2Svg(svg, assertion)) }
      : {
          filename,
          contentType: 'image/png',
          bytes: bakePng(png, 'openbadges', JSON.stringify(assertion)),
        };
  }
  const credential = await signedCredential(config, award);
  return format === 'ob3.svg'
    ? { filename, contentType: 'image/svg+xml', bytes: Buffer.from(bakeOb3Svg(svg, credential)) }
    : {
        filename,
        contentType: 'image/png',
        bytes: bakePng(png, 'openbadgecredential', JSON.stringify(credential)),
      };
}
