// One campus per test file: its own database on the real FerretDB, its own Redis key prefix,
// its own mail outbox. Started by scripts/test.mjs (see README).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { closeStores, connectStores, workerServices } from '../../server/bootstrap';
import { loadConfig, type Config } from '../../platform/config';
import type { AppContext } from '../../platform/context';
import { allJobs } from '../../server/jobs';
import type { JobDefinition } from '../../platform/queue';
import { createLogger } from '../../platform/logger';
import { connectRedis } from '../../platform/redis';

export interface TestCampus {
  app: Express;
  context: AppContext;
  config: Config;
  /** Runs the bull jobs in this process (the worker), against the same Redis and database. */
  startWorker(): void;
  /** Waits until every queue of this campus is empty and idle. */
  drainJobs(): Promise<void>;
  /**
   * One run of a job, as the worker would run it, awaited: for jobs whose retries wait minutes
   * (the test then checks the delayed job they left in Redis).
   */
  runJob<Data>(job: JobDefinition<Data>, data: Data): Promise<void>;
  close(): Promise<void>;
}

export async function startTestCampus(
  env: Record<string, string> = {},
  overrides: Partial<Pick<AppContext, 'remoteFetch'>> = {},
): Promise<TestCampus> {
  if (!process.env.MONGODB_URI) {
    throw new Error(
      'MONGODB_URI is not set: run the tests with `npm test`, which starts FerretDB and Redis',
    );
  }
  const id = randomBytes(4).toString('hex');
  const outboxDir = mkdtempSync(path.join(tmpdir(), 'campus-outbox-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    MONGODB_DB: `test_${path.basename(expect.getState().testPath ?? 'x', '.test.ts').replace(/\W/g, '_')}_${id}`,
    REDIS_PREFIX: `campus-test:${id}`,
    MAIL_OUTBOX_DIR: outboxDir,
    // Staff tests log in with a password only; the two-factor tests turn the rule on.
    STAFF_TWO_FACTOR: 'false',
    // argon2id at a test cost: the suite creates and logs in thousands of accounts (a campus
    // started as production keeps the standard cost, which is all production allows).
    PASSWORD_HASH_COST: env.NODE_ENV && env.NODE_ENV !== 'test' ? 'standard' : 'light',
    ...env,
  });
  const logger = createLogger(config);
  const context = { ...(await connectStores(config, logger)), ...overrides };
  const app = createApp(context);
  const services = workerServices(context);
  return {
    app,
    context,
    config,
    startWorker() {
      context.jobs.process(allJobs, services, logger);
    },
    runJob(job, data) {
      return job.perform(data, { logger, attempt: 1, services });
    },
    async drainJobs() {
      // Generous: a completion cascades through several jobs, and CI shares two cores.
      const deadline = Date.now() + 25000;
      for (;;) {
        const counts = await Promise.all(
          allJobs.map((job) => context.jobs.queue(job.name).getJobCounts()),
        );
        if (counts.every((c) => c.waiting + c.active + c.delayed === 0)) return;
        if (Date.now() > deadline)
          throw new Error(`jobs still pending after 25 s: ${JSON.stringify(counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await mongoose.connection.db?.dropDatabase();
      // A test may have taken this campus's Redis client away (health checks): clean up with a new one.
      const redis = context.redis.isOpen
        ? context.redis
        : await connectRedis(config.redisUrl, logger);
      for await (const keys of redis.scanIterator({
        MATCH: `${config.redisPrefix}:*`,
        COUNT: 500,
      })) {
        if (keys.length) await redis.del(keys);
      }
      if (redis !== context.redis) await redis.quit();
      await closeStores(context);
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
