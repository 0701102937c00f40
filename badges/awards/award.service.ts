// Issuing awards: a level or specialization completion becomes exactly one award of the matching
// achievement, with its evidence (courses and dates, quiz scores, attended live sessions).
import { countEvent } from '../../platform/counters';
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { findUserProfiles, type UserProfile } from '../../accounts';
import { findCompletion, listCourseEvidence } from '../../courses';
import { recordAudit } from '../../platform/audit/audit.service';
import { isDuplicateKeyError, notFound } from '../../platform/errors';
import type { EventPublisher } from '../../platform/events';
import { naturalId } from '../../platform/natural-id';
import { AchievementModel } from '../achievements/achievement.model';
import { hashRecipientEmail, newSalt } from '../open-badges/recipient';
import { allocateStatusListIndex } from '../status-lists/status-list.service';
import { flagIn } from '../status-lists/status-flags';
import { AwardModel } from './award.model';
import type { PublicAward } from './public-award';

export type { PublicAward } from './public-award';

type IssuedAward = {
  awardId: string;
  publicId: string;
  achievementId: string;
  recipient: Pick<UserProfile, 'email' | 'displayName' | 'language'>;
  achievementName: string;
};

export type IssueOutcome =
  /** `issued` is false when an earlier run stored it: its follow-ups may still be missing. */
  | ({ awarded: true; issued: boolean } & IssuedAward)
  | { awarded: false; reason: 'not-a-credential' | 'no-achievement' | 'email-unconfirmed' };

/**
 * The award of the student's completion of `key` (a level or specialization, see courses'
 * completionKeys). Safe to call any number of times for the same completion: one award at most.
 */
export async function issueAwardForCompletion(
  studentId: string,
  key: string,
): Promise<IssueOutcome> {
  const completion = await findCompletion(studentId, key);
  if (!completion || completion.scope === 'course')
    return { awarded: false, reason: 'not-a-credential' };
  const achievement = await AchievementModel.findOne({ target: completion.key }).lean();
  if (!achievement) return { awarded: false, reason: 'no-achievement' };
  const student = (await findUserProfiles([studentId])).get(studentId);
  if (!student) return { awarded: false, reason: 'not-a-credential' };
  // A badge says "issued to this email": held until its owner confirms it (the email.confirmed
  // reaction issues it then).
  if (!student.emailConfirmedAt) return { awarded: false, reason: 'email-unconfirmed' };
  const outcome = (award: { _id: unknown; publicId: string }, issued: boolean): IssueOutcome => ({
    awarded: true,
    issued,
    awardId: String(award._id),
    publicId: award.publicId,
    achievementId: String(achievement._id),
    recipient: {
      email: student.email,
      displayName: student.displayName,
      language: student.language,
    },
    achievementName: achievement.name,
  });
  // The current slot: at most one award there per (student, achievement), by the unique index.
  const holder = { student: studentId, achievement: achievement._id, currentSlot: 'current' };
  const alreadyIssued = async () => {
    const award = await AwardModel.findOne(holder).select('publicId').lean();
    return outcome(award!, false);
  };
  if (await AwardModel.exists(holder)) return alreadyIssued();
  // A renewal interrupted between its steps holds the slot's next award: it takes the slot.
  if (await finishPendingRenewal(studentId, achievement._id)) return alreadyIssued();

  const fields = await newAwardFields(student, achievement, new Date());
  try {
    const result = await AwardModel.updateOne(
      holder,
      {
        $setOnInsert: {
          ...fields,
          origin: 'completion',
          completion: completion.id,
          evidence: {
            courses: await listCourseEvidence(
              studentId,
              String(achievement.specialization),
              achievement.level ?? null,
            ),
          },
        },
      },
      { upsert: true },
    );
    if (result.upsertedCount !== 1) return alreadyIssued();
    await countEvent('badges', ['*', String(achievement._id)], fields.issuedOn);
    return outcome(fields, true);
  } catch (error) {
    if (isDuplicateKeyError(error)) return alreadyIssued();
    throw error;
  }
}

/**
 * Completes a renewal that stopped after moving the renewed award out of the current slot (see
 * award-renewal.service.ts): its renewal takes the slot. True when one was there to finish.
 */
