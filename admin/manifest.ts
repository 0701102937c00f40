import { component } from '../platform/component';
import { rebuildReportCountersJob } from './reports/rebuild-report-counters.job';
import { refreshTopicSharesJob } from './reports/refresh-topic-shares.job';
import { TopicShareModel } from './reports/topic-share.model';

export const adminComponent = component({
  name: 'admin',
  models: [TopicShareModel],
  jobs: [refreshTopicSharesJob, rebuildReportCountersJob],
});
