// Jobs queued under this name before completions were announced as domain events (an upgrade
// with some still waiting in Redis): each announces its completion as an event instead, whose
// listeners do what this job did. Remove once no deployment has any left.
import type { JobDefinition } from '../../platform/queue';
import { CompletionModel } from './completion.model';
import { announceCompletion } from './completion-announcement';

export const cascadeCompletionJob: JobDefinition<{ completionId: string }> = {
  name: 'cascade-completion',
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 5000 },
  async perform({ completionId }, { services }) {
    const completion = await CompletionModel.findById(completionId).lean();
    if (completion) await announceCompletion(services, completion);
  },
};
