import { deliverEmailJob } from '../mail';
import type { JobDefinition } from './queue';

/** Every job the worker runs. A new job is added here. */
export const allJobs: JobDefinition<never>[] = [deliverEmailJob as JobDefinition<never>];
