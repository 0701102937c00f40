export { recordAudit, listAuditEntries, type AuditView } from '../platform/audit/audit.service';
export { refreshTopicSharesJob } from './reports/refresh-topic-shares.job';
export { rebuildReportCountersJob } from './reports/rebuild-report-counters.job';
export { adminComponent } from './manifest';
export { rebuildReportCounters } from './reports/report-counters.service';
export { refreshTopicShares } from './reports/reports.service';
