// Attendance: live-session attendance synced from Zoom (and, later, check-ins and CSV), matched
// to students, and fed into completion.
export { zoomWebhookRoutes } from './zoom/zoom-webhook.routes';
export { syncLiveSessionJob } from './sync-live-session.job';
export { sweepLiveSessionsJob } from './sweep-live-sessions.job';
export { attendanceAdminPages, attendanceApi, reconciliationPages } from './attendance.routes';
export { attendanceImport } from './attendance-import.routes';
export { registerZoomRegistrantsJob } from './register-zoom-registrants.job';
export { scopeNameLinksToSessions } from './scope-name-links.migration';
export { attendanceComponent } from './manifest';
