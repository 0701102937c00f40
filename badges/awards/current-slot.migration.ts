// Awards from the "once per (student, achievement), forever" days: each takes the current slot
// (the only award its holder has of that badge), and the old unique index, which would refuse a
// renewal, is dropped. The new one (student, achievement, currentSlot) exists by then: indexes
// are created before migrations run, and it holds for the old awards (none shares a pair).
import { AwardModel } from './award.model';

export const formerHolderIndex = 'student_1_achievement_1';

export async function moveAwardsToCurrentSlot(): Promise<{ moved: number; droppedIndex: boolean }> {
  const moved = await AwardModel.updateMany(
    { currentSlot: { $exists: false } },
    { $set: { currentSlot: 'current' } },
  );
  const indexes = await AwardModel.collection.indexes();
  const droppedIndex = indexes.some((index) => index.name === formerHolderIndex);
  if (droppedIndex) await AwardModel.collection.dropIndex(formerHolderIndex);
  return { moved: moved.modifiedCount, droppedIndex };
}
