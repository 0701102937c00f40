export { recordAudit, listAuditEntries, type AuditView } from '../platform/audit/audit.service';
export { cohortApi, cohortPages } from './cohorts.routes';
export { refreshTopicSharesJob } from './reports/refresh-topic-shares.job';
export { rebuildReportCountersJob } from './reports/rebuild-report-counters.job';
export { adminComponent } from './manifest';
export { courseInsightPages, reportPages } from './reports/reports.routes';
export { rebuildReportCounters } from './reports/report-counters.service';
export { refreshTopicShares } from './reports/reports.service';
