// The web process: serves pages and the API on PORT.
import { once } from 'node:events';
import { createApp } from './app';
import { ensureSigningKeys } from '../badges';
import { closeStores, connectStores, onShutdown, runProcess } from './bootstrap';

runProcess('campus web', async (config, logger) => {
  const started = Date.now();
  const context = await connectStores(config, logger);
  // Credentials are signed with keys made on the first start (kept encrypted in MongoDB).
  await ensureSigningKeys(config);
  const server = createApp(context).listen(config.port);
  // Ready to stop before anyone can see we started: a SIGTERM right after the first request
  // must find the handler in place, not the default (immediate death).
  onShutdown(logger, async () => {
    // Stop accepting, let in-flight requests finish, then close the stores they use.
    const closed = new Promise((resolve) => server.close(resolve));
    // Keep-alive connections go idle once their response is sent; close them as they do,
    // rather than waiting out the keep-alive timeout.
    const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(closeIdle);
    await closeStores(context);
  });
  await once(server, 'listening');
  logger.info(
    { port: config.port, startupMs: Date.now() - started },
    `campus listening on ${config.baseUrl}`,
  );
});
