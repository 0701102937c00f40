// Suspending an award (e.g. while an investigation runs) and lifting it. Unlike a revocation it can
// be undone: the award is not valid meanwhile, its status list bit is set, and verifiers are told
// "suspended" with the reason. Each change is said (`award.suspension-changed`) so cached
// verification answers and status lists are rebuilt before the request answers.
import { recordAudit } from '../../platform/audit/audit.service';
import { conflict, notFound } from '../../platform/errors';
import type { EventPublisher } from '../../platform/events';
import { findPublicAward } from './award.service';
import { flagIn } from '../status-lists/status-flags';
import { AwardModel } from './award.model';

type Context = { events: EventPublisher };

export async function suspendAward(
  context: Context,
  actorId: string,
  publicId: string,
  reason: string,
) {
  const suspendedAt = new Date();
  const indexed = await AwardModel.findOne({ publicId }).select('statusListIndex').lean();
  const award = await AwardModel.findOneAndUpdate(
    { publicId, revokedAt: { $exists: false } },
    {
      // Its list bit, flagged in the same update (status-lists/status-flags.ts).
      $set: {
        suspendedAt,
        suspensionReason: reason,
        ...flagIn('suspension', indexed?.statusListIndex),
      },
    },
    { returnDocument: 'after' },
  ).lean();
  if (!award) throw (await AwardModel.exists({ publicId })) ? revokedAlready() : notFound('badge');
  await announce(context, award, true, suspendedAt);
  await recordAudit({
    actor: actorId,
    action: 'award.suspended',
    student: award.student,
    details: { publicId, reason },
  });
  return findPublicAward(publicId, { id: actorId, roles: ['admin'] });
}

export async function liftSuspension(context: Context, actorId: string, publicId: string) {
  const liftedAt = new Date();
  const award = await AwardModel.findOneAndUpdate(
    { publicId },
    { $unset: { suspendedAt: 1, suspensionReason: 1, suspensionList: 1 } },
  ).lean();
  if (!award) throw notFound('badge');
  // Said even when it was not suspended: a retry after a crash between the two still announces it.
  await announce(context, award, false, liftedAt);
  if (award.suspendedAt)
    await recordAudit({
      actor: actorId,
      action: 'award.suspension-lifted',
      student: award.student,
      details: { publicId },
    });
  return findPublicAward(publicId, { id: actorId, roles: ['admin'] });
}

const revokedAlready = () => conflict('badges:errors.revokedCannotSuspend');

async function announce(
  context: Context,
  award: { _id: unknown; student: unknown; achievement: unknown },
  suspended: boolean,
  at: Date,
) {
  await context.events.publish(
    'award.suspension-changed',
    `${String(award._id)}:${suspended ? 'suspended' : 'lifted'}:${at.toISOString()}`,
    {
      awardId: String(award._id),
      studentId: String(award.student),
      achievementId: String(award.achievement),
      suspended,
    },
  );
}
