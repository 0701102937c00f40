// Jobs queued under this name before awards hung on the completion events (an upgrade with some
// still waiting in Redis): each issues its completion's award as the reaction does. Remove once
// no deployment has any left.
import { findCompletionById } from '../../courses';
import type { JobDefinition } from '../../platform/queue';
import { issueAward } from './issue-award';

export const issueAwardJob: JobDefinition<{ completionId: string }> = {
  name: 'issue-award',
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 5000 },
  async perform({ completionId }, context) {
    const completion = await findCompletionById(completionId);
    if (completion) await issueAward(context, completion.studentId, completion.key);
  },
};
