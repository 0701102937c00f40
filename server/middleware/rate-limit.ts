import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Request } from 'express';
import type { Config } from '../config';
import type { Message } from '../../i18n';
import { AppError } from '../errors';
import type { RedisClient } from '../redis';

const fifteenMinutes = 15 * 60 * 1000;

/** The client's address; IPv6 clients are grouped by /56, so rotating inside one allocation does not help. */
export const clientKey = (req: Request) => ipKeyGenerator(req.ip ?? '');

/** A limit counted in Redis, so every web process shares the count. Over it: a 429 AppError. */
export function redisRateLimit(
  config: Config,
  redis: RedisClient,
  options: {
    name: string;
    limit: number;
    windowMs?: number;
    key: (req: Request) => string;
    skip?: (req: Request) => boolean;
    skipSuccessfulRequests?: boolean;
    message: Message;
  },
): RateLimitRequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? fifteenMinutes,
    limit: options.limit,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    ...(options.skip ? { skip: options.skip } : {}),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: options.key,
    store: new RedisStore({
      prefix: `${config.redisPrefix}:rl:${options.name}:`,
      sendCommand: (...args: string[]) => redis.sendCommand(args),
    }),
    handler: (_req, _res, next) => next(new AppError('rate_limited', 429, options.message)),
  });
}

/** Attempts per client IP and submitted email in 15 minutes. */
function limitByIpAndEmail(
  config: Config,
  redis: RedisClient,
  options: { name: string; limit: number; skipSuccessfulRequests: boolean; message: Message },
): RateLimitRequestHandler {
  return redisRateLimit(config, redis, {
    ...options,
    key: (req: Request) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return `${clientKey(req)}|${email}`;
    },
  });
}

export interface AccountRateLimits {
  /** Wrong second-factor codes per account (a 6-digit code must not be guessable). */
  twoFactor: RateLimitRequestHandler;
  /** Failed logins (successful ones do not count): slows password guessing. */
  login: RateLimitRequestHandler;
  /** Reset requests: nobody can flood someone's inbox with reset emails. */
  passwordReset: RateLimitRequestHandler;
}

/** Built once per app, so the form and the API share one count. */
export function accountRateLimits(config: Config, redis: RedisClient): AccountRateLimits {
  return {
    twoFactor: redisRateLimit(config, redis, {
      name: 'two-factor',
      limit: 5,
      skipSuccessfulRequests: true,
      key: (req) => req.session?.pendingLogin?.userId ?? req.user?.id ?? clientKey(req),
      message: 'errors:rateLimit.twoFactor',
    }),
    login: limitByIpAndEmail(config, redis, {
      name: 'login',
      limit: config.loginRateLimit,
      skipSuccessfulRequests: true,
      message: 'errors:rateLimit.login',
    }),
    passwordReset: limitByIpAndEmail(config, redis, {
      name: 'password-reset',
      limit: 3,
      skipSuccessfulRequests: false,
      message: 'errors:rateLimit.passwordReset',
    }),
  };
}
