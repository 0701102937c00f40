import request from 'supertest';
import { EnrollmentModel } from '../../courses/enrollment/enrollment.model';
import { seedDemoCampus } from '../../server/seed';
import { apiClient, browser, submitForm, type Agent } from '../support/http';
import { createTestUser, testPassword, createDraftCourse } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  await seedDemoCampus(campus.context.logger);
});
afterAll(() => campus.close());

async function loggedInStudent(): Promise<{ agent: Agent; userId: string }> {
  const user = await createTestUser();
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
  return { agent, userId: user.id as string };
}

const slugsOn = (html: string) =>
  [...html.matchAll(/<h3 class="card-title"><a href="\/courses\/([^"]+)"/g)].map((m) => m[1]);
const dashboardTitles = async (agent: Agent) =>
  slugsOn((await agent.get('/dashboard').expect(200)).text);

describe('enrolling from the pages', () => {
  test('when a student enrolls in a course, the course page and the dashboard show it; enrolling again changes nothing', async () => {
    const { agent, userId } = await loggedInStudent();
    const first = await submitForm(
      agent,
      '/courses/ipv6-fundamentals',
      '/courses/ipv6-fundamentals/enroll',
      {},
    );
    expect(first.headers.location).toBe('/courses/ipv6-fundamentals');
    const page = await agent.get('/courses/ipv6-fundamentals').expect(200);
    // Said once (the message of the enrolment), not again by the page's standing line.
    expect(page.text.split('You are enrolled in this course.')).toHaveLength(2);
    const later = await agent.get('/courses/ipv6-fundamentals').expect(200);
    expect(later.text).toContain('<p class="notice-inline">You are enrolled in this course.</p>');
    expect(page.text).toContain('Leave this course');
    expect(await dashboardTitles(agent)).toEqual(['ipv6-fundamentals']);

    await submitForm(agent, '/courses/ipv6-fundamentals', '/courses/ipv6-fundamentals/enroll', {});
    expect((await agent.get('/courses/ipv6-fundamentals')).text).toContain(
      'You were already enrolled in this course.',
    );
    expect(await EnrollmentModel.countDocuments({ student: userId })).toBe(1);
  });

  test('enrolling in a level enrolls in each of its courses; then the specialization adds only the rest', async () => {
    const { agent, userId } = await loggedInStudent();
    const level = '/specializations/isp-network-operation/levels/basic';
    await submitForm(agent, level, `${level}/enroll`, {});
    const afterLevel = (await agent.get('/dashboard').expect(200)).text;
    expect(afterLevel).toContain('You are enrolled in the Basic level (3 courses).');
    expect(slugsOn(afterLevel).sort()).toEqual([
      'dns-dnssec-fundamentals',
      'ipv6-fundamentals',
      'network-management-basics',
    ]);

    const specialization = '/specializations/isp-network-operation';
    await submitForm(agent, specialization, `${specialization}/enroll`, {});
    const afterSpecialization = (await agent.get('/dashboard').expect(200)).text;
    expect(afterSpecialization).toContain('You are enrolled in the specialization (7 courses).');
    expect(slugsOn(afterSpecialization)).toHaveLength(10);
    expect(await EnrollmentModel.countDocuments({ student: userId })).toBe(10);
    const sources = await EnrollmentModel.find({ student: userId }).distinct('source');
    expect(sources.sort()).toEqual(['level', 'specialization']);
  });

  test('when a student leaves a course and comes back, it is the same enrolment, with its first date kept', async () => {
    const { agent, userId } = await loggedInStudent();
    await submitForm(
      agent,
      '/courses/delegated-rpki-krill',
      '/courses/delegated-rpki-krill/enroll',
      {},
    );
    const before = await EnrollmentModel.findOne({ student: userId }).lean();

    // Without the confirming tick nothing happens.
    await submitForm(
      agent,
      '/courses/delegated-rpki-krill',
      '/courses/delegated-rpki-krill/unenroll',
      {},
    );
    expect((await EnrollmentModel.findOne({ student: userId }).lean())?.status).toBe('active');
    await submitForm(
      agent,
      '/courses/delegated-rpki-krill',
      '/courses/delegated-rpki-krill/unenroll',
      { confirm: 'yes' },
    );
    expect(await dashboardTitles(agent)).toEqual([]);
    expect((await EnrollmentModel.findOne({ student: userId }).lean())?.status).toBe('withdrawn');

    await submitForm(
      agent,
      '/courses/delegated-rpki-krill',
      '/courses/delegated-rpki-krill/enroll',
      {},
    );
    const after = await EnrollmentModel.findOne({ student: userId }).lean();
    expect(after?._id).toEqual(before?._id);
    expect(after?.status).toBe('active');
    expect(after?.enrolledAt).toEqual(before?.enrolledAt);
  });

  test('a visitor is asked to log in instead of enrolling, and a posted enrol without a session creates nothing', async () => {
    const page = await request(campus.app).get('/courses/ipv6-fundamentals').expect(200);
    expect(page.text).toContain('href="/login?next=%2Fcourses%2Fipv6-fundamentals"');
    const enrollmentsBefore = await EnrollmentModel.countDocuments();
    const response = await submitForm(
      browser(campus.app),
      '/login',
      '/courses/ipv6-fundamentals/enroll',
      {},
    );
    expect(response.status).toBe(302);
    expect(response.headers.location).toMatch(/^\/login\?next=/);
    expect(await EnrollmentModel.countDocuments()).toBe(enrollmentsBefore);
  });

  test('an unpublished course cannot be enrolled in', async () => {
    await createDraftCourse('draft-course');
    const { agent, userId } = await loggedInStudent();
    const response = await submitForm(
      agent,
      '/courses/ipv6-fundamentals',
      '/courses/draft-course/enroll',
      {},
    );
    expect(response.status).toBe(404);
    expect(await EnrollmentModel.countDocuments({ student: userId })).toBe(0);
  });
});

