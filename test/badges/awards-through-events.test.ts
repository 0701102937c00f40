// From "module done" to a badge through the domain events: courses records the completions and
// says so (course.completed, level.completed); badges hears it and issues the award; the award's
// own event brings its certificate and email. Each listener is safe to hear an event twice.
import { UserModel } from '../../accounts/user.model';
import { AwardModel } from '../../badges/awards/award.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { CompletionModel } from '../../courses/completion/completion.model';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../courses/progress/progress.service';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  testPassword,
} from '../support/factories';
import { apiLogin } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

/** A basic level of two one-lesson courses, with its badge. */
async function twoCourseLevelWithBadge(name: string) {
  const first = await createPublishedCourse(`${name}-first`, [{ kind: 'lesson', title: 'One' }]);
  const last = await createPublishedCourse(`${name}-last`, [{ kind: 'lesson', title: 'Two' }]);
  const specialization = await createSpecialization(`${name}-spec`, [
    { key: 'basic', courses: [first._id, last._id] },
  ]);
  const user = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: user.email, password: testPassword });
  await admin.agent
    .post('/api/v1/admin/achievements')
    .set('x-csrf-token', admin.csrf)
    .send({
      slug: `${name}-basic`,
      specialization: specialization.slug,
      level: 'basic',
      name: `${name} basic badge`,
      description: 'Certifies the basic level.',
      criteriaNarrative: 'Complete every course of the basic level.',
    })
    .expect(201);
  return { courses: [first, last] as const, specialization };
}

async function finish(studentId: string, course: { slug: string; modules: { _id: unknown }[] }) {
  await enrollInCourse(campus.context, studentId, course.slug);
  await markModuleDone(campus.context, studentId, course.slug, String(course.modules[0]!._id));
}

async function levelCompleted(studentId: string) {
  const level = await CompletionModel.findOne({ student: studentId, scope: 'level' }).lean();
  return {
    id: `${studentId}:${level!.specialization}:${level!.level}`,
    data: {
      studentId,
      specializationId: String(level!.specialization),
      level: level!.level!,
      completedAt: level!.completedAt.toISOString(),
    },
  };
}

const badgeEmailsTo = (email: string) =>
  OutboundEmailModel.countDocuments({ to: email, subject: 'You earned a badge on Campus' });

describe('a level to its badge, through events', () => {
  test('when a student completes the last module of the level’s last course, one award lists both courses, with one certificate and one email', async () => {
    const { courses } = await twoCourseLevelWithBadge('last-module');
    const student = await createTestUser({ displayName: 'Inés Eventos' });
    const studentId = String(student._id);
    await finish(studentId, courses[0]);
    await campus.drainJobs();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(0);

    await finish(studentId, courses[1]);
    await campus.drainJobs();
    const awards = await AwardModel.find({ student: student._id }).lean();
    expect(awards).toHaveLength(1);
    expect(awards[0]!.evidence!.courses.map((course) => course.slug).sort()).toEqual(
      [courses[0].slug, courses[1].slug].sort(),
    );
    expect(await CertificateModel.countDocuments({ award: awards[0]!._id })).toBe(1);
    expect(await badgeEmailsTo(student.email)).toBe(1);
  });

  test('when the level’s completion is said twice (a retried publisher, and at once), badges issues exactly one award', async () => {
    const { courses } = await twoCourseLevelWithBadge('said-twice');
    // Unconfirmed: the level completes and its award is held.
    const student = await createTestUser({ emailConfirmed: false });
    const studentId = String(student._id);
    for (const course of courses) await finish(studentId, course);
    await campus.drainJobs();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(0);

    // Confirmed by other means (no email.confirmed): only the completion's event issues it now.
    await UserModel.updateOne({ _id: student._id }, { $set: { emailConfirmedAt: new Date() } });
    const completed = await levelCompleted(studentId);
    await Promise.all([
      campus.context.events.publish('level.completed', `${completed.id}:again`, completed.data),
      campus.context.events.publish('level.completed', `${completed.id}:and-again`, completed.data),
    ]);
    await campus.drainJobs();
    await campus.context.events.publish(
      'level.completed',
      `${completed.id}:and-again`,
      completed.data,
    );
    await campus.drainJobs();

    const awards = await AwardModel.find({ student: student._id }).lean();
    expect(awards).toHaveLength(1);
    expect(await CertificateModel.countDocuments({ award: awards[0]!._id })).toBe(1);
    expect(await badgeEmailsTo(student.email)).toBe(1);
  });
});
