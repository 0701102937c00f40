// What a component hands to the composition root (server/): the root builds the processes from
// these and knows nothing else of the component's insides.
import type { RequestHandler, Router } from 'express';
import type { Model } from 'mongoose';
import type { ApiRoutes } from './api-routes';
import type { AppContext } from './context';
import type { Logger } from './logger';
import type { Subscription } from './event-bus';
import type { JobDefinition } from './queue';

export interface ComponentManifest {
  name: string;
  /** The collections it owns (and writes alone): their indexes are created at start-up. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of any schema
  models: ReadonlyArray<Model<any>>;
  /** The jobs the worker runs for it; those whose options carry `repeat` are scheduled too. */
  jobs: ReadonlyArray<JobDefinition<never>>;
  /** What it does when other components' events happen. */
  subscriptions: readonly Subscription[];
  /** One-off data migrations, each run once per database at start-up, in this order. */
  migrations?: ReadonlyArray<{ name: string; run: (logger: Logger) => Promise<unknown> }>;
  /** Its HTTP side, built once by each web process (the worker never calls it). */
  web?: (context: AppContext) => ComponentWeb;
}

/** What a component serves; the composition root mounts each part where it belongs. */
export interface ComponentWeb {
  /**
   * Answered without a session, CSRF token or Redis: other systems' calls, authenticated by their
   * signature or token (webhooks, pushes), and public documents (the JWKS).
   */
  beforeSessions?: { routes?: Router[]; api?: ApiRoutes[] };
  /** What every page shows of this component (the header's unread count): run before any page. */
  pageLocals?: RequestHandler[];
  /** Pages, after sessions, CSRF and language negotiation. */
  pages?: Router[];
  /** `/api/v1` operations: each registered and described in the OpenAPI document from one table. */
  api?: ApiRoutes[];
}

/** Lists a component's own models and jobs without the casts their generic types need. */
export function component(manifest: {
  name: string;
  models: ReadonlyArray<Model<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  jobs: ReadonlyArray<JobDefinition<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  subscriptions?: readonly Subscription[];
  migrations?: ComponentManifest['migrations'];
  web?: ComponentManifest['web'];
}): ComponentManifest {
  return { subscriptions: [], ...manifest } as unknown as ComponentManifest;
}
