import { CourseModel } from '../../courses/catalog/course.model';
import { EditionModel, EditionSeatModel } from '../../courses/enrollment/edition.model';
import { EnrollmentModel } from '../../courses/enrollment/enrollment.model';
import { browser, submitForm, apiUser, type ApiUser } from '../support/http';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

type Client = ApiUser;
const login = (roles?: Parameters<typeof apiUser>[1]) => apiUser(campus.app, roles);
const enroll = (client: Client, slug: string, body: object = {}) =>
  client.agent.put(`/api/v1/me/enrollments/${slug}`).set('x-csrf-token', client.csrf).send(body);

async function courseWithEdition(slug: string, capacity: number) {
  const instructor = await login(['instructor']);
  const course = await createPublishedCourse(
    slug,
    [{ kind: 'lesson', title: 'One' }],
    [instructor.id],
  );
  await instructor.agent
    .post(`/api/v1/authoring/courses/${slug}/editions`)
    .set('x-csrf-token', instructor.csrf)
    .send({
      slug: '2027-march',
      title: 'March 2027',
      startsAt: '2027-03-01T00:00:00Z',
      endsAt: '2027-04-30T00:00:00Z',
      capacity,
    })
    .expect(201);
  return { course, instructor };
}

describe('editions', () => {
  test('a course run in editions needs one chosen; a full edition says so clearly and enrolls no one', async () => {
    await courseWithEdition('edition-course', 2);
    const first = await login();
    const noChoice = await enroll(first, 'edition-course');
    expect(noChoice.status).toBe(422);
    expect(noChoice.body.errors).toEqual([
      { field: 'edition', message: 'Choose an edition of this course.' },
    ]);
    await enroll(first, 'edition-course', { edition: '2027-march' }).expect(200);
    // Enrolling twice takes no second seat.
    const again = await enroll(first, 'edition-course', { edition: '2027-march' }).expect(200);
    expect(again.body.alreadyEnrolled).toEqual(['edition-course']);
    await enroll(await login(), 'edition-course', { edition: '2027-march' }).expect(200);

    const late = await login();
    const full = await enroll(late, 'edition-course', { edition: '2027-march' });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({
      code: 'edition_full',
      title: 'This edition is full. Choose another edition if there is one.',
    });
    expect(await EnrollmentModel.countDocuments({ student: late.id })).toBe(0);
    const edition = await EditionModel.findOne({ slug: '2027-march' }).lean();
    expect(await EditionSeatModel.countDocuments({ edition: edition!._id })).toBe(2);

    // Leaving frees the seat for the next student.
    await first.agent
      .delete('/api/v1/me/enrollments/edition-course')
      .set('x-csrf-token', first.csrf)
      .expect(204);
    await enroll(late, 'edition-course', { edition: '2027-march' }).expect(200);
  });

  test('ten students racing for three seats: exactly three get in', async () => {
    await courseWithEdition('race-edition', 3);
    const students = await Promise.all(Array.from({ length: 10 }, () => login()));
    const answers = await Promise.all(
      students.map((s) => enroll(s, 'race-edition', { edition: '2027-march' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
    const course = await CourseModel.findOne({ slug: 'race-edition' }).lean();
    const edition = await EditionModel.findOne({ course: course!._id }).lean();
    expect(await EditionSeatModel.countDocuments({ edition: edition!._id })).toBe(3);
    expect(await EnrollmentModel.countDocuments({ course: course!._id, status: 'active' })).toBe(3);
  });

  test('the course page lists editions with seats left and shows a full edition’s message', async () => {
    await courseWithEdition('page-edition', 1);
    const user = await createTestUser();
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    const page = await agent.get('/courses/page-edition').expect(200);
    expect(page.text).toContain('1 of 1 seats left');
    await submitForm(agent, '/courses/page-edition', '/courses/page-edition/enroll', {
      edition: '2027-march',
    });
    const other = await createTestUser();
    const otherAgent = browser(campus.app);
    await submitForm(otherAgent, '/login', '/login', {
      email: other.email,
      password: testPassword,
    });
    const fullPage = await otherAgent.get('/courses/page-edition').expect(200);
    expect(fullPage.text).toContain('This edition is full.');
    const refused = await submitForm(
      otherAgent,
      '/courses/page-edition',
      '/courses/page-edition/enroll',
      { edition: '2027-march' },
    );
    expect(refused.status).toBe(302);
    expect((await otherAgent.get('/courses/page-edition')).text).toContain('This edition is full.');
    expect(await EnrollmentModel.countDocuments({ student: other.id })).toBe(0);
  });

  test('a restricted course is closed to self-enrolment (the cohort tests cover the all-courses grant that opens it)', async () => {
    const { instructor } = await courseWithEdition('restricted-course', 0);
    await instructor.agent
      .put('/api/v1/authoring/courses/restricted-course/enrollment-policy')
      .set('x-csrf-token', instructor.csrf)
      .send({ policy: 'restricted' })
      .expect(200);
    const student = await login();
    const closed = await enroll(student, 'restricted-course', { edition: '2027-march' });
    expect(closed.status).toBe(403);
    expect(closed.body.code).toBe('enrollment_closed');
  });

  test('an instructor schedules an edition from the course page; an end before the start is refused', async () => {
    const instructorUser = await createTestUser({ roles: ['instructor'] });
    await createPublishedCourse(
      'paged-editions',
      [{ kind: 'lesson', title: 'One' }],
      [instructorUser.id as string],
    );
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', {
      email: instructorUser.email,
      password: testPassword,
    });
    const edition = {
      title: 'May 2027',
      slug: '2027-may',
      startsAt: '2027-05-01T09:00',
      capacity: '30',
    };
    const bad = await submitForm(
      agent,
      '/teach/courses/paged-editions',
      '/teach/courses/paged-editions/editions',
      {
        ...edition,
        endsAt: '2027-04-01T09:00',
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('The edition must end after it starts.');
    expect(await EditionModel.countDocuments({ slug: '2027-may' })).toBe(0);
    const good = await submitForm(
      agent,
      '/teach/courses/paged-editions',
      '/teach/courses/paged-editions/editions',
      {
        ...edition,
        endsAt: '2027-06-30T09:00',
      },
    );
    expect(good.status).toBe(302);
    expect((await agent.get('/courses/paged-editions')).text).toContain('30 of 30 seats left');
  });
});
