// Every 15 minutes: live sessions that ended in the last week and were never synced (a webhook
// lost, or Zoom not configured for webhooks) get their sync queued. The job id names the
// session and the sweep's day, so a session is swept at most once a day while it stays unsynced.
// A sync whose next attempt is overdue (its delayed retry lost: a Redis without persistence, a
// job id bull still kept) is queued again under an id naming its cycle and attempt, so it is
// recovered once per attempt, however many sweeps see it. So is one left "syncing" for an hour
// (its worker killed more often than bull retries a stalled job, which then fails it).
import type { JobDefinition } from '../platform/queue';
import { findEndedLiveSessions } from './live-session';
import { SessionSyncModel } from './session-sync.model';
import { syncLiveSessionJob } from './sync-live-session.job';

const sweepWindowMs = 7 * 24 * 3600_000;
/** Zoom's report needs a little while after the end. */
const settleMs = 10 * 60_000;
/** How late a waiting sync's next attempt may be before the sweep takes it as lost. */
export const overdueGraceMs = 10 * 60_000;
/** A sync still "syncing" this long after its attempt started has lost its job. */
export const stuckSyncingMs = 60 * 60_000;
/** At most this many overdue syncs are queued again per sweep (the next sweep takes the rest). */
const overdueBatch = 500;

export const sweepLiveSessionsJob: JobDefinition<Record<string, never>> = {
  name: 'sweep-live-sessions',
  options: { attempts: 1, removeOnComplete: 100, repeat: { every: 15 * 60_000 } },
  async perform(_data, { services, logger }) {
    const now = Date.now();
    const ended = await findEndedLiveSessions(
      new Date(now - sweepWindowMs),
      new Date(now - settleMs),
    );
    const finished = new Set(
      (
        await SessionSyncModel.find({
          session: { $in: ended.map((session) => session.moduleId) },
          state: { $in: ['synced', 'syncing', 'waiting_for_report', 'rate_limited'] },
        })
          .select('session')
          .lean()
      ).map((sync) => String(sync.session)),
    );
    const day = new Date(now).toISOString().slice(0, 10);
    let queued = 0;
    for (const session of ended) {
      if (finished.has(String(session.moduleId))) continue;
      await services.jobs.enqueue(
        syncLiveSessionJob,
        { moduleId: String(session.moduleId) },
        `sync-live-session:${session.moduleId}:sweep:${day}`,
      );
      queued += 1;
    }
    const overdue = await SessionSyncModel.find({
      $or: [
        {
          state: { $in: ['waiting_for_report', 'rate_limited'] },
          nextAttemptAt: { $lt: new Date(now - overdueGraceMs) },
        },
        { state: 'syncing', lastAttemptAt: { $lt: new Date(now - stuckSyncingMs) } },
      ],
    })
      .select('session cycle attempts')
      .limit(overdueBatch)
      .lean();
    for (const sync of overdue)
      await services.jobs.enqueue(
        syncLiveSessionJob,
        { moduleId: String(sync.session) },
        `sync-live-session:${sync.session}:overdue:${sync.cycle ?? 0}:${sync.attempts}`,
      );
    logger.info({ ended: ended.length, queued, overdue: overdue.length }, 'live sessions swept');
  },
};
