import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Request } from 'express';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { RedisClient } from '../redis';

const fifteenMinutes = 15 * 60 * 1000;

/**
 * Login attempts per client IP and email, counted in Redis so every web process shares the count.
 * Successful logins do not count.
 */
export function loginRateLimit(config: Config, redis: RedisClient): RateLimitRequestHandler {
  return rateLimit({
    windowMs: fifteenMinutes,
    limit: config.loginRateLimit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      // IPv6 clients are grouped by /56, so rotating addresses inside one allocation does not help.
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    store: new RedisStore({
      prefix: `${config.redisPrefix}:rl:login:`,
      sendCommand: (...args: string[]) => redis.sendCommand(args),
    }),
    handler: (_req, _res, next) =>
      next(
        new AppError(
          'rate_limited',
          429,
          'Too many login attempts. Wait 15 minutes and try again.',
        ),
      ),
  });
}
