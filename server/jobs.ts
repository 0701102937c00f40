import { reactionJobs } from '../platform/event-bus';
import type { JobDefinition } from '../platform/queue';
import { allSubscriptions, components } from './components';

/** Every job the worker runs: each component's own, and one per reaction to an event. */
export const allJobs: JobDefinition<never>[] = [
  ...components.flatMap((component) => component.jobs),
  ...reactionJobs(allSubscriptions),
];

/** Jobs that run on a schedule (their options carry `repeat`); the worker schedules them. */
export const repeatingJobs = allJobs.filter(
  (job) => job.options.repeat,
) as unknown as JobDefinition<object>[];
