import { Router, type RequestHandler } from 'express';
import type { StoreHealth } from './store-health';

/**
 * /livez: 200 while the process serves requests (restart it when this fails).
 * /readyz: 200 when MongoDB and Redis both answer, else 503 naming what is down (send it no
 * traffic meanwhile). /healthz is the older name of /readyz.
 */
export function healthRoutes(health: StoreHealth): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const readiness: RequestHandler = async (_req, res) => {
    const checks = await health.check();
    const ready = checks.mongodb && checks.redis;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ok' : 'unavailable',
      checks: { mongodb: checks.mongodb ? 'ok' : 'down', redis: checks.redis ? 'ok' : 'down' },
    });
  };
  router.get('/readyz', readiness);
  router.get('/healthz', readiness);
  return router;
}
