// The work of an applied award import (award-import.service.ts stores it, award-import.job.ts
// runs this): each line becomes a grant, unique per (badge, email), and the grant an award once
// its email belongs to a confirmed account. Safe to repeat from any point.
import type { Types } from 'mongoose';
import { findUserProfiles, findUsersByEmails, type UserProfile } from '../../accounts';
import { countEvent } from '../../platform/counters';
import { isDuplicateKeyError, notFound } from '../../platform/errors';
import type { EventPublisher } from '../../platform/events';
import { AchievementModel } from '../achievements/achievement.model';
import { AwardGrantModel } from './award-grant.model';
import { AwardImportModel, type importLineOutcomes } from './award-import.model';
import { AwardModel } from './award.model';
import { finishPendingRenewal, newAwardFields } from './award.service';

type LineOutcome = (typeof importLineOutcomes)[number];

/**
 * Goes through an import's pending lines in order: each becomes a grant (unique per achievement
 * and email) and, where its person has a confirmed account, an award. Progress is saved as it goes,
 * so a retried job carries on where the last one stopped.
 */
const progressEvery = 20;

export async function runAwardImport(context: { events: EventPublisher }, importId: string) {
  const run = await AwardImportModel.findById(importId).lean();
  if (!run || run.status === 'done') return;
  await AwardImportModel.updateOne({ _id: run._id }, { $set: { status: 'running' } });
  const achievements = await AchievementModel.find({
    slug: { $in: [...new Set(run.lines.map((line) => line.achievement))] },
  })
    .select('slug validForMonths')
    .lean();
  const bySlug = new Map(achievements.map((a) => [a.slug, a]));
  let processed = run.lines.filter((line) => line.outcome !== 'pending').length;
  // Progress is saved every few lines, not each one: the store rewrites the whole import on each
  // save. A retry redoes at most those few lines, which changes nothing (grants and awards are
  // upserts).
  let progress: Record<string, unknown> = {};
  const saveProgress = async (extra: Record<string, unknown> = {}) => {
    await AwardImportModel.updateOne({ _id: run._id }, { $set: { ...progress, ...extra } });
    progress = {};
  };
  for (const [position, line] of run.lines.entries()) {
    if (line.outcome !== 'pending') continue;
    const achievement = bySlug.get(line.achievement);
    let outcome: LineOutcome = 'skipped';
    let awardPublicId: string | undefined;
    if (achievement) {
      const grant = await storeGrant(run, line, achievement._id);
      // Granted by an earlier import and settled then: this line changes nothing.
      const earlier = String(grant.importId) !== String(run._id);
      const settled =
        earlier && grant.outcome
          ? { outcome: 'already-held' as const, awardPublicId: grant.awardPublicId ?? undefined }
          : await settleGrant(context, grant._id);
      outcome = settled.outcome;
      awardPublicId = settled.awardPublicId;
    }
    processed += 1;
    progress[`lines.${position}.outcome`] = outcome;
    if (awardPublicId) progress[`lines.${position}.awardPublicId`] = awardPublicId;
    progress.processed = processed;
    if (processed % progressEvery === 0) await saveProgress();
  }
  await saveProgress({ status: 'done', finishedAt: new Date() });
}

async function storeGrant(
  run: { _id: Types.ObjectId; createdBy: Types.ObjectId },
  line: { email: string; awardedOn?: Date | null; evidenceNote?: string | null },
  achievementId: Types.ObjectId,
) {
  const pair = { achievement: achievementId, email: line.email };
  try {
    await AwardGrantModel.updateOne(
      pair,
      {
        $setOnInsert: {
          awardedOn: line.awardedOn ?? new Date(),
          ...(line.evidenceNote ? { evidenceNote: line.evidenceNote } : {}),
          importId: run._id,
          grantedBy: run.createdBy,
        },
      },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const grant = await AwardGrantModel.findOne(pair)
    .select('_id importId outcome awardPublicId')
    .lean();
  if (!grant) throw notFound('badge');
  return grant;
}

/**
 * Issues a grant's award when its email belongs to a confirmed, enabled account: `held`
 * otherwise. Safe to repeat: the award goes into the current slot by an upsert (one at most), and
 * its announcement is keyed by the award.
 */
export async function settleGrant(
  context: { events: EventPublisher },
  grantId: Types.ObjectId,
): Promise<{ outcome: LineOutcome; awardPublicId?: string }> {
  const grant = await AwardGrantModel.findById(grantId).lean();
  if (!grant) return { outcome: 'skipped' };
  if (grant.outcome)
    return {
      outcome: grant.outcome as LineOutcome,
      ...(grant.awardPublicId ? { awardPublicId: grant.awardPublicId } : {}),
    };
  const profile = await confirmedAccountOf(grant.email);
  if (!profile) return { outcome: 'held' };
  const achievement = await AchievementModel.findById(grant.achievement)
    .select('validForMonths')
    .lean();
  if (!achievement) return { outcome: 'skipped' };
  const slot = { student: profile.id, achievement: grant.achievement, currentSlot: 'current' };
  if (!(await AwardModel.exists(slot))) await finishPendingRenewal(profile.id, grant.achievement);
  let issued = false;
  try {
    const fields = await newAwardFields(profile, achievement, grant.awardedOn);
    const stored = await AwardModel.updateOne(
      slot,
      {
        $setOnInsert: {
          ...fields,
          origin: 'import',
          grant: grant._id,
          evidence: { courses: [] },
          ...(grant.evidenceNote ? { evidenceNote: grant.evidenceNote } : {}),
        },
      },
      { upsert: true },
    );
    issued = stored.upsertedCount === 1;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const award = await AwardModel.findOne(slot).select('_id publicId grant').lean();
  if (!award) return { outcome: 'held' };
  // Issued for this grant (now, or by an earlier run that stopped before saying so): announced.
  const fromThisGrant = String(award.grant) === String(grant._id);
  const outcome: LineOutcome = fromThisGrant ? 'issued' : 'already-held';
  if (issued) await countEvent('badges', ['*', String(grant.achievement)], grant.awardedOn);
  if (fromThisGrant)
    await context.events.publish('award.issued', String(award._id), {
      awardId: String(award._id),
      studentId: profile.id,
      achievementId: String(grant.achievement),
    });
  await AwardGrantModel.updateOne(
    { _id: grant._id },
    { $set: { outcome, awardPublicId: award.publicId } },
  );
  return { outcome, awardPublicId: award.publicId };
}

async function confirmedAccountOf(email: string): Promise<UserProfile | null> {
  const [user] = await findUsersByEmails([email]);
  if (!user) return null;
  const profile = (await findUserProfiles([user._id])).get(String(user._id));
  return profile?.emailConfirmedAt && !profile.disabled ? profile : null;
}

/** The grants held for this account's email, issued now that it is confirmed. */
export async function settleHeldGrants(context: { events: EventPublisher }, userId: string) {
  const profile = (await findUserProfiles([userId])).get(userId);
  if (!profile) return 0;
  const held = await AwardGrantModel.find({ email: profile.email, outcome: { $exists: false } })
    .select('_id')
    .lean();
  for (const grant of held) await settleGrant(context, grant._id);
  return held.length;
}
