import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs; pretty-printed only on a developer's terminal. */
export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  const pretty = config.env === 'development' && process.stdout.isTTY;
  return pino({
    level: config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'],
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });
}

/** Request URLs as logged: a password-reset link would let anyone who reads the logs take over the account. */
export function redactSecrets(url: string): string {
  return (
    url
      .replace(/\/password\/reset\/[^/?#]+/, '/password/reset/[redacted]')
      // An unused wallet offer's URL hands out its pre-authorized code.
      .replace(/\/oid4vci\/offers\/[^/?#]+/, '/oid4vci/offers/[redacted]')
      .replace(/([?&]_csrf=)[^&#]+/, '$1[redacted]')
  );
}
