// Syncs one live session from Zoom: fetch every report page, store the rows, recompute. While
// Zoom prepares its report (3001 or an empty report right after the end) the job schedules
// itself again with a growing delay; on a 429 it comes back at the time Zoom named (the next
// day on the daily limit). Each retry has its own deterministic id, so the same attempt is
// never queued twice.
import type { JobDefinition } from '../server/queue';
import { recomputeSessionAttendance, storeRows, markSynced } from './attendance-sync.service';
import { findLiveSession } from './live-session';
import { SessionSyncModel } from './session-sync.model';
import { fetchZoomAttendance, zoomClientFor } from './zoom/zoom-attendance';
import { ZoomApiError } from './zoom/zoom-client';

/** Minutes to wait for Zoom's report, attempt by attempt; then the sync is marked failed. */
export const reportWaitMinutes = [1, 2, 5, 10, 20, 40, 60, 120];

export const syncLiveSessionJob: JobDefinition<{ moduleId: string }> = {
  name: 'sync-live-session',
  options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 2000 },
  concurrency: 2,
  async perform({ moduleId }, { services, logger }) {
    const session = await findLiveSession(moduleId);
    const settings = services.config.zoom;
    const sync = await SessionSyncModel.findOneAndUpdate(
      { session: session.moduleId },
      {
        $set: {
          course: session.courseId,
          state: 'syncing',
          lastAttemptAt: new Date(),
          progress: { rows: 0, total: 0 },
        },
        $inc: { attempts: 1 },
        $unset: { nextAttemptAt: 1 },
      },
      { upsert: true, new: true },
    ).lean();
    const fail = (message: string) =>
      SessionSyncModel.updateOne(
        { session: session.moduleId },
        { $set: { state: 'failed', lastError: message } },
      );
    if (!settings) return void (await fail('Zoom is not configured (ZOOM_ settings).'));
    if (!session.meetingId) return void (await fail('The live session has no meeting id.'));

    const retryLater = async (
      state: 'waiting_for_report' | 'rate_limited',
      at: Date,
      why: string,
    ) => {
      await SessionSyncModel.updateOne(
        { session: session.moduleId },
        { $set: { state, nextAttemptAt: at, lastError: why } },
      );
      await services.jobs.enqueue(
        syncLiveSessionJob,
        { moduleId },
        `sync-live-session:${moduleId}:retry:${sync.attempts}`,
        at.getTime() - Date.now(),
      );
      logger.info({ moduleId, state, at }, 'attendance sync postponed');
    };

    try {
      const instances = await fetchZoomAttendance(
        zoomClientFor(settings),
        session,
        (rows, total) =>
          void SessionSyncModel.updateOne(
            { session: session.moduleId },
            { $set: { progress: { rows, total } } },
          ).catch(() => {}),
      );
      const rowCount = instances.reduce((sum, instance) => sum + instance.rows.length, 0);
      // Zoom sometimes answers with an empty report before the real one is ready.
      if (rowCount === 0) throw new ZoomApiError('not-ready', 'The report is empty so far');
      for (const instance of instances)
        await storeRows(session, 'zoom', instance.instance, instance.rows);
      const summary = await recomputeSessionAttendance(services, session);
      await markSynced(session, summary);
      logger.info({ moduleId, rows: rowCount, ...summary }, 'attendance synced');
    } catch (error) {
      if (!(error instanceof ZoomApiError)) {
        await fail(error instanceof Error ? error.message : String(error));
        throw error; // bull retries with backoff
      }
      if (error.kind === 'rate-limited')
        return retryLater('rate_limited', error.retryAt!, `Zoom rate limit: ${error.message}`);
      const wait = reportWaitMinutes[sync.attempts - 1];
      if (error.kind === 'not-ready' && wait !== undefined)
        return retryLater(
          'waiting_for_report',
          new Date(Date.now() + wait * 60_000),
          `Zoom's report is not ready yet: ${error.message}`,
        );
      await fail(
        error.kind === 'not-ready'
          ? 'Zoom never produced a report for this session.'
          : `Zoom: ${error.message}`,
      );
    }
  },
};
