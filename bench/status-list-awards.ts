// The awards of the status list benchmark, written in bulk straight into the collections as
// allocateStatusListIndex would leave them: a slot per index, each a random position in the list
// the counter says is being filled, and the counter itself. 1% of the awards are revoked and 0.2%
// suspended, so the lists carry the set bits a live campus's would (an all-zero list compresses to
// almost nothing).
import { randomInt, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AchievementModel } from '../badges/achievements/achievement.model';
import { AwardModel } from '../badges/awards/award.model';
import { awardIdOf } from '../badges/awards/award.service';
import { statusListSize } from '../badges/open-badges/ob3';
import { StatusListCounterModel } from '../badges/status-lists/status-list-counter.model';
import { StatusListSlotModel } from '../badges/status-lists/status-list-slot.model';
import { flagsOf } from '../badges/status-lists/status-flags';

/** As allocateStatusListIndex fills them: half of a list's entries, then the next list opens. */
export const awardsPerList = statusListSize / 2;
const revokedEvery = 100;
const suspendedEvery = 500;
const batchSize = 5000;

/** Distinct indexes, each a random position in the list the counter says is being filled. */
function statusListIndexes(count: number): number[] {
  const taken = new Set<number>();
  return Array.from({ length: count }, (_, i) => {
    const first = Math.floor(i / awardsPerList) * statusListSize;
    let index = first + randomInt(statusListSize);
    while (taken.has(index)) index = first + randomInt(statusListSize);
    taken.add(index);
    return index;
  });
}

export interface BenchAward {
  publicId: string;
  statusListIndex: number;
}

/** The awards and their slots, in bulk; returns those neither revoked nor suspended. */
export async function populateAwards(count: number): Promise<BenchAward[]> {
  const specialization = new Types.ObjectId();
  const [achievement] = await AchievementModel.insertMany([
    {
      specialization,
      slug: 'bench-status-lists',
      name: 'Bench status lists',
      description: 'Generated for benchmarks.',
      criteriaNarrative: 'Generated for benchmarks.',
      scope: 'level',
      level: 'basic',
      target: `level:${String(specialization)}:basic`,
      color: '#1f7a4d',
    },
  ]);
  const indexes = statusListIndexes(count);
  const takenAt = new Date();
  const standing: BenchAward[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const slots = [];
    const awards = [];
    for (let i = start; i < Math.min(start + batchSize, count); i += 1) {
      const publicId = randomUUID();
      const statusListIndex = indexes[i]!;
      const revoked = i % revokedEvery === 0;
      const suspended = i % suspendedEvery === 7;
      if (!revoked && !suspended) standing.push({ publicId, statusListIndex });
      slots.push({ _id: statusListIndex, takenAt });
      awards.push({
        _id: awardIdOf(publicId),
        publicId,
        student: new Types.ObjectId(),
        achievement: achievement!._id,
        completion: new Types.ObjectId(),
        issuedOn: takenAt,
        salt: 'bench',
        recipientHash: 'sha256$bench',
        recipientName: `Holder ${i}`,
        evidence: { courses: [] },
        private: false,
        statusListIndex,
        ...(revoked && { revokedAt: takenAt, revocationReason: 'Generated for benchmarks.' }),
        ...(suspended && { suspendedAt: takenAt, suspensionReason: 'Generated for benchmarks.' }),
        // The list bits, as revokeAward and suspendAward keep them (status-lists/status-flags.ts).
        ...flagsOf({
          statusListIndex,
          revokedAt: revoked ? takenAt : null,
          suspendedAt: suspended ? takenAt : null,
        }),
      });
    }
    await Promise.all([
      StatusListSlotModel.collection.insertMany(slots as never[], { ordered: false }),
      AwardModel.collection.insertMany(awards as never[], { ordered: false }),
    ]);
  }
  await StatusListCounterModel.updateOne(
    { _id: 'awards' },
    { $set: { next: count } },
    { upsert: true },
  );
  return standing;
}
