// The learner record (learner-record.model.ts): read by `_id`, rebuilt from the source
// collections when missing or outdated, and kept current by the services that write those sources,
// right after each write. A write made while the record is missing changes nothing here: the
// rebuild on the next read includes it.
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/errors';
import { CompletionModel } from '../completion/completion.model';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { QuizAttemptModel } from '../quizzes/quiz-attempt.model';
import {
  LearnerRecordModel,
  learnerRecordVersion,
  type StoredLearnerRecord,
} from './learner-record.model';
import { ModuleProgressModel } from './module-progress.model';

export interface LearnerCourse {
  enrollment: Types.ObjectId | null;
  active: boolean;
  enrolledAt: Date | null;
  lastModule: Types.ObjectId | null;
  done: ReadonlySet<string>;
}

export interface QuizSummary {
  /** Attempts used (the number of the last one). */
  used: number;
  best: number;
  passed: boolean;
}

export interface LearnerRecord {
  courses: ReadonlyMap<string, LearnerCourse>;
  completions: ReadonlyMap<string, { completedAt: Date; courseVersion: number | null }>;
  /** By quiz module id. */
  quizAttempts: ReadonlyMap<string, QuizSummary>;
  /** The month whose activity is already recorded, if any. */
  activeMonth: string | null;
}

const objectId = (id: string | Types.ObjectId) =>
  typeof id === 'string' ? new Types.ObjectId(id) : id;

export async function readLearnerRecord(studentId: string): Promise<LearnerRecord> {
  const stored = await LearnerRecordModel.collection.findOne<StoredLearnerRecord>({
    _id: objectId(studentId),
  });
  return toLearnerRecord(
    stored?.version === learnerRecordVersion ? stored : await rebuildLearnerRecord(studentId),
  );
}

/** The course's entry if the student is actively enrolled in it. */
export function activeCourse(record: LearnerRecord, courseId: string | Types.ObjectId) {
  const entry = record.courses.get(String(courseId));
  return entry?.active ? entry : null;
}

/** The active enrolments, most recent first. */
export function activeEnrollments(record: LearnerRecord) {
  return [...record.courses]
    .flatMap(([course, entry]) =>
      entry.active
        ? [
            {
              course: new Types.ObjectId(course),
              enrolledAt: entry.enrolledAt ?? new Date(0),
              entry,
            },
          ]
        : [],
    )
    .sort((a, b) => b.enrolledAt.getTime() - a.enrolledAt.getTime());
}

/** A new account's record: empty, so its first read needs no rebuild. */
export async function createLearnerRecord(studentId: string | Types.ObjectId): Promise<void> {
  const builder = new LearnerRecordBuilder();
  await LearnerRecordModel.collection
    .insertOne(builder.recordOf(objectId(studentId)))
    .catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
}

/** Replaces the record with one built from the source collections. */
export async function rebuildLearnerRecord(studentId: string): Promise<StoredLearnerRecord> {
  const student = objectId(studentId);
  const [enrollments, progress, completions, attempts] = await Promise.all([
    EnrollmentModel.find({ student }).select('student course status enrolledAt lastModule').lean(),
    ModuleProgressModel.find({ student, completedAt: { $exists: true } })
      .select('student course module')
      .lean(),
    CompletionModel.find({ student }).select('student key completedAt courseVersion').lean(),
    QuizAttemptModel.find({ student }).select('student module number score passed').lean(),
  ]);
  const builder = new LearnerRecordBuilder();
  for (const row of enrollments) builder.addEnrollment(row);
  for (const row of progress) builder.addDone(row);
  for (const row of completions) builder.addCompletion(row);
  for (const row of attempts) builder.addAttempt(row);
  const record = builder.recordOf(student);
  await LearnerRecordModel.collection.replaceOne({ _id: student }, record, { upsert: true });
  return record;
}

/**
 * Rebuilds every record from the sources, one pass over each (the nightly repair of a record that
 * missed a write: a crash between a source write and its note). A record changed while the pass
 * ran is left as it is: its own writes are newer than what the pass read.
 */
