// Attendance: live-session attendance synced from Zoom (and, later, check-ins and CSV), matched
// to students, and fed into completion.
export { syncLiveSessionJob } from './sync-live-session.job';
export { sweepLiveSessionsJob } from './sweep-live-sessions.job';
export { registerZoomRegistrantsJob } from './register-zoom-registrants.job';
export { scopeNameLinksToSessions } from './scope-name-links.migration';
export { attendanceComponent } from './manifest';
