// Name links from before links were scoped to a session (issue 18, item 17): each is pinned to
// the session it was made for (the audit entry of the decision names it; else the first session
// whose rows carry that name), so that session stays as the instructor decided and no later one
// is credited by the name. A link no session's rows carry is removed: it never matched anyone.
import { AuditEntryModel } from '../platform/audit/audit-entry.model';
import { AttendanceRowModel } from './attendance-row.model';
import { ParticipantLinkModel } from './participant-link.model';

export async function scopeNameLinksToSessions(): Promise<{ scoped: number; removed: number }> {
  // The old unique key (course, participant) would refuse the same name linked in two sessions.
  await ParticipantLinkModel.collection.dropIndex('course_1_participantKey_1').catch(() => {});
  const legacy = await ParticipantLinkModel.find({
    participantKey: { $regex: '^name:' },
    session: { $exists: false },
  }).lean();
  let scoped = 0;
  let removed = 0;
  for (const link of legacy) {
    const decision = await AuditEntryModel.findOne({
      action: 'attendance.linked',
      course: link.course,
      'details.participantKey': link.participantKey,
    })
      .sort({ at: -1 })
      .lean();
    const recorded = (decision?.details as { moduleId?: string } | undefined)?.moduleId;
    const session =
      recorded ??
      (
        await AttendanceRowModel.findOne({
          course: link.course,
          participantKey: link.participantKey,
        })
          .sort({ joinAt: 1 })
          .select('session')
          .lean()
      )?.session;
    if (session) {
      await ParticipantLinkModel.updateOne({ _id: link._id }, { $set: { session } });
      scoped += 1;
    } else {
      await ParticipantLinkModel.deleteOne({ _id: link._id });
      removed += 1;
    }
  }
  return { scoped, removed };
}