export async function rebuildAllLearnerRecords(): Promise<{ records: number; skipped: number }> {
  const startedAt = new Date();
  const builder = new LearnerRecordBuilder();
  for await (const row of EnrollmentModel.find()
    .select('student course status enrolledAt lastModule')
    .lean()
    .cursor())
    builder.addEnrollment(row);
  for await (const row of ModuleProgressModel.find({ completedAt: { $exists: true } })
    .select('student course module')
    .lean()
    .cursor())
    builder.addDone(row);
  for await (const row of CompletionModel.find()
    .select('student key completedAt courseVersion')
    .lean()
    .cursor())
    builder.addCompletion(row);
  for await (const row of QuizAttemptModel.find()
    .select('student module number score passed')
    .lean()
    .cursor())
    builder.addAttempt(row);
  let records = 0;
  let skipped = 0;
  for (const record of builder.all()) {
    const current = await LearnerRecordModel.collection.findOne<{ changedAt?: Date }>(
      { _id: record._id },
      { projection: { changedAt: 1 } },
    );
    if (current?.changedAt && current.changedAt >= startedAt) {
      skipped += 1;
      continue;
    }
    await LearnerRecordModel.collection.replaceOne({ _id: record._id }, record, { upsert: true });
    records += 1;
  }
  return { records, skipped };
}

/** Assembles records from source rows (a rebuild, and the scale generator's bulk load). */
export class LearnerRecordBuilder {
  private readonly records = new Map<string, StoredLearnerRecord>();

  recordOf(student: Types.ObjectId): StoredLearnerRecord {
    const key = String(student);
    let record = this.records.get(key);
    if (!record) {
      record = {
        _id: student,
        version: learnerRecordVersion,
        courses: {},
        completions: {},
        quizAttempts: {},
      };
      this.records.set(key, record);
    }
    return record;
  }

  all(): IterableIterator<StoredLearnerRecord> {
    return this.records.values();
  }

  addEnrollment(row: {
    _id: Types.ObjectId;
    student: Types.ObjectId;
    course: Types.ObjectId;
    status: string;
    enrolledAt: Date;
    lastModule?: Types.ObjectId | null;
  }) {
    const entry = this.courseOf(row.student, row.course);
    entry.enrollment = row._id;
    entry.status = row.status === 'active' ? 'active' : 'withdrawn';
    entry.enrolledAt = row.enrolledAt;
    if (row.lastModule) entry.lastModule = row.lastModule;
  }

  addDone(row: { student: Types.ObjectId; course: Types.ObjectId; module: Types.ObjectId }) {
    const entry = this.courseOf(row.student, row.course);
    (entry.done ??= []).push(row.module);
  }

  addCompletion(row: {
    student: Types.ObjectId;
    key: string;
    completedAt: Date;
    courseVersion?: number | null;
  }) {
    this.recordOf(row.student).completions[row.key] = {
      completedAt: row.completedAt,
      ...(row.courseVersion != null ? { courseVersion: row.courseVersion } : {}),
    };
  }

  addAttempt(row: {
    student: Types.ObjectId;
    module: Types.ObjectId;
    number: number;
    score: number;
    passed: boolean;
  }) {
    const attempts = this.recordOf(row.student).quizAttempts;
    const summary = (attempts[String(row.module)] ??= { used: 0, best: 0, passed: false });
    summary.used = Math.max(summary.used, row.number);
    summary.best = Math.max(summary.best, row.score);
    summary.passed ||= row.passed;
  }

  private courseOf(student: Types.ObjectId, course: Types.ObjectId) {
    return (this.recordOf(student).courses[String(course)] ??= {});
  }
}

/** Each write applies to an existing record only (see the header). */
async function applyToRecord(studentId: string | Types.ObjectId, update: object): Promise<void> {
  await LearnerRecordModel.collection.updateOne(
    { _id: objectId(studentId) },
    { ...update, $currentDate: { changedAt: true } },
  );
}

