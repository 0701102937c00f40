import { Router } from 'express';
import { pingDatabase } from './db';
import { pingRedis, type RedisClient } from './redis';

/** /healthz: 200 when MongoDB and Redis both answer, else 503 naming what is down. */
export function healthRoutes(redis: RedisClient): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [database, cache] = await Promise.all([pingDatabase(), pingRedis(redis)]);
    const healthy = database && cache;
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'unavailable',
      checks: { mongodb: database ? 'ok' : 'down', redis: cache ? 'ok' : 'down' },
    });
  });
  return router;
}
