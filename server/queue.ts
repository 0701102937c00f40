// Bull queues: one queue per job, so each job has its own retries, backoff and concurrency.
import Bull, { type JobOptions, type Queue } from 'bull';
import type { Config } from './config';
import type { Logger } from './logger';
import type { MailTransport } from '../mail/mail-transport';

/** Outside systems a job may use, built once by the worker (server/worker.ts). */
export interface WorkerServices {
  config: Config;
  mailTransport: MailTransport;
  /** Jobs that lead to more work (a completion cascading to its level) enqueue it here. */
  jobs: JobQueues;
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

export class JobQueues {
  private readonly queues = new Map<string, Queue>();
  private closing = false;

  constructor(private readonly config: Pick<Config, 'redisUrl' | 'redisPrefix'>) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Bull(name, this.config.redisUrl, { prefix: `${this.config.redisPrefix}:bull` });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a job; a jobId makes a repeated enqueue of the same work a no-op while it is kept.
   * `delayMs` runs it later (a retry at the time an outside service named).
   */
  async enqueue<Data>(
    job: JobDefinition<Data>,
    data: Data,
    jobId?: string,
    delayMs?: number,
  ): Promise<void> {
    await this.queue(job.name).add(data as object, {
      ...job.options,
      ...(jobId ? { jobId } : {}),
      ...(delayMs && delayMs > 0 ? { delay: delayMs } : {}),
    });
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

  /** Closes every queue; in the worker this waits for running jobs to finish. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
