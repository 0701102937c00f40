// The event bus: projections applied in the publisher's process, reactions queued as bull jobs
// (see events.ts for the events and the rules of each kind of listener).
import type { JobOptions } from 'bull';
import type { DomainEvents, EventName, EventPublisher } from './events';
import type { Logger } from './logger';
import type { JobContext, JobDefinition, JobQueues } from './queue';

export interface Projection<Name extends EventName = EventName> {
  kind: 'projection';
  event: Name;
  /** Names the listener in logs. */
  name: string;
  apply(data: DomainEvents[Name], context: { logger: Logger }): Promise<void>;
}

export interface Reaction<Name extends EventName = EventName> {
  kind: 'reaction';
  event: Name;
  /** Unique among reactions: the bull queue is `on-<event>:<name>`. */
  name: string;
  /** Retries and backoff; the default is 5 attempts, 30 s apart and growing. */
  options?: JobOptions;
  concurrency?: number;
  react(data: DomainEvents[Name], context: JobContext): Promise<void>;
}

export type Subscription = Projection<never> | Reaction<never>;

/** A projection: `apply` runs in the publisher's process. */
export function projection<Name extends EventName>(
  event: Name,
  name: string,
  apply: Projection<Name>['apply'],
): Subscription {
  return { kind: 'projection', event, name, apply } as unknown as Subscription;
}

/** A reaction: `react` runs as a queued job, once per event id. */
export function reaction<Name extends EventName>(
  event: Name,
  name: string,
  react: Reaction<Name>['react'],
  options: Pick<Reaction<Name>, 'options' | 'concurrency'> = {},
): Subscription {
  return { kind: 'reaction', event, name, react, ...options } as unknown as Subscription;
}

const defaultReactionOptions: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: 5000,
};

type ReactionJobData = { eventId: string; data: unknown };

/** A reaction as the job that runs it (queue `on-<event>:<name>`). */
export function reactionJob(subscription: Subscription): JobDefinition<ReactionJobData> {
  const listener = subscription as unknown as Reaction;
  return {
    name: `on-${listener.event}:${listener.name}`,
    options: { ...defaultReactionOptions, ...listener.options },
    concurrency: listener.concurrency,
    perform: ({ data }, context) => listener.react(data as never, context),
  };
}

/** The jobs of every reaction among these subscriptions: the worker runs them with the others. */
export function reactionJobs(subscriptions: readonly Subscription[]): JobDefinition<never>[] {
  const jobs = subscriptions
    .filter((subscription) => (subscription as unknown as Reaction).kind === 'reaction')
    .map(reactionJob);
  const names = new Set(jobs.map((job) => job.name));
  if (names.size !== jobs.length) throw new Error('two reactions to one event share a name');
  return jobs as unknown as JobDefinition<never>[];
}

export class EventBus implements EventPublisher {
  private readonly projections = new Map<EventName, Projection[]>();
  private readonly reactions = new Map<EventName, Array<JobDefinition<ReactionJobData>>>();

  constructor(
    private readonly jobs: JobQueues,
    private readonly logger: Logger,
    subscriptions: readonly Subscription[],
  ) {
    reactionJobs(subscriptions);
    for (const subscription of subscriptions) {
      const listener = subscription as unknown as Projection | Reaction;
      if (listener.kind === 'projection')
        this.projections.set(listener.event, [
          ...(this.projections.get(listener.event) ?? []),
          listener,
        ]);
      else
        this.reactions.set(listener.event, [
          ...(this.reactions.get(listener.event) ?? []),
          reactionJob(subscription),
        ]);
    }
  }

  /**
   * Says that something happened. Projections are applied before this returns; reactions are
   * queued (kept in MongoDB if Redis is away, like every job). `id` names the fact: publishing
   * the same id again queues nothing new while bull keeps the first job.
   */
  async publish<Name extends EventName>(
    event: Name,
    id: string,
    data: DomainEvents[Name],
  ): Promise<void> {
    for (const listener of this.projections.get(event) ?? [])
      await listener.apply(data as never, { logger: this.logger });
    for (const job of this.reactions.get(event) ?? [])
      await this.jobs.enqueue(job, { eventId: id, data }, `${job.name}:${id}`);
  }
}
