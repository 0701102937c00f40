// Certificates: rendered once per award by a job (or on first download), kept in their record.
import { countEvent } from '../../platform/counters';
import { createHash } from 'node:crypto';
import { AppError, forbidden, isDuplicateKeyError, notFound } from '../../platform/errors';
import { getAchievementData } from '../achievements/achievement.service';
import { AwardModel } from '../awards/award.model';
import { findAwardByPublicId } from '../awards/award.service';
import { getIssuerProfile, getIssuerSignature } from '../issuer/issuer.service';
import { findUserProfiles } from '../../accounts';
import { findCourseHours } from '../../courses';
import { certificateTextFor } from './certificate-text';
import { badgeUrls } from '../open-badges/ob2';
import { CertificateModel } from './certificate.model';
import { renderCertificatePdf } from './certificate-renderer';
import { failpoint } from '../../platform/failpoints';

/** Renders and stores the certificate unless it exists; safe to run twice or concurrently. */
export async function ensureCertificate(publicId: string, baseUrl: string) {
  const award = await findAwardByPublicId(publicId);
  if (!award) throw notFound('badge');
  const existing = await CertificateModel.findOne({ award: award._id }).select('-pdf').lean();
  if (existing) return existing;

  const achievement = await AwardModel.populate(award, { path: 'achievement', select: 'slug' });
  const slug = (achievement.achievement as unknown as { slug: string }).slug;
  const courseSlugs = (award.evidence?.courses ?? []).flatMap((course) =>
    course.slug ? [course.slug] : [],
  );
  // The certificate is written in the holder's language, the badge's texts too where translated.
  const holder = (await findUserProfiles([award.student])).get(String(award.student));
  const language = holder?.language ?? 'en';
  const [data, issuer, signatureImage, hoursBySlug] = await Promise.all([
    getAchievementData(slug, baseUrl, language),
    getIssuerProfile(baseUrl),
    getIssuerSignature(),
    findCourseHours(courseSlugs),
  ]);
  const text = certificateTextFor(language);
  const pdf = await renderCertificatePdf({
    text,
    issuerName: issuer.name,
    signatoryName: issuer.signatoryName,
    signatoryTitle: issuer.signatoryTitle,
    signatureImage,
    recipientName: award.recipientName,
    achievementName: data.name,
    achievementDescription: data.description,
    context: [data.specializationTitle, text.level(data.levelKey)].filter(Boolean).join(' · '),
    color: data.color,
    issuedOn: award.issuedOn,
    expires: award.expires ?? null,
    courses: (award.evidence?.courses ?? []).map((course) => ({
      title: course.title ?? '',
      hours: hoursBySlug.get(course.slug ?? '') ?? null,
      completedAt: course.completedAt ?? null,
    })),
    verificationUrl: badgeUrls(baseUrl).assertion(award.publicId),
    certificateId: award.publicId,
  });

  await failpoint('certificate.rendered');
  try {
    const certificate = await CertificateModel.create({
      award: award._id,
      pdf,
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      renderedAt: new Date(),
    });
    await countEvent('certificates', ['*'], certificate.renderedAt);
    const { pdf: _bytes, ...record } = certificate.toObject();
    return record;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another render won the race: keep theirs.
    return (await CertificateModel.findOne({ award: award._id }).select('-pdf').lean())!;
  }
}

/** The award's owner (or an admin) downloads the PDF. */
export async function openCertificate(
  actor: { id: string; roles: string[] },
  publicId: string,
  baseUrl: string,
): Promise<{ filename: string; pdf: Buffer }> {
  const award = await findAwardByPublicId(publicId, 'student revokedAt revocationReason');
  if (!award) throw notFound('badge');
  if (String(award.student) !== actor.id && !actor.roles.includes('admin')) throw forbidden();
  // A revoked badge's certificate is not handed out again, to anyone: a clean PDF would outlive
  // the revocation. The answer says when and why.
  if (award.revokedAt)
    throw new AppError('revoked', 410, {
      key: 'badges:errors.certificateRevoked',
      values: { date: award.revokedAt, reason: award.revocationReason ?? '' },
    });
  // Usually the job rendered it already: one read. Not lean: mongoose turns the stored binary
  // back into a Buffer.
  const stored = () => CertificateModel.findOne({ award: award._id }).select('pdf');
  let certificate = await stored();
  if (!certificate) {
    await ensureCertificate(publicId, baseUrl);
    certificate = await stored();
  }
  return { filename: `certificate-${publicId}.pdf`, pdf: certificate!.pdf };
}
