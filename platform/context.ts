import type { SafeFetch } from './safe-fetch';
import type { Config } from './config';
import type { EventPublisher } from './events';
import type { Logger } from './logger';
import type { JobQueues } from './queue';
import type { RedisClient } from './redis';
import type { StoreHealth } from './store-health';

/** What the web process hands to every component's routes. */
export interface AppContext {
  config: Config;
  logger: Logger;
  redis: RedisClient;
  jobs: JobQueues;
  /** Where a use case says what happened (platform/events.ts); listeners are not its concern. */
  events: EventPublisher;
  /** Whether MongoDB and Redis answer now (requests that need a missing one get 503). */
  storeHealth: StoreHealth;
  /** Fetches URLs strangers chose (badge verification); SSRF-safe. Tests may widen its policy. */
  remoteFetch: SafeFetch;
}
