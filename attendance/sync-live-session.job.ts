// Syncs one live session from its source (Zoom's participants report, or the events system's
// check-ins): fetch every page, store the rows, recompute. While Zoom prepares its report (3001,
// or an empty report right after the end) the job schedules itself again with a growing delay; on
// a 429 it comes back at the time the service named (the next day on Zoom's daily limit). Each
// retry has its own deterministic id made of the cycle and the attempt, so the same attempt is
// never queued twice, and a later cycle never reuses an id bull still keeps from an earlier one
// (bull ignores such an add, which left a second cycle waiting forever).
import type { Config } from '../platform/config';
import { upsertRetryingOnce } from '../platform/errors';
import type { JobDefinition } from '../platform/queue';
import type { AttendanceSource } from './attendance-row.model';
import {
  markSynced,
  recomputeSessionAttendance,
  storeRows,
  type IncomingRow,
} from './attendance-sync.service';
import { CheckinApiError, fetchCheckins } from './checkins/checkin-client';
import { findLiveSession, type LiveSession } from './live-session';
import { SessionSyncModel } from './session-sync.model';
import { fetchZoomAttendance, zoomClientFor } from './zoom/zoom-attendance';
import { ZoomApiError } from './zoom/zoom-client';

/** Minutes to wait for Zoom's report, attempt by attempt; then the sync is marked failed. */
export const reportWaitMinutes = [1, 2, 5, 10, 20, 40, 60, 120];

/** The id of a cycle's retry: unique per cycle and attempt (bull keeps finished jobs). */
export const retryJobId = (moduleId: string, cycle: number, attempt: number) =>
  `sync-live-session:${moduleId}:retry:${cycle}:${attempt}`;

/** Something only a person can fix (a missing id or setting): retrying would not help. */
class SyncSetupError extends Error {}

type Fetched = {
  source: AttendanceSource;
  instances: Array<{ instance: string; rows: IncomingRow[] }>;
};
type Progress = (rows: number, total: number) => void;

/** The session's rows from its source. */
async function fetchFromSource(
  config: Config,
  session: LiveSession,
  progress: Progress,
): Promise<Fetched> {
  if (!session.meetingId)
    throw new SyncSetupError('The live session has no meeting or check-in list id.');
  if (session.meetingKind === 'checkin_list') {
    if (!config.eventsApi)
      throw new SyncSetupError('The events system is not configured (EVENTS_API_ settings).');
    const rows = await fetchCheckins(config.eventsApi, session, progress);
    return { source: 'checkin', instances: [{ instance: `checkin:${session.meetingId}`, rows }] };
  }
  if (!config.zoom) throw new SyncSetupError('Zoom is not configured (ZOOM_ settings).');
  const instances = await fetchZoomAttendance(zoomClientFor(config.zoom), session, progress);
  // Zoom sometimes answers with an empty report before the real one is ready.
  if (instances.every((instance) => instance.rows.length === 0))
    throw new ZoomApiError('not-ready', 'The report is empty so far');
  return { source: 'zoom', instances };
}

export const syncLiveSessionJob: JobDefinition<{ moduleId: string }> = {
  name: 'sync-live-session',
  options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 2000 },
  concurrency: 2,
  async perform({ moduleId }, { services, logger }) {
    const session = await findLiveSession(moduleId);
    // A webhook may create the record at the same moment.
    const sync = await upsertRetryingOnce(() =>
      SessionSyncModel.findOneAndUpdate(
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
        { upsert: true, returnDocument: 'after' },
      ).lean(),
    );
    const setState = (fields: Record<string, unknown>) =>
      SessionSyncModel.updateOne({ session: session.moduleId }, { $set: fields });
    // Giving up ends the cycle too: the next trigger starts again with a full wait for the report.
    const fail = (lastError: string) =>
      SessionSyncModel.updateOne(
        { session: session.moduleId },
        { $set: { state: 'failed', lastError, attempts: 0 }, $inc: { cycle: 1 } },
      );
    const retryLater = async (
      state: 'waiting_for_report' | 'rate_limited',
      at: Date,
      why: string,
    ) => {
      await setState({ state, nextAttemptAt: at, lastError: why });
      await services.jobs.enqueue(
        syncLiveSessionJob,
        { moduleId },
        retryJobId(moduleId, sync.cycle ?? 0, sync.attempts),
        at.getTime() - Date.now(),
      );
      logger.info({ moduleId, state, at }, 'attendance sync postponed');
    };

    // Progress writes are chained and awaited before the outcome is written: a late one would
    // otherwise land after it (and FerretDB rewrites the whole document, state included).
    let progressWrites: Promise<unknown> = Promise.resolve();
    let fetched: Fetched;
    try {
      fetched = await fetchFromSource(services.config, session, (rows, total) => {
        progressWrites = progressWrites
          .then(() => setState({ progress: { rows, total } }))
          .catch(() => {});
      });
    } catch (error) {
      await progressWrites;
      const outside = error instanceof ZoomApiError || error instanceof CheckinApiError;
      if (!outside) return void (await fail(String((error as Error).message)));
      if (error.kind === 'rate-limited')
        return retryLater('rate_limited', error.retryAt!, `Rate limited: ${error.message}`);
      const wait = reportWaitMinutes[sync.attempts - 1];
      if (error.kind === 'not-ready' && wait !== undefined)
        return retryLater(
          'waiting_for_report',
          new Date(Date.now() + wait * 60_000),
          `The report is not ready yet: ${error.message}`,
        );
      return void (await fail(
        error.kind === 'not-ready'
          ? 'Zoom never produced a report for this session.'
          : error.message,
      ));
    }

    await progressWrites;
    try {
      for (const instance of fetched.instances)
        await storeRows(session, fetched.source, instance.instance, instance.rows);
      const summary = await recomputeSessionAttendance(services, session);
      await markSynced(session, summary);
      logger.info({ moduleId, source: fetched.source, ...summary }, 'attendance synced');
    } catch (error) {
      await fail(String((error as Error).message));
      throw error; // bull retries with backoff; stored rows are kept, nothing is counted twice
    }
  },
};
