import { createHash } from 'node:crypto';
import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config';
import type { Message } from '../../i18n';
import { AppError } from '../errors';
import type { RedisClient } from '../redis';

const oneMinute = 60 * 1000;
const fifteenMinutes = 15 * oneMinute;
const oneHour = 60 * oneMinute;

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
  const windowMs = options.windowMs ?? fifteenMinutes;
  return rateLimit({
    windowMs,
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
    // The real wait, in the answer's header and in its words ({{minutes}} where a text says it).
    handler: (req, res, next) => {
      const { resetTime } = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit ?? {};
      const resetAt = resetTime?.getTime() ?? Date.now() + windowMs;
      const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      res.setHeader('Retry-After', String(seconds));
      const minutes = Math.ceil(seconds / 60);
      const text: Message =
        typeof options.message === 'string'
          ? { key: options.message, values: { minutes } }
          : options.message;
      next(new AppError('rate_limited', 429, text));
    },
  });
}

// Spends `cost` only if it fits: one script, so concurrent requests never see a refused one's
// cost, and the window starts with the first spend.
const spendIfItFits = `
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[1])
if spent + cost > tonumber(ARGV[2]) then return -1 end
redis.call('INCRBY', KEYS[1], cost)
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'NX')
return spent + cost`;

/**
 * A budget spent by weight, for requests that carry many units of work (a batch of 100
 * verifications costs 100): refused with a 429 when `cost` does not fit in what is left of `limit`
 * in the window. A refused request spends nothing.
 */
export async function spendRateBudget(
  config: Config,
  redis: RedisClient,
  options: { name: string; key: string; cost: number; limit: number; message: Message },
): Promise<void> {
  const key = `${config.redisPrefix}:rb:${options.name}:${options.key}`;
  const spent = await redis.eval(spendIfItFits, {
    keys: [key],
    arguments: [String(options.cost), String(options.limit), String(fifteenMinutes)],
  });
  if (spent === -1) throw new AppError('rate_limited', 429, options.message);
}

/** Attempts per client IP and submitted email in 15 minutes. */
function limitByIpAndEmail(
  config: Config,
  redis: RedisClient,
  options: { name: string; limit: number; skipSuccessfulRequests: boolean; message: Message },
): RateLimitRequestHandler {
  return redisRateLimit(config, redis, {
    ...options,
    // A digest, not the submitted text: the key's size must not be the client's to choose (a 90 KB
    // "email" made a 90 KB Redis key per request, before the body's own check refused it).
    key: (req: Request) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return `${clientKey(req)}|${createHash('sha256').update(email).digest('base64url')}`;
    },
  });
}

/** Runs the limits in order: a request one of them refuses is not counted by the ones after it. */
function allOf(...limits: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const step = (index: number, error?: unknown): void => {
      if (error || index === limits.length) return next(error);
      void limits[index]!(req, res, (nextError?: unknown) => step(index + 1, nextError));
    };
    step(0);
  };
}

/**
 * One client address, and the whole campus: a spray over many emails from one address hits the
 * first; many addresses at once (a botnet) hit the second, which caps the argon2 CPU and the
 * accounts created. The global one can refuse legitimate visitors while an attack runs: that is
 * the price of a bound, and the per-address one keeps most attackers well below it.
 */
function limitByIpAndGlobally(
  config: Config,
  redis: RedisClient,
  options: {
    name: string;
    perIp: number;
    global: number;
    ipWindowMs: number;
    globalWindowMs: number;
    message: Message;
  },
): RequestHandler {
  return allOf(
    redisRateLimit(config, redis, {
      name: `${options.name}-ip`,
      limit: options.perIp,
      windowMs: options.ipWindowMs,
      key: clientKey,
      message: options.message,
    }),
    redisRateLimit(config, redis, {
      name: `${options.name}-all`,
      limit: options.global,
      windowMs: options.globalWindowMs,
      key: () => 'campus',
      message: 'errors:rateLimit.busy',
    }),
  );
}

export interface AccountRateLimits {
  /** Wrong second-factor codes per account (a 6-digit code must not be guessable). */
  twoFactor: RateLimitRequestHandler;
  /** Failed logins per IP and email (successful ones do not count): slows password guessing;
   * then every attempt per IP and campus-wide: bounds password spraying and argon2 CPU. */
  login: RequestHandler;
  /** Reset requests per IP and email, per IP and campus-wide: nobody can flood an inbox. */
  passwordReset: RequestHandler;
  /** Registrations per IP and campus-wide. */
  register: RequestHandler;
}

/** Built once per app, so the form and the API share one count. */
export function accountRateLimits(config: Config, redis: RedisClient): AccountRateLimits {
  const limits = config.abuseLimits;
  return {
    twoFactor: redisRateLimit(config, redis, {
      name: 'two-factor',
      limit: 5,
      skipSuccessfulRequests: true,
      key: (req) => req.session?.pendingLogin?.userId ?? req.user?.id ?? clientKey(req),
      message: 'errors:rateLimit.twoFactor',
    }),
    // The address's limits first: a request they refuse leaves no per-email key behind.
    login: allOf(
      limitByIpAndGlobally(config, redis, {
        name: 'login',
        perIp: limits.loginPerIp15Min,
        ipWindowMs: fifteenMinutes,
        global: limits.loginGlobalPerMinute,
        globalWindowMs: oneMinute,
        message: 'errors:rateLimit.loginFromNetwork',
      }),
      limitByIpAndEmail(config, redis, {
        name: 'login',
        limit: config.loginRateLimit,
        skipSuccessfulRequests: true,
        message: 'errors:rateLimit.login',
      }),
    ),
    passwordReset: allOf(
      limitByIpAndGlobally(config, redis, {
        name: 'password-reset',
        perIp: limits.passwordResetPerIpHour,
        ipWindowMs: oneHour,
        global: limits.passwordResetGlobalHour,
        globalWindowMs: oneHour,
        message: 'errors:rateLimit.passwordResetFromNetwork',
      }),
      limitByIpAndEmail(config, redis, {
        name: 'password-reset',
        limit: 3,
        skipSuccessfulRequests: false,
        message: 'errors:rateLimit.passwordReset',
      }),
    ),
    register: limitByIpAndGlobally(config, redis, {
      name: 'register',
      perIp: limits.registerPerIpHour,
      ipWindowMs: oneHour,
      global: limits.registerGlobalHour,
      globalWindowMs: oneHour,
      message: 'errors:rateLimit.register',
    }),
  };
}
