// What other components may know of completions (badges issues credentials from them): plain
// views by student and key, never the documents.
import { Types } from 'mongoose';
import { completionKeys } from './completion-rules';
import { CompletionModel, type CompletionScope } from './completion.model';

export interface RecordedCompletionView {
  /** The completion's id: an award names the completion it certifies. */
  id: string;
  studentId: string;
  scope: CompletionScope;
  key: string;
  completedAt: Date;
}

const toView = (completion: {
  _id: Types.ObjectId;
  student: Types.ObjectId;
  scope: string;
  key: string;
  completedAt: Date;
}): RecordedCompletionView => ({
  id: String(completion._id),
  studentId: String(completion.student),
  scope: completion.scope as CompletionScope,
  key: completion.key,
  completedAt: completion.completedAt,
});

const fields = '_id student scope key completedAt';

/** The student's completion of `key` (see completionKeys), if recorded. */
export async function findCompletion(
  studentId: string,
  key: string,
): Promise<RecordedCompletionView | null> {
  if (!Types.ObjectId.isValid(studentId)) return null;
  const completion = await CompletionModel.findOne({ student: studentId, key })
    .select(fields)
    .lean();
  return completion && toView(completion);
}

/** A completion by its id (jobs queued before completions were events carry the id). */
export async function findCompletionById(id: string): Promise<RecordedCompletionView | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const completion = await CompletionModel.findById(id).select(fields).lean();
  return completion && toView(completion);
}

/** The student's completions of levels and specializations: what credentials are issued for. */
export async function listCredentialCompletions(
  studentId: string,
): Promise<RecordedCompletionView[]> {
  const completions = await CompletionModel.find({
    student: new Types.ObjectId(studentId),
    scope: { $ne: 'course' },
  })
    .select(fields)
    .lean();
  return completions.map(toView);
}

/** Everyone who completed `key`, one at a time (a badge defined after its level was completed). */
export async function* streamCompletionsOf(key: string): AsyncGenerator<RecordedCompletionView> {
  for await (const completion of CompletionModel.find({ key }).select(fields).lean().cursor())
    yield toView(completion);
}

/** The students' course completions among these courses: each course's date and version. */
export async function findCourseCompletions(
  studentId: string,
  courseIds: readonly string[],
): Promise<Map<string, { completedAt: Date; courseVersion: number | null }>> {
  const completions = await CompletionModel.find({
    student: new Types.ObjectId(studentId),
    key: { $in: courseIds.map((id) => completionKeys.course(id)) },
  })
    .select('course completedAt courseVersion')
    .lean();
  return new Map(
    completions.map((completion) => [
      String(completion.course),
      { completedAt: completion.completedAt, courseVersion: completion.courseVersion ?? null },
    ]),
  );
}
