// One node-redis client for sessions, rate limits and health checks. Bull opens its own
// ioredis connections from the same URL.
import { createClient } from 'redis';
import type { Logger } from './logger';

export type RedisClient = ReturnType<typeof createClient>;

export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createClient({
    url,
    socket: { connectTimeout: 3000, reconnectStrategy: (retries) => Math.min(retries * 200, 3000) },
    // While Redis is away a command fails at once (the request gets a 503) instead of waiting
    // in a queue for a reconnect that may take minutes.
    disableOfflineQueue: true,
  });
  let firstConnect = true;
  client.on('error', (error: Error) => {
    if (!firstConnect) logger.warn({ err: error }, 'redis connection error');
  });
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3000)),
    ]);
  } catch (error) {
    client.destroy();
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new Error(`Cannot reach Redis at ${url}: ${reason}. Start Redis or set REDIS_URL.`, {
      cause: error,
    });
  } finally {
    firstConnect = false;
  }
  return client;
}
