// A recorded completion said as a domain event (course.completed, level.completed,
// specialization.completed); who listens is not completion's concern.
import type { Types } from 'mongoose';
import type { EventPublisher } from '../../platform/events';
import { CompletionModel, type Completion } from './completion.model';

type RecordedCompletion = Pick<
  Completion,
  'student' | 'scope' | 'key' | 'course' | 'specialization' | 'level' | 'completedAt'
> & { _id: Types.ObjectId };

/**
 * Says the completion happened. The event id names the fact (a completion is recorded once per
 * student and key), so announcing it again queues nothing new while bull keeps the first.
 * `announcedAt` is set after: a completion whose announcement was lost is announced again by the
 * next check that finds it.
 */
export async function announceCompletion(
  context: { events: EventPublisher },
  completion: RecordedCompletion,
): Promise<void> {
  const studentId = String(completion.student);
  const completedAt = completion.completedAt.toISOString();
  if (completion.scope === 'course')
    await context.events.publish('course.completed', `${studentId}:${completion.course}`, {
      studentId,
      courseId: String(completion.course),
      completedAt,
    });
  else if (completion.scope === 'level')
    await context.events.publish(
      'level.completed',
      `${studentId}:${completion.specialization}:${completion.level}`,
      {
        studentId,
        specializationId: String(completion.specialization),
        level: completion.level!,
        completedAt,
      },
    );
  else
    await context.events.publish(
      'specialization.completed',
      `${studentId}:${completion.specialization}`,
      { studentId, specializationId: String(completion.specialization), completedAt },
    );
  await CompletionModel.updateOne({ _id: completion._id }, { $set: { announcedAt: new Date() } });
}