export async function finishPendingRenewal(
  studentId: string | Types.ObjectId,
  achievementId: Types.ObjectId,
): Promise<boolean> {
  const pending = await AwardModel.findOne({
    student: studentId,
    achievement: achievementId,
    renews: { $exists: true },
    currentSlot: { $ne: 'current' },
    renewedBy: { $exists: false },
  })
    .select('renews currentSlot')
    .lean();
  if (!pending || pending.currentSlot !== `renewal-of:${pending.renews}`) return false;
  try {
    await AwardModel.updateOne(
      { _id: pending._id, currentSlot: pending.currentSlot },
      { $set: { currentSlot: 'current' } },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return false; // the slot is taken (the renewed award is still in it): nothing to finish
  }
  return true;
}

/**
 * What every new award is born with, whatever earned it: its ids, dates (expiry from the badge's
 * validity), the salted recipient hash of the holder's email and its status-list index.
 */
export async function newAwardFields(
  holder: Pick<UserProfile, 'email' | 'certificateName'>,
  achievement: { validForMonths?: number | null },
  issuedOn: Date,
  publicId: string = randomUUID(),
) {
  const salt = newSalt();
  const months = achievement.validForMonths;
  return {
    _id: awardIdOf(publicId),
    publicId,
    issuedOn,
    ...(months
      ? { expires: new Date(new Date(issuedOn).setMonth(issuedOn.getMonth() + months)) }
      : {}),
    statusListIndex: await allocateStatusListIndex(),
    salt,
    recipientHash: hashRecipientEmail(holder.email, salt),
    recipientName: holder.certificateName,
  };
}

/** An award's `_id`, derived from its public id (a retried issuance writes the same row). */
export const awardIdOf = (publicId: string) => naturalId('award', publicId);

/** An award by its public id (unique index). */
export async function findAwardByPublicId(publicId: string, fields?: string) {
  return AwardModel.findOne({ publicId })
    .select(fields ? `${fields} publicId` : '')
    .lean();
}

async function announceRevocation(
  context: { events: EventPublisher },
  award: { _id: Types.ObjectId; student: Types.ObjectId; achievement: Types.ObjectId },
) {
  await context.events.publish('award.revoked', String(award._id), {
    awardId: String(award._id),
    studentId: String(award.student),
    achievementId: String(award.achievement),
  });
}

/** Who is looking at a public URL: the signed-in person, if any. */
export type Viewer = { id: string; roles: readonly string[] } | null | undefined;

/**
 * What a public URL may show of an award. A private award is shown to its holder and admins only;
 * to anyone else it does not exist, except that a revoked one is still known to be revoked
 * (an Open Badges verifier must see the 410), with nothing else about it.
 */
export type PublicView = { shown: true; award: PublicAward } | { shown: false; revoked: boolean };

export async function viewPublicAward(publicId: string, viewer?: Viewer): Promise<PublicView> {
  const award = await loadAward(publicId);
  if (!award.private || isHolderOrAdmin(award, viewer)) return { shown: true, award };
  return { shown: false, revoked: Boolean(award.revokedAt) };
}

export const isHolderOrAdmin = (award: PublicAward, viewer: Viewer) =>
  Boolean(viewer && (viewer.id === award.holderId || viewer.roles.includes('admin')));

/** An award for a public URL or a verification: a private one is not found (see viewPublicAward). */
export async function findPublicAward(publicId: string, viewer?: Viewer): Promise<PublicAward> {
  const view = await viewPublicAward(publicId, viewer);
  if (!view.shown) throw notFound('badge');
  return view.award;
}

async function loadAward(publicId: string): Promise<PublicAward> {
  const award = /^[0-9a-f-]{36}$/.test(publicId) ? await findAwardByPublicId(publicId) : null;
  const achievement =
    award && (await AchievementModel.findById(award.achievement).select('slug').lean());
  if (!award || !achievement) throw notFound('badge');
  return toPublicAward(award, achievement.slug);
}

type StoredAward = NonNullable<Awaited<ReturnType<typeof findAwardByPublicId>>>;

/** A stored award as public pages, verifiers and credentials see it. */
export function toPublicAward(award: StoredAward, achievementSlug: string): PublicAward {
  return {
    publicId: award.publicId,
    holderId: String(award.student),
    achievementSlug,
    recipientName: award.recipientName,
    issuedOn: award.issuedOn,
    expires: award.expires ?? null,
    revokedAt: award.revokedAt ?? null,
    revocationReason: award.revocationReason ?? null,
    suspendedAt: award.suspendedAt ?? null,
    suspensionReason: award.suspensionReason ?? null,
    statusListIndex: award.statusListIndex ?? null,
    private: award.private,
    origin: (award.origin ?? 'completion') as PublicAward['origin'],
    renews: award.renews ?? null,
    renewedAt: award.renewedAt ?? null,
    renewedBy: award.renewedBy ?? null,
    evidenceNote: award.evidenceNote ?? null,
    salt: award.salt,
    recipientHash: award.recipientHash,
    evidence: award.evidence as PublicAward['evidence'],
  };
}

/** Revoked awards for the public revocation lists: a private one without its reason. */
export async function listRevokedAwards(): Promise<{ publicId: string; reason: string | null }[]> {
  const revoked = await AwardModel.find({ revokedAt: { $exists: true } })
    .select('publicId revocationReason private')
    .lean();
  return revoked.map((award) => ({
    publicId: award.publicId,
    reason: award.private ? null : (award.revocationReason ?? 'Revoked by the issuer.'),
  }));
}

/**
 * Admins revoke an award: its hosted assertion answers 410, it joins the revocation list, and
 * `award.revoked` is said (the verification cache forgets its answers before this returns).
 */
export async function revokeAward(
  context: { events: EventPublisher },
  actorId: string,
  publicId: string,
  reason: string,
): Promise<PublicAward> {
  return (await revokeAwardOnce(context, actorId, publicId, reason)).award;
}

/** As revokeAward, and whether this call revoked it (false: it was revoked already). */
export async function revokeAwardOnce(
  context: { events: EventPublisher },
  actorId: string,
  publicId: string,
  reason: string,
): Promise<{ award: PublicAward; revokedNow: boolean }> {
  // Its list bit is flagged in the same update: a revocation never misses its status list.
  const indexed = await AwardModel.findOne({ publicId }).select('statusListIndex').lean();
  const award = await AwardModel.findOneAndUpdate(
    { publicId, revokedAt: { $exists: false } },
    {
      $set: {
        revokedAt: new Date(),
        revocationReason: reason,
        ...flagIn('revocation', indexed?.statusListIndex),
      },
    },
    { returnDocument: 'after' },
  ).lean();
  if (!award) {
    const revoked = await AwardModel.findOne({ publicId }).select('student achievement').lean();
    if (!revoked) throw notFound('badge');
    // Already revoked: said again, in case a crash came between the revocation and its event.
    await announceRevocation(context, revoked);
    return { award: await loadAward(publicId), revokedNow: false };
  }
  await announceRevocation(context, award);
  await recordAudit({
    actor: actorId,
    action: 'award.revoked',
    student: award.student,
    details: { publicId, reason },
  });
  return { award: await loadAward(publicId), revokedNow: true };
}
