// Bull queues: one queue per job, so each job has its own retries, backoff and concurrency.
import { randomUUID } from 'node:crypto';
import Bull, { type JobOptions, type Queue } from 'bull';
import type { Config } from './config';
import type { EventPublisher } from './events';
import { DeferredJobModel } from './deferred-job.model';
import type { Logger } from './logger';
import type { MailTransport } from './mail-transport';

/** Outside systems a job may use, built once by the worker (server/worker.ts). */
export interface WorkerServices {
  config: Config;
  mailTransport: MailTransport;
  /** Jobs that lead to more work (a completion cascading to its level) enqueue it here. */
  jobs: JobQueues;
  /** Jobs that establish a fact other components care about publish it here. */
  events: EventPublisher;
}

export interface JobContext {
  logger: Logger;
  attempt: number;
  services: WorkerServices;
}

/** A job takes ids, never documents, and must be safe to run twice. */
export interface JobDefinition<Data> {
  name: string;
  options: JobOptions;
  concurrency?: number;
  perform(data: Data, context: JobContext): Promise<void>;
}

/**
 * A job that recomputes something from its sources every `everyMs` (a repair or a refresh): retried
 * three times a minute or more apart, and logged with what `run` returns and how long it took.
 */
export function recomputeJob(
  name: string,
  everyMs: number,
  run: () => Promise<object>,
  done: string,
): JobDefinition<Record<string, never>> {
  return {
    name,
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: 100,
      repeat: { every: everyMs },
    },
    async perform(_data, { logger }) {
      const started = Date.now();
      const result = await run();
      logger.info({ ...result, ms: Date.now() - started }, done);
    },
  };
}

/** How long an enqueue waits for Redis before the job is kept in MongoDB instead. */
const enqueueTimeoutMs = 2000;

export class JobQueues {
  private readonly queues = new Map<string, Queue>();
  private closing = false;
  private relayTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'jobStallSeconds'>,
    private readonly logger: Logger,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const stallMs = this.config.jobStallSeconds * 1000;
      queue = new Bull(name, this.config.redisUrl, {
        prefix: `${this.config.redisPrefix}:bull`,
        settings: {
          // A killed worker's job is taken over once its lock lapses. Jobs are safe to run
          // twice, so one killed twice in a row still runs again rather than failing.
          lockDuration: stallMs,
          stalledInterval: stallMs,
          maxStalledCount: 3,
        },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a job; a jobId makes a repeated enqueue of the same work a no-op while it is kept.
   * `delayMs` runs it later (a retry at the time an outside service named). When Redis does not
   * take it within 2 s the job is kept in MongoDB and relayed by the worker; when MongoDB fails
   * too, this throws (the request answers 503): never silently dropped.
   */
  async enqueue<Data>(
    job: JobDefinition<Data>,
    data: Data,
    jobId?: string,
    delayMs?: number,
  ): Promise<void> {
    // Every one-off job gets an id, so a late add still waiting in ioredis's queue and the copy
    // kept in MongoDB become one job. Repeating jobs are keyed by their schedule instead.
    const id = jobId ?? (job.options.repeat ? undefined : randomUUID());
    const delay = delayMs && delayMs > 0 ? delayMs : 0;
    try {
      await this.addNow(job.name, data as object, {
        ...job.options,
        ...(id ? { jobId: id } : {}),
        ...(delay ? { delay } : {}),
      });
    } catch (error) {
      if (!id || this.closing) throw error;
      await DeferredJobModel.updateOne(
        { jobId: id },
        {
          $setOnInsert: {
            queue: job.name,
            data,
            options: job.options,
            runAt: new Date(Date.now() + delay),
            deferredAt: new Date(),
            reason: error instanceof Error ? error.message : String(error),
          },
        },
        { upsert: true },
      );
      this.logger.warn(
        { job: job.name, jobId: id, err: error },
        'job kept in MongoDB until Redis takes it',
      );
    }
  }

  private async addNow(name: string, data: object, options: JobOptions): Promise<void> {
    const queue = this.queue(name);
    // Known to be disconnected: do not wait for the timeout.
    if (['reconnecting', 'close', 'end'].includes(queue.client.status))
      throw new Error(`Redis is not connected (${queue.client.status})`);
    const adding = queue.add(data, options);
    // Past the timeout the job is handled (kept in MongoDB); a late failure changes nothing.
    adding.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not take the job within ${enqueueTimeoutMs} ms`)),
        enqueueTimeoutMs,
      );
    });
    await Promise.race([adding, timeout]).finally(() => clearTimeout(timer));
  }

  /** Moves jobs kept in MongoDB during a Redis outage into their queues; returns how many. */
  async relayDeferred(): Promise<number> {
    const deferred = await DeferredJobModel.find().sort({ deferredAt: 1 }).limit(500).lean();
    for (const entry of deferred) {
      const delay = entry.runAt.getTime() - Date.now();
      await this.addNow(entry.queue, entry.data as object, {
        ...(entry.options as JobOptions),
        jobId: entry.jobId,
        ...(delay > 0 ? { delay } : {}),
      });
      await DeferredJobModel.deleteOne({ _id: entry._id });
    }
    if (deferred.length)
      this.logger.info({ jobs: deferred.length }, 'relayed jobs kept during a Redis outage');
    return deferred.length;
  }

  /** The worker relays every few seconds; a failed round (a store still down) waits for the next. */
  startRelay(intervalMs = 5000): void {
    const round = () =>
      this.relayDeferred().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not relay kept jobs yet'),
      );
    void round();
    this.relayTimer = setInterval(() => void round(), intervalMs);
  }

  /** Runs jobs of these definitions in this process (the worker). */
  process(jobs: JobDefinition<never>[], services: WorkerServices, logger: Logger): void {
    for (const job of jobs) {
      // bull's process() promise rejects (with undefined) when the queue closes while its loop is
      // still starting, e.g. a SIGTERM just after start: an unhandled rejection would crash the
      // shutdown. Closing is expected then; anything else is logged.
      const processing = this.queue(job.name).process(job.concurrency ?? 1, async (bullJob) => {
        const log = logger.child({ job: job.name, jobId: bullJob.id });
        await job.perform(bullJob.data as never, {
          logger: log,
          attempt: bullJob.attemptsMade + 1,
          services,
        });
        log.info('job done');
      });
      processing.catch((error: unknown) => {
        if (!this.closing) logger.error({ job: job.name, err: error }, 'job processing stopped');
      });
      this.queue(job.name).on('failed', (bullJob, error) => {
        logger.warn(
          { job: job.name, jobId: bullJob.id, attempt: bullJob.attemptsMade, err: error },
          'job failed',
        );
      });
    }
  }

  /**
   * Closes every queue; in the worker this waits for running jobs to finish. After `waitMs` it
   * stops waiting: a job still running is left to the queue (its lock lapses and the next
   * worker runs it again; jobs are safe to run twice). Returns whether every job finished.
   */
  async close(waitMs = Infinity): Promise<boolean> {
    this.closing = true;
    clearInterval(this.relayTimer);
    const closed = Promise.all([...this.queues.values()].map((queue) => queue.close())).then(
      () => true,
    );
    if (waitMs === Infinity) return closed;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, waitMs, false)));
    const finished = await Promise.race([closed, gaveUp]);
    clearTimeout(timer);
    if (!finished)
      this.logger.warn({ waitedMs: waitMs }, 'jobs still running are left to the queue');
    return finished;
  }
}
