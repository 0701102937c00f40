import { component } from '../platform/component';
import { cohortApi, cohortPages } from './cohorts.routes';
import { reportCounterSubscriptions } from './reports/report-counters.subscriptions';
import { courseInsightPages, reportPages } from './reports/reports.routes';
import { rebuildReportCountersJob } from './reports/rebuild-report-counters.job';
import { refreshTopicSharesJob } from './reports/refresh-topic-shares.job';
import { TopicShareModel } from './reports/topic-share.model';

export const adminComponent = component({
  name: 'admin',
  models: [TopicShareModel],
  jobs: [refreshTopicSharesJob, rebuildReportCountersJob],
  subscriptions: reportCounterSubscriptions,
  web: (context) => ({
    pages: [cohortPages(context), reportPages(), courseInsightPages()],
    api: [cohortApi(context)],
  }),
});
