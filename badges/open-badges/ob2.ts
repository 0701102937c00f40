// Open Badges 2.0 documents, as pure functions of stored data and the campus's URLs (no I/O),
// so they are easy to check against the spec's rules in tests.
import type { Multikey } from './data-integrity';
import type { IssuerProfile } from '../issuer/issuer.service';

export const ob2Context = 'https://w3id.org/openbadges/v2';

export interface BadgeUrls {
  issuer: string;
  achievement: (slug: string) => string;
  achievementImage: (slug: string) => string;
  assertion: (publicId: string) => string;
  revocationList: string;
}

export function badgeUrls(baseUrl: string): BadgeUrls {
  return {
    issuer: `${baseUrl}/badges/issuer`,
    achievement: (slug) => `${baseUrl}/badges/achievements/${slug}`,
    achievementImage: (slug) => `${baseUrl}/badges/achievements/${slug}/image`,
    assertion: (publicId) => `${baseUrl}/badges/assertions/${publicId}`,
    revocationList: `${baseUrl}/badges/revocations`,
  };
}

export interface AchievementData {
  slug: string;
  name: string;
  description: string;
  criteriaNarrative: string;
  tags: string[];
  alignment: { name: string; url: string }[];
  courses: { title: string; url: string }[];
}

export interface AwardData {
  publicId: string;
  salt: string;
  recipientHash: string;
  issuedOn: Date;
  expires?: Date | null;
  revokedAt?: Date | null;
  revocationReason?: string | null;
  evidence: { courses: { title?: string | null; completedAt?: Date | null }[] };
  /** What an admin's import says of it (e.g. the event attended). */
  evidenceNote?: string | null;
  /** The publicId of the award this one renews. */
  renews?: string | null;
}

const completedNarrative = (course: { title?: string | null; completedAt?: Date | null }) =>
  `Completed “${course.title}”${course.completedAt ? ` on ${course.completedAt.toISOString().slice(0, 10)}` : ''}.`;

/**
 * The award's evidence, in words, for both versions: the courses completed, the import's note,
 * and (a renewal) the earlier award it renews, by the URL that earlier award is served at.
 */
export function evidenceOf(award: AwardData, previousAwardUrl: (publicId: string) => string) {
  return [
    ...award.evidence.courses.map((course) => ({
      name: course.title ?? 'Course',
      narrative: completedNarrative(course),
    })),
    ...(award.evidenceNote ? [{ name: 'Evidence', narrative: award.evidenceNote }] : []),
    ...(award.renews
      ? [
          {
            id: previousAwardUrl(award.renews),
            name: 'Renewed award',
            narrative: 'Renews the earlier award of this achievement to the same holder.',
          },
        ]
      : []),
  ];
}

export function buildOb2Issuer(
  profile: IssuerProfile,
  urls: BadgeUrls,
  publicKeyUrls: string[] = [],
  multikeys: Multikey[] = [],
) {
  return {
    '@context': ob2Context,
    type: 'Issuer',
    id: urls.issuer,
    name: profile.name,
    url: profile.url,
    email: profile.email,
    ...(profile.description ? { description: profile.description } : {}),
    ...(profile.image ? { image: profile.image } : {}),
    revocationList: urls.revocationList,
    ...(publicKeyUrls.length ? { publicKey: publicKeyUrls } : {}),
    // OB 3.0: the Ed25519 keys of Data Integrity proofs, controlled by this issuer id.
    ...(multikeys.length ? { assertionMethod: multikeys } : {}),
  };
}

export function buildOb2BadgeClass(achievement: AchievementData, urls: BadgeUrls) {
  const courseList = achievement.courses.map((course) => `- ${course.title}`).join('\n');
  return {
    '@context': ob2Context,
    type: 'BadgeClass',
    id: urls.achievement(achievement.slug),
    name: achievement.name,
    description: achievement.description,
    image: urls.achievementImage(achievement.slug),
    criteria: {
      id: urls.achievement(achievement.slug),
      narrative: courseList
        ? `${achievement.criteriaNarrative}\n\nCourses:\n${courseList}`
        : achievement.criteriaNarrative,
    },
    issuer: urls.issuer,
    tags: achievement.tags,
    alignment: achievement.alignment.map((topic) => ({
      targetName: topic.name,
      targetUrl: topic.url,
    })),
  };
}

export function buildOb2Assertion(award: AwardData, achievementSlug: string, urls: BadgeUrls) {
  return {
    '@context': ob2Context,
    type: 'Assertion',
    id: urls.assertion(award.publicId),
    recipient: { type: 'email', hashed: true, salt: award.salt, identity: award.recipientHash },
    badge: urls.achievement(achievementSlug),
    verification: { type: 'hosted' },
    issuedOn: award.issuedOn.toISOString(),
    ...(award.expires ? { expires: award.expires.toISOString() } : {}),
    evidence: evidenceOf(award, urls.assertion),
    ...(award.revokedAt
      ? { revoked: true, revocationReason: award.revocationReason ?? 'Revoked by the issuer.' }
      : {}),
  };
}

/**
 * The issuer's revocation list. Each revoked award is listed under every id it was issued under
 * (a verifier checks the badge's own id); a private award without its reason.
 */
export function buildOb2RevocationList(
  urls: BadgeUrls,
  revoked: { ids: string[]; reason: string | null }[],
) {
  return {
    '@context': ob2Context,
    id: urls.revocationList,
    type: 'RevocationList',
    issuer: urls.issuer,
    revokedAssertions: revoked.flatMap((award) =>
      award.ids.map((id) => (award.reason ? { id, revocationReason: award.reason } : { id })),
    ),
  };
}
