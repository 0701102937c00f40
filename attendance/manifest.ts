import { component } from '../platform/component';
import { attendanceImport } from './attendance-import.routes';
import { attendanceAdminPages, attendanceApi, reconciliationPages } from './attendance.routes';
import { zoomWebhookRoutes } from './zoom/zoom-webhook.routes';
import { AttendanceRowModel } from './attendance-row.model';
import { ParticipantLinkModel } from './participant-link.model';
import { registerZoomRegistrantsJob } from './register-zoom-registrants.job';
import { scopeNameLinksToSessions } from './scope-name-links.migration';
import { SessionRegistrantModel } from './session-registrant.model';
import { SessionSyncModel } from './session-sync.model';
import { sweepLiveSessionsJob } from './sweep-live-sessions.job';
import { syncLiveSessionJob } from './sync-live-session.job';
import { UnmatchedParticipantModel } from './unmatched-participant.model';

export const attendanceComponent = component({
  name: 'attendance',
  models: [
    AttendanceRowModel,
    ParticipantLinkModel,
    SessionRegistrantModel,
    SessionSyncModel,
    UnmatchedParticipantModel,
  ],
  jobs: [syncLiveSessionJob, sweepLiveSessionsJob, registerZoomRegistrantsJob],
  migrations: [
    // Reconciliation links made from a display name hold for their session only (issue 18).
    { name: 'session-scoped-name-links', run: scopeNameLinksToSessions },
  ],
  web(context) {
    const imports = attendanceImport(context);
    return {
      beforeSessions: { routes: [zoomWebhookRoutes(context)] },
      pages: [attendanceAdminPages(context), reconciliationPages(context), imports.pages],
      api: [attendanceApi(context), imports.api],
    };
  },
});