describe('enrolling through the API', () => {
  async function apiStudent() {
    const user = await createTestUser();
    const { agent, csrf } = await apiClient(campus.app);
    const login = await agent
      .post('/api/v1/auth/login')
      .set('x-csrf-token', csrf)
      .send({ email: user.email, password: testPassword });
    return { agent, csrf: login.body.csrfToken as string, userId: user.id as string };
  }

  test('PUT enrolls once: a repeat says already enrolled, and five at once still make one enrolment', async () => {
    const { agent, csrf, userId } = await apiStudent();
    const first = await agent
      .put('/api/v1/me/enrollments/dns-dnssec-fundamentals')
      .set('x-csrf-token', csrf)
      .expect(200);
    expect(first.body).toEqual({
      enrolled: ['dns-dnssec-fundamentals'],
      alreadyEnrolled: [],
      skipped: [],
    });
    const again = await agent
      .put('/api/v1/me/enrollments/dns-dnssec-fundamentals')
      .set('x-csrf-token', csrf)
      .expect(200);
    expect(again.body).toEqual({
      enrolled: [],
      alreadyEnrolled: ['dns-dnssec-fundamentals'],
      skipped: [],
    });

    const burst = await Promise.all(
      Array.from({ length: 5 }, () =>
        agent.put('/api/v1/me/enrollments/building-ipv6-only-network').set('x-csrf-token', csrf),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(burst.filter((r) => r.body.enrolled.length === 1)).toHaveLength(1);
    expect(await EnrollmentModel.countDocuments({ student: userId })).toBe(2);

    const list = await agent.get('/api/v1/me/enrollments').expect(200);
    expect(
      list.body.enrollments.map((e: { course: { slug: string } }) => e.course.slug).sort(),
    ).toEqual(['building-ipv6-only-network', 'dns-dnssec-fundamentals']);

    await agent
      .delete('/api/v1/me/enrollments/dns-dnssec-fundamentals')
      .set('x-csrf-token', csrf)
      .expect(204);
    const after = await agent.get('/api/v1/me/enrollments').expect(200);
    expect(after.body.enrollments).toHaveLength(1);
  });

  test('a level enrolment returns what was enrolled; unknown levels and courses are 404 problems', async () => {
    const { agent, csrf } = await apiStudent();
    const level = await agent
      .put('/api/v1/me/specializations/isp-network-operation/levels/advanced/enrollment')
      .set('x-csrf-token', csrf)
      .expect(200);
    expect(level.body.enrolled).toEqual([
      'advanced-network-management',
      'secure-routing-automation-lab',
      'delegated-rpki-krill',
      'building-ipv6-only-network',
    ]);
    const badLevel = await agent
      .put('/api/v1/me/specializations/isp-network-operation/levels/expert/enrollment')
      .set('x-csrf-token', csrf);
    expect(badLevel.status).toBe(404);
    expect(badLevel.body.code).toBe('not_found');
    await agent.put('/api/v1/me/enrollments/no-such-course').set('x-csrf-token', csrf).expect(404);
  });

  test('without a session the API answers 401, and without a CSRF token 403, changing nothing', async () => {
    await request(campus.app).get('/api/v1/me/enrollments').expect(401);
    const { agent, userId } = await apiStudent();
    const response = await agent.put('/api/v1/me/enrollments/ipv6-fundamentals');
    expect(response.status).toBe(403);
    expect(await EnrollmentModel.countDocuments({ student: userId })).toBe(0);
  });
});
