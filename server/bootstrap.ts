// Start-up shared by the web process, the worker and the seed command.
import { createSafeFetch } from '../platform/safe-fetch';
import { loadConfig, ConfigError, type Config } from '../platform/config';
import type { AppContext } from '../platform/context';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../platform/db';
import { createLogger, type Logger } from '../platform/logger';
import { runOnce } from '../platform/run-once';
import { JobQueues, type WorkerServices } from '../platform/queue';
import { connectRedis } from '../platform/redis';
import { StoreHealth } from '../platform/store-health';
import { EventBus } from '../platform/event-bus';
import { createMailTransport } from '../platform/mail-transport';
import { allModels, allSubscriptions, components } from './components';
import { usePasswordHashCost } from '../accounts';

/** Loads the configuration or exits with the one line that names the bad setting. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

export async function connectStores(config: Config, logger: Logger): Promise<AppContext> {
  usePasswordHashCost(config.passwordHashCost);
  await connectDatabase(config);
  await ensureIndexes(allModels);
  for (const component of components)
    for (const migration of component.migrations ?? [])
      await runOnce(migration.name, logger, () => migration.run(logger));
  const redis = await connectRedis(config.redisUrl, logger);
  const storeHealth = new StoreHealth(redis, logger).start();
  const jobs = new JobQueues(config, logger);
  const events = new EventBus(jobs, logger, allSubscriptions);
  return { config, logger, redis, jobs, events, storeHealth, remoteFetch: createSafeFetch() };
}

/** What the worker's jobs are given: the stores' queues and bus, and the mail transport. */
export function workerServices(context: AppContext): WorkerServices {
  const { config, jobs, events } = context;
  return { config, mailTransport: createMailTransport(config.mail), jobs, events };
}

/** Closes queues (waiting up to `jobsWaitMs` for running jobs), Redis and MongoDB. */
export async function closeStores(context: AppContext, jobsWaitMs?: number): Promise<void> {
  context.storeHealth.stop();
  await context.jobs.close(jobsWaitMs);
  await context.redis.quit().catch(() => undefined);
  await disconnectDatabase();
}

/** Runs main; a start-up failure prints one clear line and exits non-zero. */
export function runProcess(
  name: string,
  main: (config: Config, logger: Logger) => Promise<void>,
): void {
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  main(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, `${name} failed to start`);
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

/** Calls stop once on SIGTERM or SIGINT; a second signal or a stuck stop exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>, graceMs = 15000): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Closing connections can leave a library's floating promise to reject (bull's setWorkerName
    // does when a SIGTERM comes right after start). Our stop() decides the exit code, not those.
    process.on('unhandledRejection', (reason) =>
      logger.warn({ err: reason }, 'ignored a rejection while shutting down'),
    );
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handle('SIGTERM'));
  process.on('SIGINT', () => handle('SIGINT'));
}
