// A course's level placement decides what that level's badge certifies and who is awarded it, so
// only an admin may change it; a course's own instructors see it read-only (page and API).
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  testPassword,
} from '../support/factories';
import { apiLogin, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;

beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(async () => {
  await campus.close();
});

async function placedCourse(slug: string) {
  const instructor = await createTestUser({ roles: ['instructor'] });
  const course = await createPublishedCourse(
    slug,
    [{ kind: 'lesson', title: 'One' }],
    [String(instructor._id)],
  );
  const specialization = await createSpecialization(`${slug}-spec`, [
    { key: 'basic', courses: [course._id] },
    { key: 'intermediate', courses: [] },
  ]);
  return { instructor, course, specialization };
}

const levelsOf = async (slug: string) =>
  (await SpecializationModel.findOne({ slug }).lean())!.levels.map((level) => [
    level.key,
    level.courses.map(String),
  ]);

/** The course details form as the factory's course fills it (placement fields added by each test). */
const detailsFormOf = (slug: string) => ({
  title: `Course ${slug}`,
  summary: 'A test course.',
  description: 'A test course.',
  language: 'en',
  hours: '2',
  policy: 'open',
});

async function pageLogin(email: string) {
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email, password: testPassword });
  return agent;
}

test('when a course’s instructor tries to move it out of its level, by the form or the API, it is refused with 403 and nothing changes', async () => {
  const { instructor, course, specialization } = await placedCourse('place-instructor');
  const before = await levelsOf(specialization.slug);

  const agent = await pageLogin(instructor.email);
  const page = await agent.get(`/teach/courses/${course.slug}`).expect(200);
  // Read-only: the placement is shown, with no field to change it.
  expect(page.text).not.toContain('name="specialization"');
  expect(page.text).toContain(`Specialization ${specialization.slug}`);
  // A crafted form with placement fields saves the rest and leaves the placement alone.
  for (const placement of [
    { specialization: '', level: '' },
    { specialization: specialization.slug, level: 'intermediate' },
  ]) {
    const saved = await submitForm(
      agent,
      `/teach/courses/${course.slug}`,
      `/teach/courses/${course.slug}`,
      {
        ...detailsFormOf(course.slug),
        ...placement,
      },
    );
    expect(saved.status).toBe(302);
  }

  const api = await apiLogin(campus.app, { email: instructor.email, password: testPassword });
  await api.agent
    .put(`/api/v1/authoring/courses/${course.slug}/placement`)
    .set('x-csrf-token', api.csrf)
    .send({ specialization: specialization.slug, level: 'intermediate' })
    .expect(403);
  await api.agent
    .put(`/api/v1/authoring/courses/${course.slug}/placement`)
    .set('x-csrf-token', api.csrf)
    .send({})
    .expect(403);

  expect(await levelsOf(specialization.slug)).toEqual(before);
  expect(
    await AuditEntryModel.exists({ action: 'course.placement_changed', course: course._id }),
  ).toBeNull();
});

test('when an admin moves a course between levels, by the form or the API, it moves and is audited', async () => {
  const { course, specialization } = await placedCourse('place-admin');
  const admin = await createTestUser({ roles: ['admin'] });

  const agent = await pageLogin(admin.email);
  const page = await agent.get(`/teach/courses/${course.slug}`).expect(200);
  expect(page.text).toContain('name="specialization"');
  await submitForm(agent, `/teach/courses/${course.slug}`, `/teach/courses/${course.slug}`, {
    ...detailsFormOf(course.slug),
    specialization: specialization.slug,
    level: 'intermediate',
  }).then((response) => expect(response.status).toBe(302));
  expect(await levelsOf(specialization.slug)).toEqual([
    ['basic', []],
    ['intermediate', [String(course._id)]],
  ]);

  const api = await apiLogin(campus.app, { email: admin.email, password: testPassword });
  await api.agent
    .put(`/api/v1/authoring/courses/${course.slug}/placement`)
    .set('x-csrf-token', api.csrf)
    .send({})
    .expect(200);
  expect(await levelsOf(specialization.slug)).toEqual([
    ['basic', []],
    ['intermediate', []],
  ]);
  expect(
    await AuditEntryModel.countDocuments({
      action: 'course.placement_changed',
      course: course._id,
    }),
  ).toBe(2);
});
