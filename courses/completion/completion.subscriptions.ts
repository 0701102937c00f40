// The cascade: a course completion may complete its level, a level its specialization. Reactions
// to courses' own events, so a completion recorded in a request does not wait for the checks of
// every level its course sits in. Safe to run twice: every check records at most once.
import { reaction } from '../../platform/event-bus';
import type { JobOptions } from 'bull';
import {
  checkLevelCompletion,
  checkSpecializationCompletion,
  findLevelsOfCourse,
} from './completion.service';

const cascadeOptions = {
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 5000,
  } satisfies JobOptions,
  concurrency: 4,
};

const fromProgress = { via: 'progress' as const };

export const completionSubscriptions = [
  reaction(
    'course.completed',
    'check-levels',
    async ({ studentId, courseId }, { services }) => {
      for (const { specializationId, level } of await findLevelsOfCourse(courseId))
        await checkLevelCompletion(services, studentId, specializationId, level, fromProgress);
    },
    cascadeOptions,
  ),
  reaction(
    'level.completed',
    'check-specialization',
    async ({ studentId, specializationId }, { services }) => {
      await checkSpecializationCompletion(services, studentId, specializationId, fromProgress);
    },
    cascadeOptions,
  ),
];