/** The changes the services note right after writing their source rows. */
export const noteInLearnerRecord = {
  enrolled(
    studentId: string | Types.ObjectId,
    courseId: Types.ObjectId,
    enrollment: { _id: Types.ObjectId; enrolledAt: Date },
  ) {
    const path = `courses.${String(courseId)}`;
    return applyToRecord(studentId, {
      $set: {
        [`${path}.status`]: 'active',
        [`${path}.enrollment`]: enrollment._id,
        [`${path}.enrolledAt`]: enrollment.enrolledAt,
      },
    });
  },
  withdrew(studentId: string | Types.ObjectId, courseId: Types.ObjectId) {
    return applyToRecord(studentId, {
      $set: { [`courses.${String(courseId)}.status`]: 'withdrawn' },
    });
  },
  /** `activeMonth`: given once the month's activity rows are written. */
  opened(
    studentId: string,
    courseId: Types.ObjectId,
    moduleId: Types.ObjectId,
    activeMonth?: string,
  ) {
    return applyToRecord(studentId, {
      $set: {
        [`courses.${String(courseId)}.lastModule`]: moduleId,
        ...(activeMonth && { activeMonth }),
      },
    });
  },
  modulesDone(
    studentId: string | Types.ObjectId,
    courseId: Types.ObjectId,
    moduleIds: Types.ObjectId[],
  ) {
    return applyToRecord(studentId, {
      $addToSet: { [`courses.${String(courseId)}.done`]: { $each: moduleIds } },
    });
  },
  /** One module done by many students (an attendance sync), in one round trip per 500. */
  async moduleDoneByMany(courseId: Types.ObjectId, moduleId: Types.ObjectId, studentIds: string[]) {
    const operations = studentIds.map((studentId) => ({
      updateOne: {
        filter: { _id: objectId(studentId) },
        update: {
          $addToSet: { [`courses.${String(courseId)}.done`]: moduleId },
          $currentDate: { changedAt: true as const },
        },
      },
    }));
    for (let start = 0; start < operations.length; start += 500)
      await LearnerRecordModel.collection.bulkWrite(operations.slice(start, start + 500), {
        ordered: false,
      });
  },
  moduleUndone(
    studentId: string | Types.ObjectId,
    courseId: Types.ObjectId,
    moduleId: Types.ObjectId,
  ) {
    return applyToRecord(studentId, {
      $pull: { [`courses.${String(courseId)}.done`]: moduleId },
    });
  },
  quizAttempted(
    studentId: string,
    moduleId: Types.ObjectId,
    attempt: { number: number; score: number; passed: boolean },
  ) {
    const path = `quizAttempts.${String(moduleId)}`;
    return applyToRecord(studentId, {
      $max: { [`${path}.used`]: attempt.number, [`${path}.best`]: attempt.score },
      ...(attempt.passed ? { $set: { [`${path}.passed`]: true } } : {}),
    });
  },
  /** Sums the quiz's attempts up again from the source (after a missed write). */
  async quizAttemptsRecounted(studentId: string, moduleId: Types.ObjectId) {
    const builder = new LearnerRecordBuilder();
    const student = objectId(studentId);
    const rows = await QuizAttemptModel.find({ student, module: moduleId })
      .select('student module number score passed')
      .lean();
    for (const row of rows) builder.addAttempt(row);
    const summary = builder.recordOf(student).quizAttempts[String(moduleId)];
    if (summary)
      await applyToRecord(studentId, { $set: { [`quizAttempts.${String(moduleId)}`]: summary } });
  },

  completed(
    studentId: string | Types.ObjectId,
    completion: { key: string; completedAt: Date; courseVersion?: number | null },
  ) {
    return applyToRecord(studentId, {
      $set: {
        [`completions.${completion.key}`]: {
          completedAt: completion.completedAt,
          ...(completion.courseVersion != null ? { courseVersion: completion.courseVersion } : {}),
        },
      },
    });
  },
};

function toLearnerRecord(stored: StoredLearnerRecord): LearnerRecord {
  return {
    courses: new Map(
      Object.entries(stored.courses ?? {}).map(([courseId, entry]) => [
        courseId,
        {
          enrollment: entry.enrollment ?? null,
          active: entry.status === 'active',
          enrolledAt: entry.enrolledAt ?? null,
          lastModule: entry.lastModule ?? null,
          done: new Set((entry.done ?? []).map(String)),
        },
      ]),
    ),
    completions: new Map(
      Object.entries(stored.completions ?? {}).map(([key, entry]) => [
        key,
        { completedAt: entry.completedAt, courseVersion: entry.courseVersion ?? null },
      ]),
    ),
    quizAttempts: new Map(
      Object.entries(stored.quizAttempts ?? {}).map(([module, summary]) => [
        module,
        { used: summary.used ?? 0, best: summary.best ?? 0, passed: summary.passed ?? false },
      ]),
    ),
    activeMonth: stored.activeMonth ?? null,
  };
}
