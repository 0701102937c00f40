// The worker process: runs the bull jobs of server/jobs.ts.
import { ensureSigningKeys } from '../badges';
import { closeStores, connectStores, onShutdown, runProcess, workerServices } from './bootstrap';
import { allJobs, repeatingJobs } from './jobs';

runProcess('campus worker', async (config, logger) => {
  const context = await connectStores(config, logger);
  // Credentials are signed with keys made on the first start (kept encrypted in MongoDB).
  await ensureSigningKeys(config);
  const services = workerServices(context);
  // Closing the queues waits for running jobs, up to the grace; one still running then is left
  // to the queue (the next worker runs it) and the worker exits 0 all the same. Installed before
  // "worker ready", so a SIGTERM right after it finds the handler.
  const graceMs = config.shutdownGraceSeconds * 1000;
  onShutdown(logger, () => closeStores(context, graceMs), graceMs + 5000);
  context.jobs.process(allJobs, services, logger);
  // Jobs enqueued while Redis was down wait in MongoDB; this moves them into their queues.
  context.jobs.startRelay();
  // Repeatable jobs: bull keeps one schedule per job and interval, however many workers start.
  for (const job of repeatingJobs) await context.jobs.enqueue(job, {});
  logger.info({ jobs: allJobs.map((job) => job.name) }, 'worker ready');
});
