// Goes through an applied award import (award-import.service.ts), saving progress as it goes: a
// retry carries on from the first line not done, and issues nothing twice.
import type { JobDefinition } from '../../platform/queue';
import { runAwardImport } from './award-import-run';

export const awardImportJob: JobDefinition<{ importId: string }> = {
  name: 'award-import',
  options: { attempts: 8, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ importId }, { services }) {
    await runAwardImport(services, importId);
  },
};
