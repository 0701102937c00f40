// Whether MongoDB and Redis answer, as this process sees them. While one is down a request must
// fail fast with 503, not wait out the driver's server selection (5 s) or Redis's reconnects:
// a probe every second keeps a verdict the request gate reads without waiting, and errors the
// stores throw mid-request are recognised and answered 503 too (platform/error-handler.ts).
import type { RequestHandler } from 'express';
import mongoose from 'mongoose';
import { AppError } from './errors';
import type { Logger } from './logger';
import type { RedisClient } from './redis';

export type StoreName = 'mongodb' | 'redis';

const probeTimeoutMs = 800;

function withinTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

export async function pingDatabase(timeoutMs = probeTimeoutMs): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  return withinTimeout(
    db
      .admin()
      .command({ ping: 1 })
      .then(() => true),
    timeoutMs,
    false,
  );
}

export async function pingRedis(client: RedisClient, timeoutMs = probeTimeoutMs): Promise<boolean> {
  if (!client.isReady) return false;
  return withinTimeout(
    client.ping().then((answer) => answer === 'PONG'),
    timeoutMs,
    false,
  );
}

/**
 * How many probes in a row must go unanswered before a store counts as down. One ping lost to a
 * busy CPU (a slow answer past the 800 ms) must not turn every request away; a store that is
 * really gone fails the next probe too, a second later, and its client's own state (closed
 * socket, disconnected driver) turns requests away at once meanwhile.
 */
const missedProbesBeforeDown = 2;

export class StoreHealth {
  private readonly missed: Record<StoreName, number> = { mongodb: 0, redis: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  /** Starts the background probe (unref'd: it never keeps a process alive). */
  start(): this {
    this.timer ??= setInterval(() => void this.check(), this.intervalMs).unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Probes both stores now (at most 800 ms each): what answered this time, and remembered. */
  async check(): Promise<Record<StoreName, boolean>> {
    const [database, redis] = await Promise.all([pingDatabase(), pingRedis(this.redis)]);
    this.remember('mongodb', database);
    this.remember('redis', redis);
    return { mongodb: database, redis };
  }

  private remember(store: StoreName, answered: boolean): void {
    const wasUp = this.missed[store] < missedProbesBeforeDown;
    this.missed[store] = answered ? 0 : this.missed[store] + 1;
    const isUp = this.missed[store] < missedProbesBeforeDown;
    if (isUp !== wasUp) this.logChange(store, isUp);
  }

  private logChange(store: StoreName, up: boolean): void {
    if (up) this.logger.info({ store }, `${store} answers again`);
    else this.logger.error({ store }, `${store} does not answer: requests that need it get 503`);
  }

  /** The verdict without waiting: the last probes, corrected at once by the clients' own state. */
  isUp(store: StoreName): boolean {
    const answering = this.missed[store] < missedProbesBeforeDown;
    if (store === 'redis') return answering && this.redis.isReady;
    return answering && mongoose.connection.readyState === 1;
  }
}

/** Expected: an outage is logged once when the probe sees it, not once per refused request. */
export function storeUnavailable(): AppError {
  return new AppError('service_unavailable', 503, 'errors:unavailable', { expected: true });
}

/** Answers 503 at once (with Retry-After) while a store these routes need is down. */
export function requireStores(health: StoreHealth, stores: StoreName[]): RequestHandler {
  return (_req, res, next) => {
    const down = stores.filter((store) => !health.isUp(store));
    if (down.length === 0) return next();
    next(storeUnavailable());
  };
}

const unavailableErrorNames = new Set([
  // MongoDB driver and mongoose
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  // node-redis
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
]);

const lostConnectionCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** An error that means a store did not answer (as opposed to a bug or bad input). */
export function isStoreUnavailableError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { name, message, code } = cause as { name?: string; message?: string; code?: string };
    // A socket to a store cut mid-command (Redis killed under a request) surfaces as is.
    if (code && lostConnectionCodes.has(code)) return true;
    // node-redis's error classes keep the name "Error": their class name is what tells.
    const className = (cause as object).constructor?.name;
    if ([name, className].some((known) => known && unavailableErrorNames.has(known))) return true;
    // mongoose while disconnected; ioredis (bull) with its offline queue off or closed.
    if (/buffering timed out|Connection is closed|Stream isn't writeable/.test(message ?? ''))
      return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
