import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Request } from 'express';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { RedisClient } from '../redis';

const fifteenMinutes = 15 * 60 * 1000;

/**
 * Attempts per client IP and submitted email in 15 minutes, counted in Redis so every web
 * process shares the count.
 */
function limitByIpAndEmail(
  config: Config,
  redis: RedisClient,
  options: { name: string; limit: number; skipSuccessfulRequests: boolean; message: string },
): RateLimitRequestHandler {
  return rateLimit({
    windowMs: fifteenMinutes,
    limit: options.limit,
    skipSuccessfulRequests: options.skipSuccessfulRequests,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      // IPv6 clients are grouped by /56, so rotating addresses inside one allocation does not help.
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    store: new RedisStore({
      prefix: `${config.redisPrefix}:rl:${options.name}:`,
      sendCommand: (...args: string[]) => redis.sendCommand(args),
    }),
    handler: (_req, _res, next) => next(new AppError('rate_limited', 429, options.message)),
  });
}

export interface AccountRateLimits {
  /** Failed logins (successful ones do not count): slows password guessing. */
  login: RateLimitRequestHandler;
  /** Reset requests: nobody can flood someone's inbox with reset emails. */
  passwordReset: RateLimitRequestHandler;
}

/** Built once per app, so the form and the API share one count. */
export function accountRateLimits(config: Config, redis: RedisClient): AccountRateLimits {
  return {
    login: limitByIpAndEmail(config, redis, {
      name: 'login',
      limit: config.loginRateLimit,
      skipSuccessfulRequests: true,
      message: 'Too many login attempts. Wait 15 minutes and try again.',
    }),
    passwordReset: limitByIpAndEmail(config, redis, {
      name: 'password-reset',
      limit: 3,
      skipSuccessfulRequests: false,
      message:
        'We already sent several reset links. Check your inbox, or wait 15 minutes and try again.',
    }),
  };
}
