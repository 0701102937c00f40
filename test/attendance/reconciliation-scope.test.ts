// An instructor's match of a participant is remembered, but only as far as the participant's
// identity reaches: an email (or a Zoom account) is the same person in every session of the
// course; a display name ("iPhone de Carla") is not, so its match holds for its session only.
import { Types } from 'mongoose';
import { scopeNameLinksToSessions, syncLiveSessionJob } from '../../attendance';
import { ParticipantLinkModel } from '../../attendance/participant-link.model';
import { SessionSyncModel } from '../../attendance/session-sync.model';
import { UnmatchedParticipantModel } from '../../attendance/unmatched-participant.model';
import { resolveParticipant } from '../../attendance/reconciliation.service';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { FakeZoom, zoomRow } from '../support/fake-zoom';
import { createPublishedCourse, createTestUser, enrollTestStudent } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let zoom: FakeZoom;
let campus: TestCampus;
const first = new Date('2026-11-10T14:00:00Z');
const second = new Date('2026-11-17T14:00:00Z');

beforeAll(async () => {
  zoom = await new FakeZoom().start();
  campus = await startTestCampus(zoom.env());
});
afterAll(async () => {
  await campus.close();
  await zoom.stop();
});

/** A course with two weekly sessions and two enrolled students, Carla and Bruno. */
async function twoSessions(slug: string, meetings: [string, string]) {
  const instructor = await createTestUser({ roles: ['instructor'] });
  const course = await createPublishedCourse(
    slug,
    [
      { kind: 'live_session', title: 'Week 1', startsAt: first, meetingId: meetings[0] },
      { kind: 'live_session', title: 'Week 2', startsAt: second, meetingId: meetings[1] },
    ],
    [String(instructor._id)],
  );
  const carla = await createTestUser({ displayName: 'Carla Gómez', email: `carla@${slug}.org` });
  const bruno = await createTestUser({ displayName: 'Bruno Díaz', email: `bruno@${slug}.org` });
  await enrollTestStudent(carla._id, course._id);
  await enrollTestStudent(bruno._id, course._id);
  return {
    course,
    actor: { id: String(instructor._id), roles: instructor.roles },
    week1: String(course.modules[0]!._id),
    week2: String(course.modules[1]!._id),
    carla,
    bruno,
  };
}

/** Each week, Carla joins from her phone under a device name and Bruno from a personal email. */
function reportFor(start: Date) {
  return [
    zoomRow(start, 0, 60, { name: 'iPhone de Carla', user_email: '' }),
    zoomRow(start, 0, 60, { name: 'Bruno', user_email: 'bruno.home@mail.example' }),
  ];
}

const sync = (moduleId: string) => campus.runJob(syncLiveSessionJob, { moduleId });
const progress = (student: Types.ObjectId, moduleId: string) =>
  ModuleProgressModel.findOne({ student, module: moduleId }).lean();
const queued = async (moduleId: string) =>
  (await UnmatchedParticipantModel.find({ session: moduleId }).lean()).map((entry) => entry.name);

test('when a guest’s name is linked in one session, the same name in the next session is not credited but left for review; an email link carries over', async () => {
  const { course, actor, week1, week2, carla, bruno } = await twoSessions('scope-links', [
    '87000000001',
    '87000000002',
  ]);
  zoom.meetings.set('87000000001', { reports: { '87000000001': reportFor(first) } });
  zoom.meetings.set('87000000002', { reports: { '87000000002': reportFor(second) } });
  await sync(week1);
  expect((await queued(week1)).sort()).toEqual(['Bruno', 'iPhone de Carla']);

  const context = campus.context;
  await resolveParticipant(
    context,
    actor,
    course.slug,
    week1,
    'name:iphone de carla',
    String(carla._id),
  );
  await resolveParticipant(
    context,
    actor,
    course.slug,
    week1,
    'email:bruno.home@mail.example',
    String(bruno._id),
  );
  expect(await progress(carla._id, week1)).toMatchObject({ completedVia: 'attendance' });
  expect(await queued(week1)).toEqual([]);

  await sync(week2);
  // Anyone may join as "iPhone de Carla": nobody is credited by the name alone.
  expect(await progress(carla._id, week2)).toBeNull();
  expect(await queued(week2)).toEqual(['iPhone de Carla']);
  // Bruno's email is his, whichever session he joins.
  expect(await progress(bruno._id, week2)).toMatchObject({ completedVia: 'attendance' });
  expect(await SessionSyncModel.findOne({ session: week2 }).lean()).toMatchObject({
    present: 1,
    unmatched: 1,
  });

  // Linking the name in week 2 too is a separate decision, for week 2 only; week 1 keeps its own.
  await resolveParticipant(
    context,
    actor,
    course.slug,
    week2,
    'name:iphone de carla',
    String(carla._id),
  );
  expect(await progress(carla._id, week2)).toMatchObject({ completedVia: 'attendance' });
  expect(await ParticipantLinkModel.countDocuments({ course: course._id })).toBe(3);
  await sync(week1);
  expect(await queued(week1)).toEqual([]);
});

test('when a name link from before links were scoped exists, the migration pins it to its session and later sessions do not credit it', async () => {
  const { course, actor, week1, week2, carla } = await twoSessions('scope-legacy', [
    '87000000003',
    '87000000004',
  ]);
  zoom.meetings.set('87000000003', { reports: { '87000000003': reportFor(first) } });
  zoom.meetings.set('87000000004', { reports: { '87000000004': reportFor(second) } });
  await sync(week1);
  // As stored before: one course-wide link by name, under the old unique key, and its audit entry.
  await ParticipantLinkModel.collection
    .createIndex({ course: 1, participantKey: 1 }, { unique: true })
    .catch(() => undefined);
  await ParticipantLinkModel.collection.insertOne({
    course: course._id,
    participantKey: 'name:iphone de carla',
    student: carla._id,
    by: new Types.ObjectId(actor.id),
    at: new Date(),
  });
  await AuditEntryModel.create({
    actor: actor.id,
    action: 'attendance.linked',
    course: course._id,
    student: carla._id,
    details: { moduleId: week1, participantKey: 'name:iphone de carla', ignored: false },
    at: new Date(),
  });
  // Even before the migration the old link credits nobody in another session.
  await sync(week2);
  expect(await progress(carla._id, week2)).toBeNull();

  await scopeNameLinksToSessions();
  const link = await ParticipantLinkModel.findOne({ course: course._id }).lean();
  expect(String(link?.session)).toBe(week1);
  await sync(week1);
  expect(await queued(week1)).toEqual(['Bruno']);
  await sync(week2);
  expect(await queued(week2)).toEqual(expect.arrayContaining(['iPhone de Carla']));
  // The old unique key is gone: the name can be linked in week 2 as its own decision.
  await resolveParticipant(
    campus.context,
    actor,
    course.slug,
    week2,
    'name:iphone de carla',
    String(carla._id),
  );
  expect(await progress(carla._id, week2)).toMatchObject({ completedVia: 'attendance' });
});
