import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { AccessGrantModel } from '../../courses/enrollment/access-grant.model';
import { EditionModel } from '../../courses/enrollment/edition.model';
import { EnrollmentModel } from '../../courses/enrollment/enrollment.model';
import { browser, submitForm, apiUser, type ApiUser } from '../support/http';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  enrollTestStudent,
  testPassword,
} from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

type Client = ApiUser;
const login = (roles?: Parameters<typeof apiUser>[1]) => apiUser(campus.app, roles);
const post = (client: Client, path: string, body: object) =>
  client.agent.post(`/api/v1${path}`).set('x-csrf-token', client.csrf).send(body);

describe('cohorts', () => {
  test('the preview says what happens to each line and writes nothing; applying enrolls once, however often it runs', async () => {
    await createPublishedCourse('cohort-course', [{ kind: 'lesson', title: 'One' }]);
    const ana = await createTestUser({ email: 'ana.cohort@example.org', displayName: 'Ana' });
    const admin = await login(['admin']);
    const csv =
      'name,email\nAna,ANA.Cohort@Example.org \nNobody,nobody@example.org\nBroken,not-an-email\nAna again,ana.cohort@example.org\n';
    const input = { cohort: 'Mentoring 2027', csv, target: 'course', course: 'cohort-course' };

    const preview = await post(admin, '/admin/cohorts/preview', input).expect(200);
    expect(
      preview.body.lines.map((l: { line: number; status: string }) => [l.line, l.status]),
    ).toEqual([
      [2, 'ready'],
      [3, 'no-account'],
      [4, 'invalid'],
      [5, 'duplicate'],
    ]);
    expect(await EnrollmentModel.countDocuments({ student: ana.id })).toBe(0);

    const applied = await post(admin, '/admin/cohorts', input).expect(200);
    expect(applied.body.lines[0]).toMatchObject({
      email: 'ana.cohort@example.org',
      outcome: 'enrolled in 1 course',
    });
    // Previewed again, the enrolled student is said to change nothing, and applying agrees.
    const second = await post(admin, '/admin/cohorts/preview', input).expect(200);
    expect(second.body.lines[0].status).toBe('already');
    expect(second.body.counts).toMatchObject({ ready: 0, already: 1 });
    const again = await post(admin, '/admin/cohorts', input).expect(200);
    expect(again.body.lines[0]).toMatchObject({ status: 'already' });
    expect(await EnrollmentModel.countDocuments({ student: ana.id })).toBe(1);
    expect(await EnrollmentModel.findOne({ student: ana.id }).lean()).toMatchObject({
      source: 'cohort',
      status: 'active',
    });
    expect(
      await AuditEntryModel.countDocuments({ action: 'cohort.imported', actor: admin.id }),
    ).toBe(2);
  });

  test('an all-courses grant opens restricted courses to the cohort, and only to it', async () => {
    const instructor = await login(['instructor']);
    await createPublishedCourse(
      'restricted-for-cohort',
      [{ kind: 'lesson', title: 'One' }],
      [instructor.id],
    );
    await instructor.agent
      .put('/api/v1/authoring/courses/restricted-for-cohort/enrollment-policy')
      .set('x-csrf-token', instructor.csrf)
      .send({ policy: 'restricted' })
      .expect(200);
    const mentee = await login(['student']);
    const outsider = await login(['student']);
    const menteeEmail = (await mentee.agent.get('/api/v1/me')).body.user.email;
    const admin = await login(['admin']);
    const granted = await post(admin, '/admin/cohorts', {
      cohort: 'Mentoring 2027',
      csv: menteeEmail,
      target: 'all-courses',
    }).expect(200);
    expect(granted.body.lines[0].outcome).toBe('granted access to all courses');
    expect(await AccessGrantModel.countDocuments({ student: mentee.id })).toBe(1);

    const enroll = (client: Client) =>
      client.agent
        .put('/api/v1/me/enrollments/restricted-for-cohort')
        .set('x-csrf-token', client.csrf)
        .send({});
    await enroll(mentee).expect(200);
    const refused = await enroll(outsider);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('enrollment_closed');
  });

  test('bad input names the field; only admins may import', async () => {
    const admin = await login(['admin']);
    const missing = await post(admin, '/admin/cohorts/preview', {
      cohort: 'X cohort',
      csv: 'a@example.org',
      target: 'course',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ field: 'course', message: 'Which course?' }]);
    // A course, specialization or level that does not exist is refused in the preview, named.
    const unknown = await post(admin, '/admin/cohorts/preview', {
      cohort: 'X cohort',
      csv: 'a@example.org',
      target: 'course',
      course: 'no-such-course',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      {
        field: 'course',
        message:
          'There is no published course “no-such-course”. Check its address (the part after /courses/).',
      },
    ]);
    const noSpecialization = await post(admin, '/admin/cohorts/preview', {
      cohort: 'X cohort',
      csv: 'a@example.org',
      target: 'level',
      specialization: 'no-such-specialization',
      level: 'basic',
    });
    expect(noSpecialization.body.errors[0].field).toBe('specialization');
    const student = await login(['student']);
    await post(student, '/admin/cohorts', {
      cohort: 'X cohort',
      csv: 'a@example.org',
      target: 'all-courses',
    }).expect(403);
    const instructor = await login(['instructor']);
    await post(instructor, '/admin/cohorts/preview', {
      cohort: 'X',
      csv: 'a@example.org',
      target: 'all-courses',
    }).expect(403);
  });

  test('the page previews first, then enrolls on confirmation', async () => {
    await createPublishedCourse('cohort-page-course', [{ kind: 'lesson', title: 'One' }]);
    const student = await createTestUser({ email: 'page.cohort@example.org' });
    const adminUser = await createTestUser({ roles: ['admin'] });
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: adminUser.email, password: testPassword });
    // A course that runs in editions: its running edition is offered by name, beside its course.
    const withEditions = await createPublishedCourse('cohort-edition-course', [
      { kind: 'lesson', title: 'One' },
    ]);
    await EditionModel.create({
      course: withEditions._id,
      slug: 'spring-2027',
      title: 'Spring 2027',
      startsAt: new Date(Date.now() + 30 * 86400_000),
      endsAt: new Date(Date.now() + 60 * 86400_000),
      capacity: 30,
    });
    const form = await agent.get('/admin/cohorts').expect(200);
    expect(form.text).toContain(
      '<option value="spring-2027">Course cohort-edition-course — Spring 2027</option>',
    );
    const fields = {
      cohort: 'Page cohort',
      csv: 'email\npage.cohort@example.org',
      target: 'course',
      course: 'cohort-page-course',
      level: '',
    };
    const preview = await submitForm(agent, '/admin/cohorts', '/admin/cohorts', {
      ...fields,
      action: 'preview',
    });
    expect(preview.status).toBe(200);
    // The course is chosen by its title; the button to apply comes after the lines it applies to.
    expect(preview.text).toMatch(/<option value="cohort-page-course" selected>[^<]+<\/option>/);
    expect(preview.text.indexOf('Enroll 1 student')).toBeGreaterThan(
      preview.text.indexOf('page.cohort@example.org</td>'),
    );
    expect(preview.text).toMatch(
      /<button type="submit" form="cohort-form" name="action" value="apply"/,
    );
    // The preview says what will happen, not what did.
    expect(preview.text).toMatch(/data-label="What will happen">will be enrolled</);
    expect(await EnrollmentModel.countDocuments({ student: student.id })).toBe(0);
    const done = await submitForm(agent, '/admin/cohorts', '/admin/cohorts', {
      ...fields,
      action: 'apply',
    });
    expect(done.text).toContain('enrolled in 1 course');
    expect(await EnrollmentModel.countDocuments({ student: student.id })).toBe(1);
    // Previewed again: nothing to apply, and the page says why instead of offering a button.
    const again = await submitForm(agent, '/admin/cohorts', '/admin/cohorts', {
      ...fields,
      action: 'preview',
    });
    expect(again.text).toMatch(/data-label="What will happen">nothing changes: already enrolled</);
    expect(again.text).not.toContain('Enroll 1 student');
    expect(again.text).toContain('No line can be applied');
  });

  test('a level is previewed as unchanged only for a student already in all its courses; a draft specialization is refused', async () => {
    const admin = await login(['admin']);
    const first = await createPublishedCourse('cohort-level-1', [{ kind: 'lesson', title: 'One' }]);
    const second = await createPublishedCourse('cohort-level-2', [
      { kind: 'lesson', title: 'Two' },
    ]);
    const specialization = await createSpecialization('cohort-spec', [
      { key: 'basic', courses: [first._id, second._id] },
    ]);
    const inOne = await createTestUser({ email: 'in.one@example.org' });
    await createTestUser({ email: 'in.both@example.org' });
    await enrollTestStudent(inOne._id, first._id);
    await post(admin, '/admin/cohorts', {
      cohort: 'Level cohort',
      csv: 'in.both@example.org',
      target: 'level',
      specialization: specialization.slug,
      level: 'basic',
    }).expect(200);
    const preview = await post(admin, '/admin/cohorts/preview', {
      cohort: 'Level cohort',
      csv: 'in.one@example.org\nin.both@example.org',
      target: 'level',
      specialization: specialization.slug,
      level: 'basic',
    }).expect(200);
    expect(preview.body.lines.map((line: { status: string }) => line.status)).toEqual([
      'ready',
      'already',
    ]);

    await SpecializationModel.updateOne({ slug: 'cohort-spec' }, { $set: { status: 'draft' } });
    const refused = await post(admin, '/admin/cohorts/preview', {
      cohort: 'Level cohort',
      csv: 'in.one@example.org',
      target: 'specialization',
      specialization: 'cohort-spec',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        field: 'specialization',
        message:
          'The specialization “cohort-spec” is not published: nobody can be enrolled in it yet.',
      },
    ]);
  });
});
