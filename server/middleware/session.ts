import { RedisStore } from 'connect-redis';
import session from 'express-session';
import type { Config } from '../config';
import type { RedisClient } from '../redis';

const twoWeeksSeconds = 14 * 24 * 60 * 60;

/** Sessions in Redis (FerretDB has no TTL indexes for a Mongo-backed store). */
export function sessions(config: Config, redis: RedisClient) {
  return session({
    name: 'campus.sid',
    store: new RedisStore({
      client: redis,
      prefix: `${config.redisPrefix}:sess:`,
      ttl: twoWeeksSeconds,
    }),
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.baseUrl.startsWith('https://'),
      maxAge: twoWeeksSeconds * 1000,
    },
  });
}
