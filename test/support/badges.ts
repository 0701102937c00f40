// Arranging awards for the credential tests: a one-course level with a badge, a student who
// completes it through the real services and jobs, and such a holder signed in.
import { AwardModel } from '../../badges/awards/award.model';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../courses/progress/progress.service';
import { apiLogin, browser, submitForm, type Agent } from './http';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  testPassword,
} from './factories';
import type { TestCampus } from './test-campus';

/** A published one-lesson course, alone in the basic level of a new specialization, with its badge. */
export async function levelWithBadge(
  admin: { agent: Agent; csrf: string },
  name: string,
  badge: Record<string, unknown> = {},
) {
  const course = await createPublishedCourse(`${name}-course`, [{ kind: 'lesson', title: 'Only' }]);
  const specialization = await createSpecialization(`${name}-spec`, [
    { key: 'basic', courses: [course._id] },
  ]);
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
      alignment: ['ipv6'],
      validForMonths: 36,
      ...badge,
    })
    .expect(201);
  return { course, specialization };
}

/** A new student who enrolls, completes the course, and (once the jobs ran) holds its award. */
export async function studentCompleting(
  campus: TestCampus,
  course: { slug: string; modules: { _id: unknown }[] },
  user: Parameters<typeof createTestUser>[0] = { displayName: 'Camila Ríos' },
) {
  const student = await createTestUser(user);
  const context = campus.context;
  await enrollInCourse(context, student.id as string, course.slug);
  await markModuleDone(context, student.id as string, course.slug, String(course.modules[0]!._id));
  await campus.drainJobs();
  return { student, award: await AwardModel.findOne({ student: student._id }).lean() };
}

/**
 * A student who holds a badge of a new level (`prefix`), signed in in a browser session: what
 * the wallet and Open Badges API tests start from.
 */
export async function signedInHolder(
  campus: TestCampus,
  prefix: string,
  user: Parameters<typeof createTestUser>[0],
) {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, prefix);
  const { student, award } = await studentCompleting(campus, course, user);
  const session = browser(campus.app);
  const login = { email: student.email, password: testPassword };
  if ((await submitForm(session, '/login', '/login', login)).status !== 302)
    throw new Error(`the badge holder ${student.email} could not log in`);
  return { student, award: award!, session };
}
