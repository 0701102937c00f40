// The web process: serves pages and the API on PORT.
import { once } from 'node:events';
import { createApp } from './app';
import { closeStores, connectStores, onShutdown, runProcess } from './bootstrap';

runProcess('campus web', async (config, logger) => {
  const started = Date.now();
  const context = await connectStores(config, logger);
  const server = createApp(context).listen(config.port);
  await once(server, 'listening');
  logger.info(
    { port: config.port, startupMs: Date.now() - started },
    `campus listening on ${config.baseUrl}`,
  );

  onShutdown(logger, async () => {
    // Stop accepting, let in-flight requests finish, then close the stores they use.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await closed;
    await closeStores(context);
  });
});
