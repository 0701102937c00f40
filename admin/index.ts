export { recordAudit, listAuditEntries, type AuditView } from './audit.service';
export { AuditEntryModel } from './audit-entry.model';
export { cohortApi, cohortPages } from './cohorts.routes';
export { refreshTopicSharesJob } from './reports/refresh-topic-shares.job';
export { rebuildReportCountersJob } from './reports/rebuild-report-counters.job';
