// Domain events: what happened, said once by the component that owns the fact, heard by whoever
// cares. The publisher does not know its listeners (completion does not know badges exist).
//
// Two kinds of listener:
// - a projection keeps a read model up to date: it runs in the publisher's process, awaited, so
//   the page after a request already shows it; it must be cheap and idempotent;
// - a reaction does work of its own (issue a badge, send an email): it is a bull job, queued once
//   per (event id, reaction) and retried with backoff; a repeated publish of the same event id is
//   one job while bull keeps it, and the reaction's own writes are idempotent by unique index, so
//   a publish after that is harmless too.
// An event id names the fact, not the moment ("course.completed:<student>:<course>:<cycle>"), so a
// retried publisher publishes the same id again.

/** Every event, with what it carries: ids and facts, never documents. */
export interface DomainEvents {
  /** A student met every rule of a course (its modules, attendance, quizzes). */
  'course.completed': { studentId: string; courseId: string; completedAt: string };
  /** A student completed every course of a level of a specialization. */
  'level.completed': {
    studentId: string;
    specializationId: string;
    level: string;
    completedAt: string;
  };
  /** A student completed every level of a specialization. */
  'specialization.completed': { studentId: string; specializationId: string; completedAt: string };
  /** An award was issued (its badge and certificate exist or are being made). */
  'award.issued': { awardId: string; studentId: string; achievementId: string };
  /** An award was revoked: verifiers must see it at once. */
  'award.revoked': { awardId: string; studentId: string; achievementId: string };
  /** An award was suspended, or its suspension lifted: verifiers must see it at once. */
  'award.suspension-changed': {
    awardId: string;
    studentId: string;
    achievementId: string;
    suspended: boolean;
  };
  /** A student was enrolled in a course, or withdrew from one. */
  'enrollment.changed': {
    studentId: string;
    courseId: string;
    change: 'enrolled' | 'withdrawn';
    at: string;
    /** Their first enrolment in this course (a return after leaving is not). */
    first: boolean;
  };
  /** A live session's attendance was recorded or corrected for these students. */
  'attendance.recorded': {
    moduleId: string;
    courseId: string;
    studentIds: string[];
    /** Each student's measure: courses credits it as module progress (the one writer). */
    attendance: Array<{ studentId: string; minutes: number; share: number; present: boolean }>;
  };
  /** A user proved they own their email address. */
  'email.confirmed': { userId: string };
}

export type EventName = keyof DomainEvents;

/** What a publisher needs: the bus (platform/event-bus.ts) is built by the composition root. */
export interface EventPublisher {
  publish<Name extends EventName>(event: Name, id: string, data: DomainEvents[Name]): Promise<void>;
}
